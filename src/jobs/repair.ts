/**
 * The long-running worker heals on its own: jobs that ran out of attempts on passing faults (Redis
 * out of memory or unreachable, SMTP down or answering 4xx) are put back every few minutes, more
 * often while some still wait, and at once when the Redis connection comes back, so an outage
 * longer than a job's backoff needs no restart. Every step is idempotent: the processors skip what
 * is already done.
 */
import type { Job, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { retryWhenSmtpRecovers, type RecoveryRound, type ReplyRecords } from './reply';
import type { IntakePayload, ReplyPayload } from './queues';
import { transientFailure } from './transient';

const PAGE = 500;

/** Every failed job of a queue, collected before any is retried (retrying shifts the pages). */
export async function allFailed<T>(queue: Queue<T>): Promise<Job<T>[]> {
  if ((await queue.getFailedCount()) === 0) return [];
  const out: Job<T>[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    out.push(...page);
    if (page.length < PAGE) break;
  }
  return out;
}

/**
 * Retry the intake jobs that failed on a passing fault (see transient.ts); the others are left for
 * a person (and for the start-up repair). `waiting`: how many were found; `retried`: of those, how
 * many went back (a retry refused, e.g. Redis still out of memory, waits for the next round).
 */
export async function retryTransientIntake(queues: Queue<IntakePayload>[]): Promise<{ waiting: number; retried: number }> {
  let waiting = 0;
  let retried = 0;
  for (const q of queues) {
    for (const job of await allFailed(q)) {
      if (!transientFailure(job.failedReason)) continue;
      waiting++;
      // Another process may have retried it a moment ago: that one is simply not counted.
      retried += await job.retry('failed').then(() => 1, () => 0);
    }
  }
  return { waiting, retried };
}

/** What one repair round did: intake jobs failed on passing faults found and retried, and the replies' round. */
export interface RepairRound extends RecoveryRound {
  intakeWaiting: number;
  intakeRetried: number;
}

/** What a round works on. */
export interface RepairDeps {
  intakeQueues: Queue<IntakePayload>[];
  replyQueue: Queue<ReplyPayload>;
  records: ReplyRecords;
  /** Connect to SMTP and log in; throws with the server's words. */
  verifySmtp: () => Promise<void>;
}

/** One round: intake jobs failed on passing faults, then replies still owed once SMTP answers. */
export async function repairRound(d: RepairDeps): Promise<RepairRound> {
  const intake = await retryTransientIntake(d.intakeQueues);
  return { intakeWaiting: intake.waiting, intakeRetried: intake.retried, ...(await retryWhenSmtpRecovers(d.replyQueue, d.records, d.verifySmtp)) };
}

/** When rounds run. */
export interface RepairSchedule {
  /** One round; resolves true when work still waits (the next round comes after `retryMs`). */
  round: () => Promise<boolean>;
  /** Between rounds while nothing waits. */
  everyMs: number;
  /** Between rounds while work waits for a connection to come back. */
  retryMs: number;
  /** Connections whose return ('ready' after a drop) starts a round at once. */
  connections?: Redis[];
  /** Told when a round throws (Redis still down): the next one comes after `retryMs`. */
  onError: (err: unknown) => void;
}

/**
 * Run `round` now, then on the schedule, one at a time, and when a watched connection is ready
 * again after a drop. Returns a stop function that waits for a round in progress.
 */
export function startRepair(s: RepairSchedule): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    running = running.then(async () => {
      if (stopped) return;
      const waiting = await s.round().catch((err: unknown) => {
        s.onError(err);
        return true;
      });
      schedule(waiting ? s.retryMs : s.everyMs);
    });
  }
  const dropped = new Set<Redis>();
  const listeners = (s.connections ?? []).map((conn) => {
    const drop = () => dropped.add(conn);
    // A moment after 'ready', so BullMQ's own connections have come back too.
    const ready = () => {
      if (dropped.delete(conn)) schedule(1000);
    };
    conn.on('close', drop).on('ready', ready);
    return () => conn.off('close', drop).off('ready', ready);
  });
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const off of listeners) off();
    await running;
  };
}
