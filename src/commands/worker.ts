/**
 * `endorse worker [--once]`: the watcher plus the intake and reply workers. Long-running mode stops
 * on SIGTERM/SIGINT after finishing in-flight jobs (within STOP_GRACE_SECONDS), and heals on its
 * own: jobs failed on passing faults (Redis, SMTP) are retried every minute, and when the
 * connection comes back; `--once` drains the mailbox and the queues, and fails (exit 1) when
 * replies could not be sent.
 */
import type { Container } from '../container';
import { LeaseLostError } from '../intake/errors';
import { repairRound, startRepair } from '../jobs/repair';
import { failedTransientReplies } from '../jobs/reply';
import { startWorkerThreadsWhenBusy } from '../jobs/threads';
import { pauseState } from '../replies/breaker';
import { startHeapPacer } from '../heap-pace';
import { serveWorkerMetrics } from '../metrics/worker-metrics';
import { startBackups } from './backup';
import { environment, withContainer } from './context';
import { finishWithin } from './stop-grace';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often the long-running worker looks for jobs to retry while none waits. */
export const REPLY_REPAIR_MS = 60_000;
/** How often while some wait for SMTP or Redis to come back: soon after it does. */
export const REPAIR_RETRY_MS = 15_000;

/** Replies could not be sent in a `--once` run (exit 1); they stay queued for a later run. */
export class RepliesNotSentError extends Error {
  override name = 'RepliesNotSentError';
}

/**
 * Every `everyMs` (and once now; every REPAIR_RETRY_MS while work waits; at once when the Redis
 * connection is back after a drop): intake jobs failed on passing faults are retried, and replies
 * that ran out of attempts on transient errors are retried as soon as SMTP answers; while it does
 * not, the log says why. Returns a stop function.
 */
export function startReplyRepair(c: Container, everyMs = REPLY_REPAIR_MS, retryMs = REPAIR_RETRY_MS): () => Promise<void> {
  const deps = {
    intakeQueues: [c.intakeQueue, c.intakeLargeQueue], replyQueue: c.replyQueue, verifySmtp: c.verifySmtp,
    records: { redis: c.redis, prefix: c.config.QUEUE_PREFIX, store: c.store },
  };
  return startRepair({
    everyMs, retryMs, connections: [c.redis],
    round: async () => {
      const r = await repairRound(deps);
      if (r.intakeRetried) c.log.info({ retried: r.intakeRetried }, 'intake jobs failed on a passing fault retried');
      if (r.retried) c.log.info({ retried: r.retried }, 'SMTP answers: failed replies retried');
      else if (r.waiting) c.log.warn({ waiting: r.waiting, smtp: r.smtpError }, 'replies wait for SMTP to recover');
      if (r.intakeWaiting > r.intakeRetried) c.log.warn({ waiting: r.intakeWaiting - r.intakeRetried }, 'intake jobs failed on a passing fault could not be retried yet');
      return r.intakeWaiting > r.intakeRetried || r.waiting > r.retried;
    },
    onError: (err) => c.log.warn({ err: String(err) }, 'repair round failed; trying again soon'),
  });
}

/**
 * Read the mailbox, taking the lease again if it lapsed midway (a stalled event loop can miss a
 * renewal). Safe: cursor writes are fenced by the lease and redelivered mail is deduped by key.
 * Another watcher that really holds the mailbox makes the next attempt wait, then fail clearly.
 */
async function syncAll(c: Container): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await c.watcher.syncOnce()).fetched;
    } catch (err) {
      if (!(err instanceof LeaseLostError) || attempt >= 3) throw err;
      c.log.warn({ attempt }, 'mailbox lease lapsed while reading; taking it again');
    }
  }
}

/**
 * While the worker runs: move the epoch's checkpoint up every EPOCH_CHECKPOINT_SECONDS and at once
 * when Redis reconnects; a Redis that lost state is rebuilt with the watcher stopped and replies
 * paused (src/recovery). Returns a stop function.
 */
