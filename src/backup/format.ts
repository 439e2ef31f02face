/**
 * The backup file format, in one place so `backup`, `restore` and the tests agree: JSON lines, a
 * header first (format, version, prefix, time, counts), one line per record, and an `end` line with
 * the exact counts, so a truncated file is told apart from a complete one. Keys are stored without
 * the prefix, so a backup can be restored under another prefix when asked.
 */
import { z } from 'zod';

/** The `format` of every backup header. */
export const BACKUP_FORMAT = 'endorse-backup';
/** The newest format version this code writes and reads. */
export const BACKUP_VERSION = 1;

/** Redis values as strings: hash fields, list elements, set members, `[member, score]` pairs. */
const fields = z.record(z.string(), z.string());
const strings = z.array(z.string());

export const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  prefix: z.string().min(1),
  createdAt: z.string(),
  /** Sizes when the dump started (ZCARD of the message and item indexes); the `end` line has the exact counts. */
  counts: z.object({ messages: z.number().int().nonnegative(), items: z.number().int().nonnegative() }),
});
export type BackupHeader = z.infer<typeof headerSchema>;

/** One message record: its hash and its place in the message index. */
const messageRecord = z.object({ t: z.literal('message'), key: z.string().min(1), score: z.number(), hash: fields });
/** One endorsement item: hash (with `version`), history entries as stored, and its index score. */
const itemRecord = z.object({ t: z.literal('item'), id: z.string().min(1), score: z.number(), version: z.number().int().nonnegative(), hash: fields, history: strings });
/** One question of the questions inbox: hash (with `state`), log entries as stored, and its score. */
const inboxRecord = z.object({ t: z.literal('inbox'), id: z.string().min(1), score: z.number(), hash: fields, log: strings });
/** Any other key, by type; `expiresAt` (epoch ms) for keys with a time to live. */
const keyRecord = z.discriminatedUnion('type', [
  z.object({ t: z.literal('key'), key: z.string().min(1), type: z.literal('string'), value: z.string(), expiresAt: z.number().optional() }),
  z.object({ t: z.literal('key'), key: z.string().min(1), type: z.literal('hash'), value: fields, expiresAt: z.number().optional() }),
  z.object({ t: z.literal('key'), key: z.string().min(1), type: z.literal('list'), value: strings, expiresAt: z.number().optional() }),
  z.object({ t: z.literal('key'), key: z.string().min(1), type: z.literal('set'), value: strings, expiresAt: z.number().optional() }),
  z.object({ t: z.literal('key'), key: z.string().min(1), type: z.literal('zset'), value: z.array(z.tuple([z.string(), z.number()])), expiresAt: z.number().optional() }),
]);

export const RECORD_TYPES = ['message', 'item', 'inbox', 'key'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export type Counts = Record<RecordType, number>;

const endRecord = z.object({ t: z.literal('end'), counts: z.object({ message: z.number(), item: z.number(), inbox: z.number(), key: z.number() }) });

export const recordSchema = z.union([messageRecord, itemRecord, inboxRecord, keyRecord, endRecord]);
export type BackupLine = z.infer<typeof recordSchema>;
export type BackupRecord = Exclude<BackupLine, { t: 'end' }>;
export type KeyRecord = z.infer<typeof keyRecord>;
export type ItemRecord = z.infer<typeof itemRecord>;
export type MessageRecordLine = z.infer<typeof messageRecord>;
export type InboxRecord = z.infer<typeof inboxRecord>;

/** A file that is not a backup this code can read, or is damaged; `message` says which line and why. */
export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

/** Zero of every record type. */
export const noCounts = (): Counts => ({ message: 0, item: 0, inbox: 0, key: 0 });

/**
 * Parse the first line of a file as a backup header.
 * @throws BackupFormatError naming what is wrong (not JSON, another format, a newer version)
 */
export function parseHeader(line: string | undefined, file: string): BackupHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(line ?? '');
  } catch {
    throw new BackupFormatError(`${file} is not an endorse backup: its first line is not JSON`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) throw new BackupFormatError(`${file} is not an endorse backup: its first line has format ${JSON.stringify(format ?? null)}, not "${BACKUP_FORMAT}"`);
  const h = headerSchema.safeParse(raw);
  if (!h.success) throw new BackupFormatError(`${file}: the backup header is damaged (${h.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  if (h.data.version > BACKUP_VERSION) throw new BackupFormatError(`${file} is a backup of format version ${h.data.version}; this version of endorse reads up to ${BACKUP_VERSION}: restore it with a newer endorse`);
  return h.data;
}

/**
 * Parse one record line (line numbers count from 1, the header being line 1).
 * @throws BackupFormatError naming the line
 */
export function parseRecord(line: string, n: number, file: string): BackupLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new BackupFormatError(`${file} line ${n} is not JSON: the backup is damaged`);
  }
  const r = recordSchema.safeParse(raw);
  if (!r.success) throw new BackupFormatError(`${file} line ${n} is not a backup record (${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')}): the backup is damaged`);
  return r.data;
}
