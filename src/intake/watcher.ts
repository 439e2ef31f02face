/**
 * The mailbox watcher: holds the mailbox lease, keeps one IMAP connection, hands new mail to the
 * intake sink (sync.ts) and files processed mail (filing.ts). `syncOnce`/`fileOnce` serve
 * `worker --once`; `start` runs IDLE plus a safety-net poll and reconnects with backoff.
 */
import type { ImapFlow } from 'imapflow';
import type Redis from 'ioredis';
import type { FilingSource, IntakeSink } from './types';
import type { IntakeLogger } from './logger';
import { acquireLease, type Lease } from './lease';
import { syncMailbox } from './sync';
import { canMoveSafely, moveFiling, planFiling, type MoveOutcome } from './filing';
import { verifyFiling } from './filing-verify';
import { resolveFolders, type FolderResolution, type FolderRole } from '../mailbox/folders';
import { DEFAULT_BATCH_BYTES } from './fetch-plan';
import { closeConnection, openConnection, type ImapSettings } from './connection';
import { authBackoffDelay, backoffDelay } from './backoff';
import { ImapConnectError, LeaseTimeoutError } from './errors';
import type { IntakeStart } from './start';
import { classifyConnectionError } from '../status/classify';
import type { StatusReporter } from '../status/store';

/** While a folder is unavailable, how often the watcher looks for it again (default of `folderRetryMs`). */
const FOLDER_RETRY_MS = 5 * 60_000;
/**
 * A move not found where the server put it is looked for again this many times, the first after this
 * long by default and each wait four times the one before (2, 8 and 32 s): Dovecot rebuilding an
 * index showed moved mail in neither folder for over 6 s in the fault suite.
 */
const FILING_TRIES = 3;
const FILING_RETRY_MS = 2000;

export interface WatcherOptions {
  imap: ImapSettings;
  /** ioredis client for the lease and the cursor (commands only; it may be shared). */
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** The watched folder, e.g. INBOX. */
  mailbox: string;
  sink: IntakeSink;
  filing: FilingSource;
  /** Messages bigger than this are taken in as headers only (`oversized`). */
  maxMessageBytes: number;
  /** Most messages per fetch round trip (and per `filing.take`). */
  batchSize: number;
  /** Safety-net poll interval of `start()` (IDLE can die silently on some servers). */
  pollMs: number;
  /** False: filing requests are acknowledged without touching the mailbox. */
  filingEnabled: boolean;
  /** Where filing puts mail; looked up (and created when missing) once, at the first connect, when filing is on. */
  folders: { endorsements: string; automated: string; junk: string };
  /** True (FOLDER_JUNK unset): spam goes to the server's \Junk folder (RFC 6154) when it has one. Default false. */
  junkByRole?: boolean;
  /** Folder names by role the provider is known to use, for servers that do not flag them. */
  folderHints?: Partial<Record<FolderRole, string>>;
  log: IntakeLogger;
  /**
   * Lease lifetime: a watcher that crashed on another machine blocks the next one for at most this
   * long (on the same machine the next one sees the process is gone). Renewed every ttl/3. Default 15 s.
   */
  leaseTtlMs?: number;
  /** How long `syncOnce`/`fileOnce` wait for another watcher's lease. Default 2 x ttl + 1 s. */
  leaseWaitMs?: number;
  /** While a folder is unavailable, look for it again after this long. Default 5 minutes. */
  folderRetryMs?: number;
  /** How long a move not found where the server put it first waits to be looked for again (then 4x, 16x). Default 2 s. */
  filingRetryMs?: number;
  /** Most source bytes per fetch round trip; a bigger message goes alone. Default 8 MB. */
  maxBatchBytes?: number;
  /** How often `start()` asks the filing source for work. Default 1 s. */
  fileEveryMs?: number;
  /** Reconnect backoff bounds (full jitter). Default 1 s .. 60 s. */
  reconnect?: { baseMs?: number; capMs?: number };
  /**
   * Refused logins: wait baseMs, then twice as long each time up to capMs (default 60 s .. 1 h, see
   * authBackoffDelay); after maxTries in a row (default 5) the watcher stops, says so in the log and
   * the status, and leaves the lease. Only a restart tries again.
   */
  authRetry?: { baseMs?: number; capMs?: number; maxTries?: number };
  /** Where the IMAP connection's state is reported (status/store.ts); none: not reported. */
  status?: StatusReporter;
  /** False: no IDLE; new mail is found by the poll alone (for servers whose IDLE misbehaves). Default true. */
  idle?: boolean;
  /** imapflow socket inactivity timeout; a dead connection is noticed after this. Default imapflow's. */
  socketTimeoutMs?: number;
  /** Where intake starts on a mailbox never read before (INTAKE_START; see start.ts). Default: all of it. */
  start?: IntakeStart;
}