export function startEpochWatch(c: Container, parts: Parts): () => Promise<void> {
  const hooks = {
    pause: async () => {
      if (parts.watcher) await c.watcher.stop();
      await c.pauseReplies();
    },
    resume: async () => {
      // A rebuild brings records back whose reply jobs Redis lost, or that failed meanwhile (a job
      // restored without its record): queued again, as at a start, before replies go on.
      if (parts.reply) {
        await c.repair().catch((err: Error) => c.log.warn({ err: err.message }, 'queuing the replies still owed after the rebuild failed; the next start does it'));
      }
      c.resumeReplies();
      if (parts.watcher) await c.watcher.start();
    },
  };
  // Redis gone: no reply job starts until Redis is back and the check has run, since a Redis that
  // restarted may have lost the sent-records of its last second (see the guard).
  let held = false;
  let checking = false;
  let ended = false;
  const onClose = () => {
    if (held || ended) return;
    held = true;
    void c.pauseReplies(true).catch(() => undefined);
  };
  const onReady = () => {
    if (checking || ended) return;
    checking = true;
    void (async () => {
      while (!ended && !(await c.recovery.tick(hooks))) await sleep(1000);
      checking = false;
      if (held && !ended) {
        held = false;
        c.resumeReplies();
      }
    })();
  };
  c.redis.on('close', onClose);
  c.redis.on('ready', onReady);
  const stop = c.recovery.start(c.config.EPOCH_CHECKPOINT_SECONDS * 1000, hooks);
  return async () => {
    ended = true;
    c.redis.off('close', onClose);
    c.redis.off('ready', onReady);
    await stop();
  };
}

/** Everything now in the mailbox: fetch it, wait for both queues, file what was processed. */
export async function runOnce(c: Container): Promise<void> {
  const pacer = startHeapPacer(c.config.HEAP_PACE_MB);
  try {
    await drainOnce(c);
  } finally {
    pacer.stop();
  }
}

async function drainOnce(c: Container): Promise<void> {
  // Before anything could send: a Redis that lost state is rebuilt from the mailbox first.
  await c.recovery.ensure();
  await c.repair();
  c.startWorkers();
  const threads = startWorkerThreadsWhenBusy(c.config.WORKER_THREADS, environment(), c.log, () => c.intakeQueue.getWaitingCount());
  try {
    const fetched = await syncAll(c);
    c.log.info({ fetched, threads: threads.count }, 'mailbox read; waiting for the queues');
    while (!(await c.drained())) await sleep(100);
  } finally {
    await threads.stop();
  }
  // Filing waits for the store; a message whose move keeps failing must not hold --once forever.
  for (let round = 0; round < 20 && (await c.store.pendingFilingCount()) > 0; round++) {
    if ((await c.watcher.fileOnce()) === 0) await sleep(250);
  }
  const held = await pauseState(c.redis, c.config.QUEUE_PREFIX);
  if (held.held?.length) c.log.warn({ holds: held.held }, 'replies are held until an organiser releases them (endorse replies release)');
  else if (held.paused) c.log.warn({ until: held.until, maxPerHour: held.maxPerHour, reason: held.reason }, 'replies are held back by the circuit breaker; a later run sends them');
  c.log.info({ unfiled: await c.store.pendingFilingCount() }, 'done');
  await c.recovery.tick();
  const notSent = await failedTransientReplies(c.replyQueue, { redis: c.redis, prefix: c.config.QUEUE_PREFIX, store: c.store });
  if (notSent.length) {
    throw new RepliesNotSentError(`${notSent.length} repl${notSent.length === 1 ? 'y' : 'ies'} could not be sent (${notSent[0]!.failedReason}); they are retried by the next run, or by the running worker once SMTP answers`);
  }
}

/** Which parts a process runs; `endorse worker` runs all three. */
export interface Parts {
  watcher: boolean;
  intake: boolean;
  reply: boolean;
}

/** After a signal, the process exits this long past STOP_GRACE_SECONDS whatever it still waits on. */
const HARD_STOP_EXTRA_SECONDS = 5;

/**
 * Run the chosen parts until SIGTERM/SIGINT. Then stop taking work at once (workers fetch no new job,
 * the watcher fetches no new batch) and finish what is in flight within STOP_GRACE_SECONDS; past it,
 * log what was left and exit 1 at once (the next start takes it up: every step is idempotent).
 */
