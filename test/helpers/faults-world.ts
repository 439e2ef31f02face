/**
 * The fault suite's harness (issue 12): a backlog of generated mail in a real Dovecot, the long-running
 * `endorse worker` draining it through Redis (AOF everysec) to an SMTP sink, a way to wait until it is
 * quiet (bounded), and one set of checks every fault must pass: each message in the review store once,
 * each due acknowledgement sent and none twice, each message in the folder the store names.
 */
import { appendFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { generateMail, type GeneratedMail } from './generate';
import { startGate, type Gate } from './faults';
import { startRedis, type RedisServer } from './redis';
import { runCli, spawnCli, startStack, type Stack } from './stack';

/** Messages seeded per row: enough for ~230 acknowledgements in flight, small enough for seconds. */
export const SEED_COUNT = 300;
/**
 * How long the world may stay still while work is missing before the checks run: past the worker's
 * reply repair round (60 s today) and a job lock (JOB_LOCK_SECONDS below).
 */
export const PATIENCE_MS = 70_000;

export interface WorldOptions {
  /** FILING (default on). */
  filing?: boolean;
  /** Put a gate in front of Redis (the worker connects through it) or SMTP. */
  redisGate?: boolean;
  smtpGate?: boolean;
  /** Extra worker environment. */
  env?: Record<string, string>;
  /** Runs after the servers start and before the mail is appended (e.g. mount a small disk); may return its cleanup. */
  beforeSeed?: (stack: Stack) => (() => void) | void;
  seed?: number;
}

/** What the checks measured; every count but `stored`, `due` and `sent` should be 0. */
export interface Measured {
  seeded: number;
  stored: number;
  /** Seeded messages the store lacks, and store records of no seeded message. */
  storeMissing: number;
  storeExtra: number;
  /** Message-IDs with more than one store record (a message taken in again as new). */
  retaken: number;
  due: number;
  sent: number;
  acksMissing: number;
  /** Replies accepted by SMTP beyond the first per message. */
  duplicates: number;
  /** Replies to messages no acknowledgement was due for. */
  unexpected: number;
  /** Records whose `acknowledged` disagrees with what SMTP accepted. */
  ackStateWrong: number;
  /** Messages not in (only) the folder the store names (INBOX when it names none). */
  misfiled: number;
  /** Messages twice in the folder the store names (a move the server half made, then finished). */
  extraCopies: number;
  /** Messages recorded as filing failures (with the reason) but found in one other folder. */
  failedElsewhere: number;
  /** Seeded messages found in no folder at all. */
  lost: number;
  /**
   * Messages on disk in exactly the folder the store names that the server's IMAP listing leaves out:
   * its index of that folder missed them while the disk was full. Reported; a problem unless the row
   * allows it (the full-disk row).
   */
  unlistedOnDisk: number;
  /** With filing on: records of a kind that is filed, neither filed nor with a filing error. */
  unfiledNoReason: number;
  /** Times the worker process exited on its own. */
  workerExits: number;
  /** Folders IMAP would not list (their messages then count as lost). */
  unreadableFolders: number;
  /** The misfiled, counted by where the store says and where IMAP (/ the disk) found them. */
  misfiledHow: Record<string, number>;
  /** Records with a filing error (left in the inbox, the reason recorded): allowed, counted. */
  filingFailures: number;
  /** The filing errors by reason (Message-IDs left out). */
  filingReasons: Record<string, number>;
}

export interface FaultWorld {
  stack: Stack;
  redis: RedisServer;
  redisGate: Gate | null;
  smtpGate: Gate | null;
  mail: GeneratedMail[];
  /** Message-IDs an acknowledgement is due for: the generator's endorsements, each from its own sender. */
  due: Set<string>;
  env: Record<string, string>;
  /** A client on the real Redis port (not through the gate), for the test's own reads and faults. */
  admin: Redis;
  worker: Worker;
  /** In-Reply-To of each reply SMTP accepted, in order. */
  replies(): string[];
  /** Distinct due messages answered so far. */
  dueSent(): number;
  /** Resolves once `fraction` of the due acknowledgements went out (throws after `timeoutMs`). */
  untilDueSent(fraction: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `fraction` of the seeded messages are in the store; with how many wait for filing then. */
  untilStored(fraction: number, timeoutMs?: number): Promise<{ stored: number; pendingFiling: number }>;
  /** Replies accepted by SMTP without a sent-record in Redis now: what a Redis fault can lose. */
  onWire(): Promise<number>;
  /** Wait until done and quiet for `quietMs`, or still without progress for `patienceMs`, or `maxMs`. */
  settle(opts?: { quietMs?: number; patienceMs?: number; maxMs?: number }): Promise<{ ms: number; complete: boolean }>;
  /** Measure against the seeded mail; `onDisk` also reads the Maildir files (a full disk's truth). */
  measure(opts?: { onDisk?: Map<string, string[]> }): Promise<Measured>;
  /** Run at stop (before the servers go), in reverse order. */
  onStop(fn: () => Promise<void> | void): void;
  stop(): Promise<void>;
}

/** The long-running worker process and what it logged (the last 256 KB of stderr). */
export interface Worker {
  child: ChildProcess;
  readonly log: string;
  readonly exits: number;
  /** SIGTERM, then SIGKILL after 20 s. */
  stop(): Promise<void>;
}

function startWorker(env: Record<string, string>): Worker {
  let log = '';
  let exits = 0;
  let stopping = false;
  const child = spawnCli(['worker'], env);
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-256 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => {
    if (!stopping) exits++;
    r();
  }));
  return {
    child,
    get log() {
      return log;
    },
    get exits() {
      return exits;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In-Reply-To of a raw reply (its headers only), or ''. */
function inReplyTo(raw: Buffer): string {
  const head = raw.subarray(0, 16384).toString('latin1');
  const m = /^In-Reply-To:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>)/im.exec(head.slice(0, head.search(/\r?\n\r?\n/) >>> 0));
  return m ? m[1]! : '';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultWorld(opts: WorldOptions = {}): Promise<FaultWorld> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const redis = await startRedis({ appendonly: true });
    cleanups.push(() => redis.stop());
    const stack = await startStack({ redis });
    cleanups.push(() => stack.stop());
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    admin.on('error', () => undefined);
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    const redisGate = opts.redisGate ? await startGate(redis.port) : null;
    const smtpGate = opts.smtpGate ? await startGate(stack.smtp.port) : null;
    for (const g of [redisGate, smtpGate]) if (g) cleanups.push(() => g.close());
    const undo = opts.beforeSeed?.(stack);
    if (undo) cleanups.push(undo);
    const mail = generateMail(SEED_COUNT, { seed: opts.seed ?? 12 });
    await stack.append(mail.map((m) => m.raw));
    const due = new Set(mail.filter((m) => m.intended === 'endorsement').map((m) => m.messageId));
    const filing = opts.filing ?? true;
    const env = stack.env({
      ...(redisGate ? { REDIS_URL: `redis://127.0.0.1:${redisGate.port}` } : {}),
      ...(smtpGate ? { SMTP_PORT: String(smtpGate.port) } : {}),
      FILING: String(filing), LOG_LEVEL: 'warn', FETCH_BATCH: '50', LEASE_SECONDS: '5',
      // A job whose lock was lost with Redis is retried within seconds, not a minute.
      JOB_LOCK_SECONDS: '15',
      // Some 230 acknowledgements in a minute: the global breaker (a guard against loops) is raised past that.
      REPLY_MAX_PER_HOUR: '100000',
      ...opts.env,
    });
    const worker = startWorker(env);
    cleanups.push(() => worker.stop());
    const prefix = env.QUEUE_PREFIX!;
    const parsed: string[] = [];
    const replies = () => {
      for (let i = parsed.length; i < stack.smtp.messages.length; i++) parsed.push(inReplyTo(stack.smtp.messages[i]!.raw));
      return parsed;
    };
    const dueSent = () => new Set(replies().filter((id) => due.has(id))).size;
    const sentRecords = async () => {
      let n = 0;
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:sent:*`, 'COUNT', 1000);
        cursor = next;
        n += keys.length;
      } while (cursor !== '0');
      return n;
    };
    const fingerprint = async () => {
      const [msgs, unfiled, sent] = await Promise.all([admin.zcard(`${prefix}:messages`), admin.zcard(`${prefix}:filing`), sentRecords()])
        .catch(() => [-1, -1, -1]);
      return { key: `${stack.smtp.messages.length}/${msgs}/${unfiled}/${sent}`, done: dueSent() === due.size && msgs === mail.length && (!filing || unfiled === 0) };
    };
    const world: FaultWorld = {
      stack, redis, redisGate, smtpGate, mail, due, env, admin, worker, replies, dueSent,
      async untilDueSent(fraction, timeoutMs = 120_000) {
        const want = Math.ceil(due.size * fraction);
        const deadline = Date.now() + timeoutMs;
        while (dueSent() < want) {
          if (Date.now() > deadline) throw new Error(`only ${dueSent()} of ${want} acknowledgements sent after ${timeoutMs} ms; worker log:\n${worker.log.slice(-3000)}`);
          await sleep(20);
        }
      },
      async untilStored(fraction, timeoutMs = 120_000) {
        const want = Math.ceil(mail.length * fraction);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [stored, pendingFiling] = await Promise.all([admin.zcard(`${prefix}:messages`), admin.zcard(`${prefix}:filing`)]);
          if (stored >= want) return { stored, pendingFiling };
          if (Date.now() > deadline) throw new Error(`only ${stored} of ${want} messages stored after ${timeoutMs} ms; worker log:\n${worker.log.slice(-3000)}`);
          await sleep(20);
        }
      },
      async onWire() {
        return Math.max(0, new Set(replies()).size - (await sentRecords()));
      },
      async settle({ quietMs = 8000, patienceMs = PATIENCE_MS, maxMs = 180_000 } = {}) {
        const start = Date.now();
        let last = '';
        let since = start;
        for (;;) {
          const fp = await fingerprint();
          const now = Date.now();
          if (fp.key !== last) {
            last = fp.key;
            since = now;
          }
          if ((fp.done && now - since >= quietMs) || now - since >= patienceMs || now - start >= maxMs) return { ms: now - start, complete: fp.done };
          await sleep(1000);
        }
      },
      measure: (m = {}) => measure(world, filing, m.onDisk),
      onStop(fn) {
        cleanups.push(fn);
      },
      stop: stopAll,
    };
    return world;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

interface StoreRow {
  messageId: string | null;
  kind: string;
  acknowledged: boolean;
  folder: string | null;
  filingError: string | null;
  error: string | null;
}

/** Message-ID to the folders holding it, over IMAP (every folder but Sent), and the folders it could not read. */
async function imapLocations(stack: Stack): Promise<{ found: Map<string, string[]>; unreadable: string[] }> {
  const found = new Map<string, string[]>();
  const unreadable: string[] = [];
  let client = await stack.imap();
  try {
    for (const box of await client.list()) {
      if (box.specialUse === '\\Sent' || box.flags.has('\\Noselect')) continue;
      try {
        const opened = await client.mailboxOpen(box.path, { readOnly: true });
        if (!opened.exists) continue;
        for await (const m of client.fetch('1:*', { envelope: true })) {
          const id = m.envelope?.messageId;
          if (id) found.set(id, [...(found.get(id) ?? []), box.path]);
        }
      } catch {
        unreadable.push(box.path);
        await client.logout().catch(() => undefined);
        client = await stack.imap();
      }
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
  return { found, unreadable };
}

async function measure(w: FaultWorld, filing: boolean, onDisk?: Map<string, string[]>): Promise<Measured> {
  const out = await runCli(['messages', '--json'], { ...w.env, REDIS_URL: w.redis.url });
  if (out.code !== 0) throw new Error(`endorse messages failed (${out.code}): ${out.stderr.slice(-2000)}`);
  const rows = JSON.parse(out.stdout) as StoreRow[];
  const seeded = new Set(w.mail.map((m) => m.messageId));
  const byId = new Map<string, StoreRow[]>();
  for (const r of rows) if (r.messageId) byId.set(r.messageId, [...(byId.get(r.messageId) ?? []), r]);
  const replies = w.replies();
  const sent = new Set(replies);
  const imap = await imapLocations(w.stack);
  const places = [imap.found, ...(onDisk ? [onDisk] : [])];
  let misfiled = 0;
  let lost = 0;
  let unlistedOnDisk = 0;
  let extraCopies = 0;
  let failedElsewhere = 0;
  const misplaced = new Map<string, number>();
  for (const id of seeded) {
    const rec = byId.get(id)?.[0];
    const seen = places.map((where) => where.get(id) ?? []);
    // A message is misfiled when any view (IMAP, or the files on disk) has it elsewhere or twice.
    const onDiskOnly = onDisk && rec && !seen[0]!.length && seen[1]!.length === 1 && seen[1]![0] === (rec.folder ?? 'INBOX');
    if (onDiskOnly) unlistedOnDisk++;
    else if (seen.some((found) => !found.length)) lost++;
    else if (rec && seen.every((found) => found.every((f) => f === (rec.folder ?? 'INBOX'))) && seen.some((found) => found.length > 1)) {
      // Where the store says, twice: a move the server half made (copied, not expunged) when the
      // session died, then finished again. Counted apart; a row that cannot cause it fails on it.
      extraCopies++;
    } else if (rec && rec.folder === null && rec.filingError && seen[0]![0] !== 'INBOX' && seen.every((found) => found.length === 1 && found[0] === seen[0]![0])) {
      // Recorded as a filing failure (the reason shown) yet found in one other place: the server could
      // not show where the message was when it was checked (a full disk). Counted apart.
      failedElsewhere++;
    } else if (rec && seen.some((found) => found.length !== 1 || found[0] !== (rec.folder ?? 'INBOX'))) {
      misfiled++;
      const how = `store ${rec.folder ?? 'INBOX'}, found ${seen.map((f) => f.join('+')).join(' / ')}`;
      misplaced.set(how, (misplaced.get(how) ?? 0) + 1);
    }
  }
  return {
    seeded: seeded.size,
    stored: rows.length,
    storeMissing: [...seeded].filter((id) => !byId.has(id)).length,
    storeExtra: rows.filter((r) => !r.messageId || !seeded.has(r.messageId)).length,
    retaken: [...byId.values()].filter((rs) => rs.length > 1).length,
    due: w.due.size,
    sent: sent.size,
    acksMissing: [...w.due].filter((id) => !sent.has(id)).length,
    duplicates: replies.length - sent.size,
    unexpected: [...sent].filter((id) => !w.due.has(id)).length,
    ackStateWrong: rows.filter((r) => r.messageId && r.acknowledged !== sent.has(r.messageId)).length,
    misfiled,
    extraCopies,
    failedElsewhere,
    lost,
    unlistedOnDisk,
    unfiledNoReason: filing ? rows.filter((r) => r.kind !== 'question' && !r.error && r.folder === null && !r.filingError).length : 0,
    workerExits: w.worker.exits,
    unreadableFolders: imap.unreadable.length,
    misfiledHow: Object.fromEntries(misplaced),
    filingFailures: rows.filter((r) => r.filingError).length,
    filingReasons: rows.reduce<Record<string, number>>((acc, r) => {
      const reason = r.filingError?.replace(/\(Message-ID [^)]*\)/g, '(Message-ID …)');
      if (reason) acc[reason] = (acc[reason] ?? 0) + 1;
      return acc;
    }, {}),
  };
}

/**
 * Everything a fault must leave right, as readable lines (empty: all held). `allowDuplicates` is the
 * number of replies that were on the wire at a kill, measured by the test.
 */
export function problems(m: Measured, opts: { allowDuplicates?: number; allowCopies?: boolean; allowFailedElsewhere?: boolean; allowUnlistedOnDisk?: boolean } = {}): string[] {
  const p: string[] = [];
  if (m.unlistedOnDisk && !opts.allowUnlistedOnDisk) p.push(`${m.unlistedOnDisk} messages on disk where the store says but not listed over IMAP`);
  if (m.extraCopies && !opts.allowCopies) p.push(`${m.extraCopies} messages twice in the folder the store names`);
  if (m.failedElsewhere && !opts.allowFailedElsewhere) p.push(`${m.failedElsewhere} messages recorded as filing failures but found in another folder`);
  if (m.storeMissing) p.push(`${m.storeMissing} of ${m.seeded} messages missing from the review store`);
  if (m.storeExtra) p.push(`${m.storeExtra} store records of no seeded message`);
  if (m.retaken) p.push(`${m.retaken} messages taken in more than once`);
  if (m.acksMissing) p.push(`${m.acksMissing} of ${m.due} due acknowledgements never sent`);
  if (m.duplicates > (opts.allowDuplicates ?? 0)) p.push(`${m.duplicates} acknowledgements sent twice (allowed: ${opts.allowDuplicates ?? 0})`);
  if (m.unexpected) p.push(`${m.unexpected} replies to messages no acknowledgement was due for`);
  if (m.ackStateWrong) p.push(`${m.ackStateWrong} records whose "acknowledged" disagrees with what SMTP accepted`);
  if (m.misfiled) p.push(`${m.misfiled} messages not in the folder the store names`);
  if (m.lost) p.push(`${m.lost} messages found in no folder`);
  if (m.unfiledNoReason) p.push(`${m.unfiledNoReason} messages neither filed nor recorded as a filing failure`);
  if (m.unreadableFolders) p.push(`${m.unreadableFolders} folders could not be read over IMAP`);
  if (m.workerExits) p.push(`the worker exited ${m.workerExits} time(s) on its own`);
  return p;
}

/** One line per row on stderr (and appended to $FAULTS_REPORT when set), for the table in the report. */
export function report(row: string, m: Measured, extra: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ row, ...m, ...extra });
  process.stderr.write(`fault row ${line}\n`);
  if (process.env.FAULTS_REPORT) appendFileSync(process.env.FAULTS_REPORT, line + '\n');
}

/**
 * After the fault: wait until quiet, measure, report the row's line, and return its problems. The
 * test asserts they are none, so a failing row still reports every count.
 */
export async function afterFault(w: FaultWorld, row: string, startedAt: number, opts: {
  allowDuplicates?: number;
  /** A server-side half-made move (UIDVALIDITY row): copies in the right folder are reported, not failed. */
  allowCopies?: boolean;
  /** A full disk: a filing failure whose message is found elsewhere is reported, not failed. */
  allowFailedElsewhere?: boolean;
  /** A full disk: a message on disk where the store says that the server's index leaves out is reported, not failed. */
  allowUnlistedOnDisk?: boolean;
  settle?: { quietMs?: number; patienceMs?: number; maxMs?: number };
  /** Runs once the world is quiet, before measuring (e.g. free the disk so IMAP can list again). */
  beforeMeasure?: () => void;
  onDisk?: () => Map<string, string[]>;
  extra?: Record<string, unknown>;
} = {}): Promise<string[]> {
  const settled = await w.settle(opts.settle);
  // Measure a still world: the worker (SIGTERM) must not file or send between the reads.
  await w.worker.stop();
  opts.beforeMeasure?.();
  const m = await w.measure(opts.onDisk ? { onDisk: opts.onDisk() } : {});
  const found = problems(m, { allowDuplicates: opts.allowDuplicates, allowCopies: opts.allowCopies, allowFailedElsewhere: opts.allowFailedElsewhere, allowUnlistedOnDisk: opts.allowUnlistedOnDisk });
  // Evidence that the fault reached the worker: what it logged at warn and above.
  const logged = { jobsFailed: w.worker.log.split('"msg":"job failed"').length - 1, errors: (w.worker.log.match(/"level":[56]0/g) ?? []).length };
  report(row, m, { ...opts.extra, ...logged, allowDuplicates: opts.allowDuplicates ?? 0, complete: settled.complete, settleMs: settled.ms, wallMs: Date.now() - startedAt, pass: found.length === 0 });
  if (found.length) process.stderr.write(`fault row ${row}: worker log tail:\n${w.worker.log.slice(-4000)}\n`);
  return found;
}
