/**
 * One named file out of a ZIP archive (a DOCX or ODT letter), bounded by construction: the central
 * directory is read from the end, never trusted beyond the buffer, and the one entry wanted is inflated
 * with a hard output cap, so a zip bomb costs at most that cap. No ZIP library is installed; a letter
 * needs none of ZIP64, encryption or multi-disk archives, and those are refused with a reason.
 */
import { inflateRawSync } from 'node:zlib';

/** Why an entry could not be read; the message is meant for a reviewer. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** Letters hold a handful of parts; more entries than this is not a letter. */
const MAX_ENTRIES = 5_000;

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries listed by the archive's central directory. Throws ZipError when it is not one. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const eocd = findEnd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archive: not supported for letters');
  if (count > MAX_ENTRIES) throw new ZipError(`archive lists ${count} files: not a letter`);
  if (cdOffset + cdSize > buf.length) throw new ZipError('archive directory lies outside the file (truncated?)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipError('archive directory is damaged');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > buf.length) throw new ZipError('archive directory is damaged');
    entries.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function findEnd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_SEARCH);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw new ZipError('not a ZIP archive');
}

/**
 * The bytes of one entry, at most `maxBytes` once decompressed, whatever its header claims: the
 * inflater stops at the cap (a zip bomb), and a larger declared size is refused before inflating.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.flags & 1) throw new ZipError('the document is encrypted');
  if (entry.size > maxBytes) throw new ZipError(`${entry.name} would unpack to ${mb(entry.size)}, over the ${mb(maxBytes)} limit`);
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) throw new ZipError('archive entry is damaged');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipError('archive entry runs past the end of the file (truncated?)');
  const data = buf.subarray(start, end);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method !== 8) throw new ZipError(`compression method ${entry.method} is not supported`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ZipError(`${entry.name} unpacks to more than ${mb(maxBytes)} (a compression bomb?)`);
    }
    throw new ZipError(`${entry.name} is damaged: ${(err as Error).message}`);
  }
}

function mb(n: number): string {
  return `${(n / 1_048_576).toFixed(1)} MB`;
}