export async function runForever(c: Container, parts: Parts = { watcher: true, intake: true, reply: true }): Promise<void> {
  // Listening first: a signal during start-up repair must not kill the process mid-write.
  let received: string | null = null;
  let signalled: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (signal: string) => {
    received ??= signal;
    signalled(signal);
    // Whatever the process is waiting on (start-up, a stop, closing its connections), it is gone
    // shortly after the grace period: a supervisor's SIGKILL is what the grace period is there to avoid.
    setTimeout(() => {
      c.log.error({ signal, graceSeconds: c.config.STOP_GRACE_SECONDS }, `still running ${c.config.STOP_GRACE_SECONDS + HARD_STOP_EXTRA_SECONDS} s after ${signal}: exiting now; the next start takes up what was left`);
      process.exit(1);
    }, (c.config.STOP_GRACE_SECONDS + HARD_STOP_EXTRA_SECONDS) * 1000).unref();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  c.log.info({ parts }, 'starting: checking the state in Redis');
  // A first look that needs the Sent folder waits for the watcher's login; replies are held till then.
  await c.recovery.ensure(undefined, { deferSent: true });
  if (parts.intake || parts.reply) await c.repair();
  if (received) {
    c.log.info({ signal: received }, 'stopped before taking any job');
    return;
  }
  c.startWorkers(parts);
  const stopMetrics = await serveWorkerMetrics(c);
  if (c.recovery.undecided) await c.pauseReplies();
  const stopEpoch = startEpochWatch(c, parts);
  const threads = startWorkerThreadsWhenBusy(parts.intake && parts.reply ? c.config.WORKER_THREADS : 0, environment(), c.log, () => c.intakeQueue.getWaitingCount());
  const stopRepair = parts.reply ? startReplyRepair(c) : async () => undefined;
  const stopBackup = parts.watcher ? startBackups(c) : async () => undefined;
  const pacer = startHeapPacer(c.config.HEAP_PACE_MB);
  if (parts.watcher) {
    await c.watcher.start();
    c.log.info({ mailbox: c.config.IMAP_MAILBOX }, 'watching');
    // New mail under IDLE is understood inline: load that now, not when the first one arrives.
    if (parts.intake) void c.understander.warm();
  }
  const signal = await stopped;
  const graceSeconds = c.config.STOP_GRACE_SECONDS;
  c.log.info({ signal, graceSeconds }, 'stopping: no new jobs; finishing in-flight work');
  const t0 = Date.now();
  const { left, failed } = await finishWithin(graceSeconds * 1000, {
    'mailbox watcher': () => c.watcher.stop(),
    'intake and reply jobs': () => c.stopWorkers(),
    'worker threads': () => threads.stop(),
    'reply repair': stopRepair,
    'scheduled backups': stopBackup,
    'metrics listener': stopMetrics,
    'Redis epoch watch': stopEpoch,
  });
  pacer.stop();
  for (const f of failed) c.log.warn(f, 'stopping: a part failed to stop cleanly');
  if (left.length) {
    // Bounded: Redis may be what is stuck.
    const active = await Promise.race([activeJobs(c).catch(() => null), sleep(2000).then(() => null)]);
    c.log.error({ left, active, graceSeconds }, `stop grace period (STOP_GRACE_SECONDS=${graceSeconds}) over: exiting with ${left.join(', ')} unfinished; the next start takes it up`);
    // Closing hard: waiting for the rest is what the grace period forbids; their job locks lapse.
    process.exit(1);
  }
  c.log.info({ ms: Date.now() - t0 }, 'stopped: in-flight work finished');
}

/** Jobs active in each queue (this process's and any other's), for the log line of a stop that ran out of time. */
async function activeJobs(c: Container): Promise<Record<string, number>> {
  const [intake, large, reply] = await Promise.all([c.intakeQueue, c.intakeLargeQueue, c.replyQueue].map((q) => q.getActiveCount()));
  return { intake: intake!, 'intake-large': large!, reply: reply! };
}

export async function workerCommand(once: boolean): Promise<void> {
  await withContainer((c) => (once ? runOnce(c) : runForever(c)));
}
