/**
 * `endorse import --since DATE [--until DATE] [--folder NAME] [--file]`: takes mail already in the
 * mailbox in for review, through the same understanding and store as intake and under the same
 * message keys (so importing twice, or importing what intake took, adds nothing twice). Records are
 * marked imported, and the reply policy never acknowledges them. Mail stays where it is unless `--file`.
 */
import type { Container } from '../container';
import { isCalendarDate } from '../config';
import { closeConnection, openConnection } from '../intake/connection';
import { readCursor } from '../intake/cursor';
import { DEFAULT_BATCH_BYTES } from '../intake/fetch-plan';
import { readHistory, type HistoryRange } from '../intake/history';
import { readStart } from '../intake/start';
import type { FetchedMessage } from '../intake/types';
import { processIntake, type IntakeDeps } from '../jobs/intake';
import { rawKey, type IntakePayload } from '../jobs/queues';
import { UsageError, withContainer } from './context';
import { createProgress, type Progress, type ProgressStream } from './progress';

export interface ImportOptions {
  since: string;
  until?: string;
  /** The folder to read (default: the watched one, IMAP_MAILBOX). */
  folder?: string;
  /** File imported mail into the folders as intake would (default: leave it in place). */
  file?: boolean;
}

/** What an import did, printed as JSON on stdout. */
export interface ImportResult {
  folder: string;
  uidValidity: string;
  /** Messages in the range that were read. */
  found: number;
  /** Of those, new to the store. */
  created: number;
  /** Of those, already in the store (an earlier import, or intake). */
  existing: number;
  /** Endorsements (items) the new records brought for review. */
  endorsements: number;
  /** Messages in the range newer than the watcher's cursor: intake takes (and may acknowledge) them. */
  leftToIntake: number;
  /** Whether imported mail will be filed by the worker (`--file`). */
  filing: boolean;
}

function checkOptions(o: ImportOptions): void {
  for (const [flag, v] of [['--since', o.since], ['--until', o.until]] as const) {
    if (v !== undefined && !isCalendarDate(v)) throw new UsageError(`${flag} must be a date YYYY-MM-DD, not "${v}"`);
  }
  if (o.until && o.until < o.since) throw new UsageError(`--until ${o.until} is before --since ${o.since}`);
}

/**
 * The highest UID of `folder` the import may take: in the watched folder, once the watcher has begun
 * there, only up to its cursor (what lies above is new mail, intake's to take and acknowledge); null
 * when there is no limit (another folder, or a mailbox the watcher never read).
 */
async function importLimit(c: Container, folder: string, uidValidity: string): Promise<number | null> {
  if (folder !== c.config.IMAP_MAILBOX) return null;
  const prefix = c.config.QUEUE_PREFIX;
  const cursor = await readCursor(c.redis, prefix, folder, uidValidity);
  const start = await readStart(c.redis, prefix, folder);
  return cursor > 0 || start?.uidValidity === uidValidity ? cursor : null;
}

/** Run `fn` over `list` with at most `limit` at once. */
async function pool<T>(list: readonly T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < list.length; i = next++) await fn(list[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, lane));
}

/** Import the history in `opts` through `c`, with progress on `progressOut`. */
export async function importHistory(c: Container, opts: ImportOptions, progressOut: ProgressStream): Promise<ImportResult> {
  checkOptions(opts);
  const folder = opts.folder ?? c.config.IMAP_MAILBOX;
  if (opts.file && folder !== c.config.IMAP_MAILBOX) {
    throw new UsageError(`--file files mail in the watched folder (${c.config.IMAP_MAILBOX}) only; mail imported from "${folder}" stays where it is`);
  }
  const deps: IntakeDeps = { ...c.intakeDeps, filing: Boolean(opts.file) };
  const { prefix } = deps;
  const ttl = c.config.RAW_TTL_HOURS * 3600;
  const range: HistoryRange = { since: opts.since, ...(opts.until ? { until: opts.until } : {}) };
  const counts = { created: 0, existing: 0, endorsements: 0 };
  // Set once the total is known (a holder: the callbacks below assign and read it).
  const bar: { progress?: Progress; done: number } = { done: 0 };

  const take = async (m: FetchedMessage): Promise<void> => {
    const job: IntakePayload = {
      key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid, size: m.size,
      receivedAt: m.receivedAt.toISOString(), oversized: m.oversized, imported: true,
    };
    // Staged as intake stages it: the intake job reads the bytes from Redis and releases them.
    await c.redis.set(rawKey(prefix, m.key), m.raw, 'EX', ttl, 'NX');
    if ((await processIntake(job, deps)) === 'created') {
      // Read before adding: `+=` over an await would add to a stale total (the lanes run at once).
      const items = (await c.store.getMessage(m.key))?.endorsementIds.length ?? 0;
      counts.created++;
      counts.endorsements += items;
    } else {
      counts.existing++;
    }
    bar.progress?.update(++bar.done);
  };

  const client = await openConnection(c.imapSettings, { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined }, { idle: false });
  try {
    const found = await readHistory(
      client, folder, range,
      { batchSize: c.config.FETCH_BATCH, maxBatchBytes: DEFAULT_BATCH_BYTES, maxMessageBytes: c.config.MAX_MESSAGE_BYTES },
      (uidValidity) => importLimit(c, folder, uidValidity),
      (f) => {
        progressOut.write(`import: ${f.total} messages in "${folder}" received ${opts.until ? `from ${opts.since} to ${opts.until}` : `since ${opts.since}`}`
          + `${f.leftToIntake ? ` (${f.leftToIntake} newer ones left to intake)` : ''}\n`);
        bar.progress = createProgress(f.total, 'messages', progressOut);
      },
      (batch) => pool(batch, c.config.INTAKE_CONCURRENCY, take),
    );
    const result: ImportResult = { folder, uidValidity: found.uidValidity, found: found.total, ...counts, leftToIntake: found.leftToIntake, filing: Boolean(opts.file) };
    bar.progress?.finish(
      `import: ${result.created} new, ${result.existing} already in the store, ${result.endorsements} endorsements for review; none acknowledged; `
      + (result.filing ? 'the worker files them' : 'left where they are'),
    );
    return result;
  } finally {
    await closeConnection(client);
  }
}

/** The command: import, then print the result as JSON. */
export async function importCommand(opts: ImportOptions): Promise<void> {
  checkOptions(opts);
  await withContainer(async (c) => {
    const result = await importHistory(c, opts, process.stderr);
    process.stdout.write(JSON.stringify(result) + '\n');
  });
}
