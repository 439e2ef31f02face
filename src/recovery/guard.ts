/**
 * Keeps watch over the epoch for one worker process: at start (`ensure`) it decides whether Redis lost
 * state and, if so, runs the rebuild before the caller starts anything that sends; while the worker
 * runs it moves the checkpoint up every few seconds (and at once when Redis reconnects), remembering
 * it in memory and in the state file, and runs the rebuild again, between the caller's `pause` and
 * `resume`, as soon as a loss shows. A Redis that restarted under a running worker (its `run_id`
 * changed) counts as a loss too: with `appendfsync everysec` it may have dropped up to a second of
 * writes, less than a checkpoint interval, so the checkpoint alone would miss it. Between a lost
 * connection and the check that follows it, `suspect` holds every send: a job fetched over a
 * connection that came back must not send on the word of a Redis that may have forgotten the reply.
 */
import type Redis from 'ioredis';
import { readStart, startKey, type StartRecord } from '../intake/start';
import { recordRecovery, type RecoveryRecord } from '../status/recovery';
import { judge } from './detect';
import { advanceCheckpoint, createEpoch, newEpoch, readEpoch, writeEpoch } from './epoch';
import type { RebuildSummary } from './rebuild';
import { readState, writeState, type RememberedState } from './state-file';

/** What the guard needs. */
export interface GuardDeps {
  redis: Redis;
  prefix: string;
  /** The state file (STATE_DIR), or null to remember in memory only. */
  stateFile: string | null;
  /** The watched folder, whose start record is remembered. */
  watched: string;
  /** How many of our replies the Sent folder holds (evidence of earlier operation). */
  sentEvidence: () => Promise<number>;
  /**
   * Whether the Sent folder is worth trying again after it could not be read (the watcher logged in
   * since): a wrong password is not tried at every checkpoint.
   */
  imapAnswers: () => Promise<boolean>;
  /** The rebuild (with the mailbox lease taken by the callee). */
  rebuild: (ctx: { rememberedStart: StartRecord | null; lastGood: number | null }) => Promise<RebuildSummary>;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };
  now?: () => number;
}

