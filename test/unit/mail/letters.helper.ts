/**
 * Builders for attached letters in tests: ZIP archives (DOCX, ODT), PDFs with one content stream,
 * and compression bombs made in milliseconds (one full-flushed deflate chunk of zeros, repeated).
 */
import { deflateRawSync, constants } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipFile {
  name: string;
  data: Buffer;
  /** Already deflated bytes and the size they claim (for bombs); otherwise `data` is deflated here. */
  raw?: { deflated: Buffer; claimedSize: number };
}

/** A ZIP archive (deflate, no ZIP64) as office suites write them. */
export function zip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const body = f.raw ? f.raw.deflated : deflateRawSync(f.data);
    const size = f.raw ? f.raw.claimedSize : f.data.length;
    const crc = f.raw ? 0 : crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A DOCX whose body is the given WordprocessingML (paragraphs, tables). */
export function docx(bodyXml: string): Buffer {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${bodyXml}</w:body></w:document>`;
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'word/document.xml', data: Buffer.from(xml, 'utf8') },
  ]);
}

export const wp = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
export const wtable = (rows: string[][]) =>
  `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:tcPr/>${wp(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

/** An ODT whose office:text is the given XML. */
export function odt(textXml: string): Buffer {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
  const xml = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:body><office:text>${textXml}</office:text></office:body></office:document-content>`;
  return zip([
    { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text') },
    { name: 'content.xml', data: Buffer.from(xml, 'utf8') },
  ]);
}

/** Raw deflate of `chunks` x 64 MiB of zeros, without the final block: ~65 kB per 64 MiB. */
function zeroChunks(chunks: number): Buffer[] {
  const one = deflateRawSync(Buffer.alloc(64 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Array<Buffer>(chunks).fill(one);
}
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** Raw deflate stream that inflates to `chunks` x 64 MiB of zeros. */
export function deflatedZeros(chunks: number): Buffer {
  return Buffer.concat([...zeroChunks(chunks), FINAL_EMPTY_BLOCK]);
}

/** The same as a zlib stream (FlateDecode in a PDF), with its Adler-32 trailer. */
export function zlibZeros(chunks: number): Buffer {
  const total = chunks * (64 << 20);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...zeroChunks(chunks), FINAL_EMPTY_BLOCK, adler]);
}

/** A one-page PDF whose content stream is `stream` (already encoded with `filter`, if any). */
export function pdf(stream: Buffer, filter = ''): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const add = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(length);
    add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`));
  });
  offsets.push(length);
  add(Buffer.from(`4 0 obj\n<< /Length ${stream.length}${filter ? ` /Filter ${filter}` : ''} >>\nstream\n`));
  add(stream);
  add(Buffer.from('\nendstream\nendobj\n'));
  offsets.push(length);
  add(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n'));
  const xref = length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  add(Buffer.from(`xref\n0 6\n0000000000 65535 f \n${rows}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A PDF that says `lines`, one text line each. */
export function textPdf(lines: string[]): Buffer {
  const ops = lines.map((l, i) => `BT /F1 12 Tf 72 ${720 - i * 16} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`).join('\n');
  return pdf(Buffer.from(ops, 'latin1'));
}

/** A PDF locked with a user password (standard security handler): nobody can read it without one. */
export function encryptedPdf(): Buffer {
  const hex = 'ab'.repeat(32);
  const id = '0123456789abcdef'.repeat(2);
  const plain = textPdf(['Secret']).toString('latin1');
  const trailer = `trailer\n<< /Size 6 /Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <${hex}> /U <${hex}> /P -4 >> /ID [<${id}><${id}>] >>`;
  return Buffer.from(plain.replace('trailer\n<< /Size 6 /Root 1 0 R >>', trailer), 'latin1');
}
