/**
 * Puts a backup back into Redis. The whole file is read and checked first (header, every line, the
 * end line and its counts), so a damaged or foreign file changes nothing. Then each record goes back
 * through scripts.ts: into an empty Redis everything returns; into one with newer state nothing
 * newer is overwritten (higher item versions win; other records only where missing, unless forced).
 * Running it twice changes nothing the second time. BullMQ jobs are not restored: the worker's
 * start-up repair queues every reply still owed.
 */
import type Redis from 'ioredis';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BackupFormatError, noCounts, parseHeader, parseRecord, RECORD_TYPES, type BackupHeader, type BackupRecord, type Counts, type KeyRecord } from './format';
import { MERGED_HASHES, restoredValue } from './keys';
import { RESTORE_INBOX, RESTORE_ITEM, RESTORE_KEY, RESTORE_MESSAGE } from './scripts';

/** The backup was made under another QUEUE_PREFIX and the caller did not allow that. */
export class BackupPrefixError extends Error {
  override name = 'BackupPrefixError';
}

export interface RestoreOptions {
  /** Overwrite existing records and keys other than items (items always keep the higher version). */
  force?: boolean;
  /** Restore a backup made under another prefix into this one. */
  otherPrefix?: boolean;
}

/** What a restore did, per record type. */
export interface RestoreResult {
  header: BackupHeader;
  /** Written where nothing was. */
  added: Counts;
  /** Written over what was there: an older item version, or (forced) any other record. */
  replaced: Counts;
  /** Left as they were: newer or equal item versions, existing records and keys. */
  kept: Counts;
  /** Hashes of independent entries (dedupe keys) that gained missing fields. */
  merged: number;
  /** Keys whose time to live ran out since the backup: not written. */
  expired: number;
}

/** Records applied per round trip (each is one script call; the client pipelines a round). */
const BATCH = 200;

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

/** Every record of a checked file, in order (the header and the end line left out). */
async function* records(file: string): AsyncGenerator<BackupRecord> {
  let n = 0;
  for await (const line of lines(file)) {
    n++;
    if (n === 1 || !line) continue;
    const r = parseRecord(line, n, file);
    if (r.t !== 'end') yield r;
  }
}

/**
 * Read the whole file once and check it: a header of our format and version, every line a record,
 * an end line last whose counts match. Nothing is written.
 * @throws BackupFormatError saying what is wrong and where
 */
export async function checkBackup(file: string): Promise<{ header: BackupHeader; counts: Counts }> {
  let header: BackupHeader | null = null;
  let end: Counts | null = null;
  const counts = noCounts();
  let n = 0;
  for await (const line of lines(file)) {
    n++;
    if (n === 1) {
      header = parseHeader(line, file);
      continue;
    }
    if (!line) continue;
    if (end) throw new BackupFormatError(`${file} line ${n}: a record after the end line: the backup is damaged`);
    const r = parseRecord(line, n, file);
    if (r.t === 'end') end = r.counts;
    else counts[r.t]++;
  }
  if (!header) throw new BackupFormatError(`${file} is empty: not an endorse backup`);
  if (!end) throw new BackupFormatError(`${file} has no end line: the backup is incomplete (cut short while it was written or copied)`);
  for (const t of RECORD_TYPES) {
    if (end[t] !== counts[t]) throw new BackupFormatError(`${file}: the end line counts ${end[t]} ${t} records but the file holds ${counts[t]}: the backup is damaged`);
  }
  return { header, counts };
}

/**
 * Check `file` and that it may go under `prefix`, touching no server: a command checks before it
 * connects, since connecting alone writes queue metadata into Redis.
 * @throws BackupFormatError, BackupPrefixError
 */