/** Around a rebuild in a running worker: stop what could send or file, then start it again. */
export interface PauseHooks {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export interface RecoveryGuard {
  /**
   * Decide, and rebuild when Redis lost state; resolves with the recovery made, or null when none was
   * needed. Until it resolves, nothing may be sent.
   */
  ensure(hooks?: PauseHooks, opts?: { deferSent?: boolean }): Promise<RecoveryRecord | null>;
  /** True while `ensure` could not decide yet: replies must be held (see `ensure`). */
  readonly undecided: boolean;
  /**
   * Move the checkpoint up once; a loss found runs the rebuild between `hooks`. Serial with itself.
   * Resolves true when the check ran through (false: it failed, logged, and is tried again).
   */
  tick(hooks?: PauseHooks): Promise<boolean>;
  /**
   * Whether Redis may have lost state since this process last checked: it knew an epoch, and Redis now
   * holds none, another one, or one not ready (a rebuild to come). A sender asks before each send, so
   * the seconds between a FLUSHALL and the next checkpoint send nothing. False before the first check.
   */
  suspect(): Promise<boolean>;
  /** Rebuild now, whatever the epoch says (`endorse rebuild --now`). */
  rebuild(reason: string): Promise<RecoveryRecord>;
  /** Tick every `everyMs` (while undecided, sooner) until the returned function is called. */
  start(everyMs: number, hooks: PauseHooks): () => Promise<void>;
}

/** How soon an undecided guard looks again (reading the watcher's IMAP status is one Redis read). */
const UNDECIDED_LOOK_MS = 200;

class SentUnreadable extends Error {
  override name = 'SentUnreadable';
}

/** Build a guard; nothing is read until `ensure`. */
export function createRecoveryGuard(deps: GuardDeps): RecoveryGuard {
  const now = deps.now ?? Date.now;
  let known: { epoch: string; checkpoint: number } | null = null;
  let start: StartRecord | null = null;
  let chain: Promise<void> = Promise.resolve();
  /** A rebuild failed in a running worker: the hooks stay paused until one succeeds. */
  let paused = false;
  /** `ensure` could not decide yet (see there). */
  let undecided = false;
  /** When this process first looked at the epoch. */
  let firstLook: number | null = null;
  /** The Redis server this process has been talking to (INFO's run_id); another one means a restart. */
  let runId: string | null = null;
  /** Connections to Redis lost, and how many of them a check has looked past (same server, or rebuilt). */
  let closes = 0;
  let verifiedCloses = 0;
  deps.redis.on('close', () => closes++);
  let lastHooks: PauseHooks | undefined;
  /** A check started by `suspect`, so that many senders asking at once start one. */
  let kicked: Promise<boolean> | null = null;

  async function serverRunId(): Promise<string | null> {
    return /^run_id:(\w+)/m.exec(await deps.redis.info('server'))?.[1] ?? null;
  }

  async function fileState(): Promise<RememberedState | null> {
    return deps.stateFile ? readState(deps.stateFile) : null;
  }

  async function remember(epoch: string, checkpoint: number): Promise<void> {
    known = { epoch, checkpoint };
    runId ??= await serverRunId();
    start ??= await readStart(deps.redis, deps.prefix, deps.watched);
    if (!deps.stateFile) return;
    await writeState(deps.stateFile, { epoch, checkpoint, ...(start ? { start } : {}), at: new Date(now()).toISOString() })
      .catch((err: Error) => deps.log.warn({ err: err.message, file: deps.stateFile }, 'the state file could not be written'));
  }

  async function recover(reason: string, file: RememberedState | null): Promise<RecoveryRecord> {
    // A start record chosen after this was chosen by a watcher that did not know of the loss.
    const lastGood = known?.checkpoint ?? file?.checkpoint ?? firstLook ?? null;
    deps.log.warn({ reason }, 'Redis lost state: rebuilding from the mailbox before anything is sent');
    const e = newEpoch(false, Math.max(now(), lastGood ?? 0));
    await writeEpoch(deps.redis, deps.prefix, e);
    const s = await deps.rebuild({ rememberedStart: start ?? file?.start ?? null, lastGood }).catch((err: Error) => {
      throw new Error(`the rebuild after a Redis reset failed (${reason}): ${err.message}; nothing was sent since, and it is tried again (at the next checkpoint, or the next start)`);
    });
    const ready = { ...e, ready: true, checkpoint: Math.max(now(), e.checkpoint) };
    await writeEpoch(deps.redis, deps.prefix, ready);
    const rec: RecoveryRecord = {
      at: new Date(now()).toISOString(), reason, folders: s.folders, watched: { mailbox: s.watched.mailbox, retaken: s.watched.retaken }, messages: s.created,
      replies: s.replies, repliesRebuilt: s.repliesRebuilt, durationMs: s.durationMs,
    };
    await recordRecovery(deps.redis, deps.prefix, rec);
    await remember(ready.id, ready.checkpoint);
    deps.log.warn({ ...rec, sentFolder: s.sentFolder, sentScanMs: s.sentScanMs, watched: s.watched },
      `recovered from a Redis reset: ${Object.values(s.folders).reduce((a, b) => a + b, 0)} filed messages and ${s.watched.retaken} lost from below the watched folder's cursor taken in again (${s.created} were missing), ${s.replies} replies found in the Sent folder (${s.repliesRebuilt} records rebuilt), in ${s.durationMs} ms`);
    return rec;
  }

  /**
   * Decide; `hooks` pause a running worker around a rebuild. When only the Sent folder can tell and it
   * cannot be read (IMAP down), or `deferSent` asks to wait for the watcher's own login (so a wrong
   * password costs no extra login), the decision is left `undecided` until a checkpoint after the
   * watcher logged in; the caller holds replies meanwhile, and `hooks.resume` releases them.
   */
  async function ensure(hooks?: PauseHooks, opts: { deferSent?: boolean } = {}): Promise<RecoveryRecord | null> {
    const wasUndecided = undecided;
    firstLook ??= now();
    const file = await fileState();
    const epoch = await readEpoch(deps.redis, deps.prefix);
    const remembered = known ?? (file ? { epoch: file.epoch, checkpoint: file.checkpoint } : null);
    start ??= file?.start ?? null;
    const verdict = await judge({
      epoch, remembered,
      redisHasData: (await deps.redis.exists(`${deps.prefix}:messages`, startKey(deps.prefix, deps.watched))) > 0,
      sentReplies: async () => {
        if (opts.deferSent) throw new SentUnreadable('deferred until the watcher has logged in');
        try {
          return await deps.sentEvidence();
        } catch (err) {
          throw new SentUnreadable((err as Error).message);
        }
      },
    }).catch((err: unknown) => {
      if (!(err instanceof SentUnreadable)) throw err;
      if (!opts.deferSent) deps.log.warn({ err: err.message }, 'Redis holds no epoch and the Sent folder could not be read: deciding once IMAP answers');
      return null;
    });
    undecided = verdict === null;
    if (!verdict) return null;
    if (verdict.action === 'rebuild') {
      if (hooks && !paused) await hooks.pause();
      paused = Boolean(hooks) || wasUndecided;
      const rec = await recover(verdict.reason, file);
      if (paused) await hooks?.resume();
      paused = false;
      return rec;
    }
    if (verdict.action === 'create') {
      const e = await createEpoch(deps.redis, deps.prefix, newEpoch(true, now()));
      deps.log.info({ epoch: e.id, why: verdict.why }, 'Redis epoch created');
      await remember(e.id, e.checkpoint);
    } else {
      await remember(epoch!.id, Math.max(epoch!.checkpoint, remembered?.epoch === epoch!.id ? remembered.checkpoint : 0));
    }
    if (wasUndecided) await hooks?.resume();
    return null;
  }

  async function tickOnce(hooks?: PauseHooks): Promise<void> {
    const seen = closes;
    await checkOnce(hooks);
    verifiedCloses = Math.max(verifiedCloses, seen);
  }

  async function checkOnce(hooks?: PauseHooks): Promise<void> {
    if (!known) {
      if (paused || (undecided && (await deps.imapAnswers()))) await ensure(hooks);
      return;
    }
    const server = await serverRunId();
    // Taken as the server's only once the rebuild is done: until then `suspect` holds sends, and a
    // failed rebuild is tried again at the next check.
    const restarted = runId !== null && server !== null && server !== runId;
    const r = await advanceCheckpoint(deps.redis, deps.prefix, known.epoch, known.checkpoint, Math.max(now(), known.checkpoint + 1));
    let reason: string | null = null;
    if (r.state === 'ok' && restarted) reason = 'Redis restarted under the running worker: it may have lost its last writes (the AOF fsync interval)';
    else if (r.state === 'ok') await remember(known.epoch, r.checkpoint);
    else if (r.state === 'missing') reason = `the epoch is gone from Redis (epoch ${known.epoch})`;
    else if (r.epoch.checkpoint < known.checkpoint) reason = `Redis lost its latest writes: its checkpoint is ${new Date(r.epoch.checkpoint).toISOString()}, ${new Date(known.checkpoint).toISOString()} was acknowledged`;
    else if (r.state === 'other' && r.epoch.ready) {
      // Another process found the loss and rebuilt: this server's state is the rebuilt one.
      await remember(r.epoch.id, r.epoch.checkpoint);
      if (restarted) runId = server;
    } else reason = 'a rebuild was asked for (endorse rebuild), or one begun by another process did not finish';
    if (!reason && !paused) return;
    if (!paused) await hooks?.pause();
    paused = true;
    if (reason) await recover(reason, null);
    if (restarted) runId = server;
    paused = false;
    await hooks?.resume();
  }

  return {
    ensure: (hooks, opts) => ensure(hooks, opts),
    get undecided() {
      return undecided;
    },
    rebuild: async (reason) => recover(reason, await fileState()),
    async suspect() {
      if (!known) return false;
      if (closes !== verifiedCloses) {
        const seen = closes;
        if ((await serverRunId()) !== runId) {
          kicked ??= this.tick(lastHooks).finally(() => (kicked = null));
          return true;
        }
        // The same server: the connection dropped, Redis kept its data (the epoch is checked below).
        if (closes === seen) verifiedCloses = Math.max(verifiedCloses, seen);
      }
      const e = await readEpoch(deps.redis, deps.prefix);
      return !e || e.id !== known.epoch || e.ready === false || e.checkpoint < known.checkpoint;
    },
    tick(hooks) {
      const run = chain.then(() => tickOnce(hooks));
      const done = run.then(() => true, (err: Error) => {
        deps.log.error({ err: err.message }, 'epoch checkpoint or rebuild failed; tried again at the next checkpoint');
        return false;
      });
      chain = done.then(() => undefined);
      return done;
    },
    start(everyMs, hooks) {
      lastHooks = hooks;
      let timer: NodeJS.Timeout | null = null;
      let stopped = false;
      // While undecided, replies wait for the watcher's login: look again soon, not a whole interval later.
      const next = () => {
        if (stopped) return;
        timer = setTimeout(() => void this.tick(hooks).finally(next), undecided ? Math.min(everyMs, UNDECIDED_LOOK_MS) : everyMs);
      };
      next();
      return async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await chain;
      };
    },
  };
}