/** A mailbox watcher. Nothing connects until a method is called. */
export interface Watcher {
  /** Take the lease (waiting up to leaseWaitMs), hand over all new mail, then file until nothing is left. */
  syncOnce(): Promise<{ fetched: number }>;
  /** File one batch of processed messages; resolves the number of requests handled (0: none waiting). */
  fileOnce(): Promise<number>;
  /** Run in the background until `stop()`: IDLE + poll, periodic filing, reconnect with backoff. */
  start(): Promise<void>;
  /** Stop the loop, release the lease, log out. */
  stop(): Promise<void>;
}

/** Build a watcher; see {@link Watcher}. */
export function createWatcher(opts: WatcherOptions): Watcher {
  const log = opts.log;
  const ttlMs = opts.leaseTtlMs ?? 15_000;
  const waitMs = opts.leaseWaitMs ?? 2 * ttlMs + 1000;
  const fileEveryMs = opts.fileEveryMs ?? 1000;
  const limits = { batchSize: opts.batchSize, maxBatchBytes: opts.maxBatchBytes ?? DEFAULT_BATCH_BYTES, maxMessageBytes: opts.maxMessageBytes };

  let client: ImapFlow | null = null;
  let folders: FolderResolution | null = null;
  let foldersAt = 0;
  let lease: Lease | null = null;
  let running = false;
  let stopRequested = false;
  let syncWanted = true;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  let abort = new AbortController();
  let warnedUnsafe = false;
  /** Refused logins in a row, across reconnects; only a successful login resets it. */
  let authFailures = 0;
  /**
   * The server's name of the watched folder, as imapflow resolved it when selecting: it may differ
   * from `opts.mailbox` (`inbox` is `INBOX`; a namespace prefix such as Courier's `INBOX.` is added).
   */
  let watchedPath: string | null = null;

  /** Run `fn` after every earlier call finished: one IMAP conversation and one lease user at a time. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  function nudge(): void {
    wake?.();
  }

  async function connection(): Promise<ImapFlow> {
    if (client?.usable) return client;
    if (client) {
      client.close();
      client = null;
    }
    const c = await openConnection(opts.imap, {
      onNewMail: (path) => {
        // This connection selects only the watched folder; before the first sync, any news is welcome.
        if (watchedPath !== null && path !== watchedPath) return;
        syncWanted = true;
        nudge();
      },
      onClose: () => {
        if (client !== c) return;
        client = null;
        syncWanted = true;
        if (running) log.warn({ mailbox: opts.mailbox }, 'IMAP connection closed');
        nudge();
      },
      onError: (err) => log.warn({ err: err.message }, 'IMAP connection error'),
    }, { idle: opts.idle, socketTimeoutMs: opts.socketTimeoutMs }).catch(async (err: unknown) => {
      const failure = classifyConnectionError(err, 'imap', opts.imap);
      if (!failure) throw err;
      await opts.status?.report('imap', { state: failure.state, error: failure.message, attempts: authFailures + 1 });
      throw new ImapConnectError(failure.message, failure.state);
    });
    client = c;
    authFailures = 0;
    await opts.status?.report('imap', { state: 'ok' });
    if (opts.filingEnabled && !folders) await refreshFolders(c);
    log.info({ host: opts.imap.host, port: opts.imap.port, mailbox: opts.mailbox }, 'IMAP connected');
    return c;
  }

  /**
   * Folders are found once per watcher, not at every reconnect; while one is unavailable (refused,
   * full quota, a name the server rejects) the search is tried again every FOLDER_RETRY_MS, so a
   * folder an administrator fixes is used without a restart.
   */
  async function refreshFolders(c: ImapFlow): Promise<void> {
    folders = await findFolders(c);
    foldersAt = Date.now();
  }

  /** LIST (and CREATE what is missing). */
  async function findFolders(c: ImapFlow): Promise<FolderResolution> {
    const f = opts.folders;
    const found = await resolveFolders(c, [
      { name: f.endorsements }, { name: f.automated }, { name: f.junk, role: 'junk', explicit: !opts.junkByRole },
    ], opts.folderHints);
    log.info({ roles: found.roles, folders: Object.fromEntries(found.paths), created: found.created }, 'mailbox folders');
    for (const [name, reason] of found.errors) log.warn({ folder: name, err: reason }, 'folder unavailable: mail for it stays in place');
    return found;
  }

  async function heldLease(wait: number): Promise<Lease> {
    if (lease?.held()) return lease;
    if (lease) await lease.release().catch(() => false);
    lease = null;
    const l = await acquireLease({
      redis: opts.redis, prefix: opts.prefix, mailbox: opts.mailbox, ttlMs, waitMs: wait, signal: abort.signal,
      onLost: (reason) => {
        log.warn({ mailbox: opts.mailbox, fence: l.fence, reason }, 'mailbox lease lost: fetching stops');
        if (lease === l) lease = null;
        nudge();
      },
    });
    lease = l;
    log.info({ mailbox: opts.mailbox, fence: l.fence }, 'mailbox lease acquired');
    return l;
  }

  async function sync(c: ImapFlow, l: Lease): Promise<number> {
    const r = await syncMailbox({
      client: c, redis: opts.redis, prefix: opts.prefix, mailbox: opts.mailbox, sink: opts.sink, lease: l, limits, log,
      stopping: () => stopRequested, ...(opts.start ? { start: opts.start } : {}),
    });
    watchedPath = c.mailbox ? c.mailbox.path : watchedPath;
    if (r.fetched) log.info({ mailbox: opts.mailbox, uidValidity: r.uidValidity, fetched: r.fetched }, 'handed new mail to intake');
    return r.fetched;
  }

  /** Settled filing requests (moved, or recorded as failed). */
  async function fileStep(c: ImapFlow, l: Lease): Promise<number> {
    if (!l.held()) return 0;
    // Requests to look for again wait their time at the back of the queue.
    const requests = (await opts.filing.take(opts.batchSize)).filter((r) => !r.retry || r.retry.after <= Date.now());
    if (!requests.length) return 0;
    if (opts.filingEnabled && folders?.errors.size && Date.now() - foldersAt > (opts.folderRetryMs ?? FOLDER_RETRY_MS)) await refreshFolders(c);
    const lock = await c.getMailboxLock(opts.mailbox);
    let moved: MoveOutcome;
    try {
      const box = c.mailbox;
      const current = { mailbox: opts.mailbox, uidValidity: box ? String(box.uidValidity) : '' };
      const safe = canMoveSafely(c);
      if (!safe && opts.filingEnabled && !warnedUnsafe) {
        warnedUnsafe = true;
        log.warn({ mailbox: opts.mailbox }, 'server has neither MOVE nor UIDPLUS: filing would expunge others\' deleted mail, so mail stays in place');
      }
      const plan = planFiling(requests, current, opts.filingEnabled && safe);
      const stale = plan.skip.filter((r) => r.folder !== null && opts.filingEnabled && safe);
      if (stale.length) log.warn({ count: stale.length }, 'filing requests for another mailbox: left in place');
      if (plan.relocate.length) log.warn({ count: plan.relocate.length, uidValidity: current.uidValidity }, 'filing requests from an older UIDVALIDITY: finding the messages again by Message-ID');
      moved = await moveFiling(c, plan, folders ?? { paths: new Map(), errors: new Map(), roles: {}, created: [] }, current);
    } finally {
      lock.release();
    }
    const settled = [...moved.done, ...(await verifyFiling(c, moved.claims, opts.mailbox))];
    // While the check had another folder selected, news of mail in the watched one was not sent (RFC 3501 7.3.1).
    if (moved.claims.length) syncWanted = true;
    // A move not found where the server put it may be the server's passing view (an index being
    // rebuilt shows neither folder right): looked for again by Message-ID, a few times, before it is
    // recorded as failed.
    const asked = new Map(requests.map((r) => [r.key, r]));
    const again = opts.filing.again ? settled.filter((r) => r.unproven && r.messageId && (r.retry?.tries ?? 0) < FILING_TRIES) : [];
    const done = settled.filter((r) => !again.includes(r));
    if (again.length) {
      log.warn({ count: again.length, keys: again.map((r) => r.key), err: again[0]!.error }, 'filing not proven: looking for the messages again by Message-ID');
      await opts.filing.again!(again.map((r) => {
        const tries = (r.retry?.tries ?? 0) + 1;
        const after = Date.now() + (opts.filingRetryMs ?? FILING_RETRY_MS) * 4 ** (tries - 1);
        return { ...asked.get(r.key)!, uidValidity: '', retry: { tries, after, first: r.retry?.first ?? r.error! } };
      }));
    }
    const failed = done.filter((r) => r.error);
    if (failed.length) log.warn({ count: failed.length, keys: failed.map((r) => r.key), err: failed[0]!.error }, 'filing failed: messages left in place');
    await opts.filing.done(done);
    return done.length;
  }

  async function fileAll(c: ImapFlow, l: Lease): Promise<void> {
    while (!stopRequested && (await fileStep(c, l)) > 0);
  }

  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        if (wake === done || wake === stopOnly) wake = null;
        resolve();
      }
      const stopOnly = (): void => {
        if (stopRequested) done();
      };
      wake = wakeable ? done : stopOnly;
    });
  }

  /**
   * Back off after a refused login, or give up after authRetry.maxTries: the loop ends, the lease is
   * left for a watcher started with a better password. Resolves false when the watcher gave up.
   */
  async function afterRefusedLogin(err: ImapConnectError): Promise<boolean> {
    authFailures++;
    const maxTries = opts.authRetry?.maxTries ?? 5;
    if (authFailures >= maxTries) {
      running = false;
      log.error({ err: err.message, attempts: authFailures }, `IMAP login refused ${authFailures} times in a row: the mailbox watcher stops (no more login attempts until the worker restarts). Fix IMAP_USER/IMAP_PASSWORD, then restart.`);
      await opts.status?.report('imap', { state: 'auth_failed', error: err.detail, attempts: authFailures, stopped: true });
      await serial(async () => {
        const l = lease;
        lease = null;
        if (l) await l.release().catch(() => false);
      });
      return false;
    }
    const delay = authBackoffDelay(authFailures, opts.authRetry?.baseMs ?? 60_000, opts.authRetry?.capMs ?? 3_600_000);
    log.warn({ err: err.message, attempts: authFailures, maxTries, delayMs: delay }, 'IMAP login refused; trying again later');
    await opts.status?.report('imap', { state: 'auth_failed', error: err.detail, nextRetry: new Date(Date.now() + delay), attempts: authFailures });
    await sleep(delay, false);
    return true;
  }

  async function runLoop(): Promise<void> {
    let attempt = 0;
    let nextPoll = 0;
    while (running) {
      try {
        await serial(async () => {
          const l = await heldLease(ttlMs);
          const c = await connection();
          if (syncWanted || Date.now() >= nextPoll) {
            syncWanted = false;
            nextPoll = Date.now() + opts.pollMs;
            await sync(c, l);
          }
          await fileAll(c, l);
        });
        attempt = 0;
        if (running && !syncWanted) await sleep(Math.min(nextPoll - Date.now(), fileEveryMs), true);
      } catch (err) {
        if (!running) break;
        syncWanted = true;
        if (err instanceof LeaseTimeoutError) {
          log.debug({ mailbox: opts.mailbox }, 'another watcher holds the mailbox: standing by');
          continue;
        }
        if (err instanceof ImapConnectError && err.state === 'auth_failed') {
          if (!(await afterRefusedLogin(err))) break;
          continue;
        }
        const delay = Math.max(50, backoffDelay(attempt++, opts.reconnect?.baseMs ?? 1000, opts.reconnect?.capMs ?? 60_000));
        log.warn({ err: (err as Error).message, attempt, delayMs: delay }, 'mailbox watcher failed; retrying');
        if (err instanceof ImapConnectError) {
          await opts.status?.report('imap', { state: err.state, error: err.detail, nextRetry: new Date(Date.now() + delay), attempts: attempt });
        }
        await sleep(delay, false);
      }
    }
  }

  return {
    syncOnce: () =>
      serial(async () => {
        stopRequested = false;
        if (abort.signal.aborted) abort = new AbortController();
        const l = await heldLease(waitMs);
        const c = await connection();
        const fetched = await sync(c, l);
        await fileAll(c, l);
        return { fetched };
      }),
    fileOnce: () =>
      serial(async () => {
        const l = await heldLease(waitMs);
        return fileStep(await connection(), l);
      }),
    async start() {
      if (running) return;
      running = true;
      stopRequested = false;
      abort = new AbortController();
      syncWanted = true;
      loop = runLoop();
    },
    async stop() {
      running = false;
      stopRequested = true;
      abort.abort();
      nudge();
      await loop;
      loop = null;
      await serial(async () => {
        const l = lease;
        lease = null;
        if (l) await l.release().catch((err: Error) => log.warn({ err: err.message }, 'lease release failed'));
        const c = client;
        client = null;
        if (c) await closeConnection(c);
      });
    },
  };
}