export async function checkRestorable(file: string, prefix: string, opts: RestoreOptions = {}): Promise<BackupHeader> {
  const { header } = await checkBackup(file);
  if (header.prefix !== prefix && !opts.otherPrefix) {
    throw new BackupPrefixError(`${file} is a backup of prefix "${header.prefix}", not of QUEUE_PREFIX "${prefix}": set QUEUE_PREFIX=${header.prefix}, or pass --other-prefix to restore it under "${prefix}"`);
  }
  return header;
}

/** One record as a script call; resolves the script's answer. */
function apply(redis: Redis, prefix: string, r: BackupRecord, force: boolean, now: number): Promise<unknown> | 'expired' {
  const f = force ? '1' : '0';
  const flat = (h: Record<string, string>) => Object.entries(h).flat();
  switch (r.t) {
    case 'item': {
      const h = flat(r.hash);
      return RESTORE_ITEM.run(redis, [], [prefix, r.id, r.score, r.version, h.length / 2, ...h, ...r.history]);
    }
    case 'message':
      return RESTORE_MESSAGE.run(redis, [], [prefix, r.key, r.score, f, ...flat(r.hash)]);
    case 'inbox': {
      const h = flat(r.hash);
      return RESTORE_INBOX.run(redis, [], [prefix, r.id, r.score, f, h.length / 2, ...h, ...r.log]);
    }
    case 'key':
      return r.expiresAt !== undefined && r.expiresAt <= now ? 'expired' : applyKey(redis, prefix, r, force);
  }
}

/**
 * Values per script call: a big hash (the dedupe keys of every item) goes in several calls, as
 * one call's arguments are spread on the stack. Even, so hash and zset pairs stay whole.
 */
const CHUNK = 10_000;

/** A key, in chunks: the first call decides (added, replaced, kept, merged), the others follow it. */
async function applyKey(redis: Redis, prefix: string, r: KeyRecord, force: boolean): Promise<unknown> {
  const value = r.type === 'string' ? [restoredValue(r.key, r.value)]
    : r.type === 'hash' ? Object.entries(r.value).flat()
      : r.type === 'zset' ? r.value.flatMap(([m, s]) => [String(s), m])
        : r.value;
  const merge = r.type === 'hash' && MERGED_HASHES.includes(r.key) ? '1' : '0';
  const call = (mode: string, part: string[]) => RESTORE_KEY.run(redis, [], [`${prefix}:${r.key}`, r.type, mode, merge, r.expiresAt ?? '', ...part]);
  let outcome = await call(force ? 'force' : 'missing', value.slice(0, CHUNK));
  for (let i = CHUNK; i < value.length; i += CHUNK) {
    const part = value.slice(i, i + CHUNK);
    if (outcome === 'added' || outcome === 'replaced') await call('more', part);
    else if (merge === '1' && (await call('missing', part)) === 'merged') outcome = 'merged';
  }
  return outcome;
}

/**
 * Check `file`, then restore it under `prefix`.
 * @throws BackupFormatError (nothing written), BackupPrefixError (nothing written)
 */
export async function restoreBackup(redis: Redis, prefix: string, file: string, opts: RestoreOptions = {}, checked?: BackupHeader): Promise<RestoreResult> {
  const header = checked ?? await checkRestorable(file, prefix, opts);
  const result: RestoreResult = { header, added: noCounts(), replaced: noCounts(), kept: noCounts(), merged: 0, expired: 0 };
  const tally = (t: BackupRecord['t'], outcome: unknown) => {
    if (outcome === 'added') result.added[t]++;
    else if (outcome === 'replaced') result.replaced[t]++;
    else if (outcome === 'merged') result.merged++;
    else if (outcome === 'expired') result.expired++;
    else result.kept[t]++;
  };
  let batch: BackupRecord[] = [];
  const flush = async () => {
    const now = Date.now();
    const answers = await Promise.all(batch.map((r) => apply(redis, prefix, r, Boolean(opts.force), now)));
    batch.forEach((r, i) => tally(r.t, answers[i]));
    batch = [];
  };
  for await (const r of records(file)) {
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return result;
}
