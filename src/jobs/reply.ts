/**
 * The reply job: hands the payload to the reply service, which applies the policy, renders, sends
 * and records. A permanent SMTP failure becomes BullMQ's UnrecoverableError so the job ends without
 * retries; the circuit breaker moves the job to delayed (no attempt spent, nothing dropped); anything
 * else is thrown for retry with backoff; a hold (daily or per-domain limit) parks the job until an
 * organiser's `releaseHeldReplies`. `queueQuestion` is how the review side asks a sender something.
 * Replies that ran out of attempts on transient errors (an SMTP outage longer than their backoff)
 * are found by `failedTransientReplies` and retried by `retryWhenSmtpRecovers` once SMTP answers.
 */
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type Redis from 'ioredis';
import { releaseHeld, RepliesHeldError, RepliesPausedError, type Hold } from '../replies/breaker';
import { PermanentSendError } from '../replies/mailer';
import { getQuestion, saveAnswer, saveQuestion, type Question } from '../replies/questions';
import type { ReviewStore } from '../review/store';
import type { ReplyService } from '../replies/service';
import { replyJobId, replyJobOptions, type ReplyPayload } from './queues';

/** Spread the paused replies over a few seconds, so they do not all wake at the same instant. */
const RESUME_JITTER_MS = 5000;
/** A held reply looks again this often; only a release (which wakes it at once) lets it out. */
const HOLD_RECHECK_MS = 6 * 3600_000;

/**
 * Process one reply job. With the BullMQ job and its lock token, a paused reply is moved to delayed
 * until the breaker lets it through; without them (tests, scripts) RepliesPausedError is thrown.
 */
export async function processReply(p: ReplyPayload, service: ReplyService, job?: Job, token?: string): Promise<string> {
  try {
    if (p.type === 'acknowledgement') return await service.sendAcknowledgement(p.id);
    if (p.type === 'confirmation') return await service.sendConfirmation(p.id);
    if (p.type === 'withdrawal') return await service.sendWithdrawal(p.id);
    if (p.type === 'answer') return await service.sendAnswer(p.id);
    return await service.sendQuestion(p.id);
  } catch (err) {
    if (err instanceof PermanentSendError) throw new UnrecoverableError(err.message);
    if (err instanceof RepliesPausedError && job && token) {
      await job.moveToDelayed(err.retryAt + Math.floor(Math.random() * RESUME_JITTER_MS), token);
      throw new DelayedError();
    }
    if (err instanceof RepliesHeldError && job && token) {
      await job.moveToDelayed(Date.now() + HOLD_RECHECK_MS, token);
      throw new DelayedError();
    }
    throw err;
  }
}

/**
 * Save an organiser's question about a message (and item) and queue it to be sent in the thread.
 * The same words about the same message are one question, sent once.
 */
export async function queueQuestion(
  deps: { redis: Redis; prefix: string; replyQueue: Queue<ReplyPayload> },
  q: { messageKey: string; itemId?: string | null; text: string; by: string },
): Promise<Question> {
  const question = await saveQuestion(deps.redis, deps.prefix, q);
  const payload: ReplyPayload = { type: 'needs-information', id: question.id };
  await deps.replyQueue.add('needs-information', payload, { ...replyJobOptions, jobId: replyJobId(payload) });
  return question;
}

/**
 * Save an organiser's answer to a message and queue it to be sent as written, in the thread. The
 * same words about the same message are one answer, sent once.
 */
export async function queueAnswer(
  deps: { redis: Redis; prefix: string; replyQueue: Queue<ReplyPayload> },
  a: { messageKey: string; text: string; by: string; language?: string | null },
): Promise<Question> {
  const answer = await saveAnswer(deps.redis, deps.prefix, a);
  const payload: ReplyPayload = { type: 'answer', id: answer.id };
  await deps.replyQueue.add('answer', payload, { ...replyJobOptions, jobId: replyJobId(payload) });
  return answer;
}

/**
 * An organiser's release of the replies held past the daily or per-domain limit: the holds are
 * lifted, the counts start again, and the waiting reply jobs are woken now. Returns the holds lifted.
 * For the review page's button.
 */
export async function releaseHeldReplies(deps: { redis: Redis; prefix: string; replyQueue: Queue<ReplyPayload> }): Promise<Hold[]> {
  const lifted = await releaseHeld(deps.redis, deps.prefix);
  await deps.replyQueue.promoteJobs();
  return lifted;
}

/** Where a reply's state is recorded, for telling a transient failure from a refusal or a send. */
export interface ReplyRecords {
  redis: Redis;
  prefix: string;
  store: ReviewStore;
}

/**
 * Whether the reply of a failed job is still owed: not refused for good (`failed`), not sent, not
 * suppressed, not gone. A permanent refusal waits for a person; the rest failed on transient errors.
 */
export async function stillOwed(p: ReplyPayload, r: ReplyRecords): Promise<boolean> {
  const record = p.type === 'acknowledgement' ? await r.store.getMessage(p.id)
    : p.type === 'needs-information' || p.type === 'answer' ? await getQuestion(r.redis, r.prefix, p.id)
      : await r.store.getItem(p.id);
  const state = record ? record.reply ?? 'none' : undefined;
  // No record at all: retrying cannot help (the job names something that is gone).
  return state === 'none' || state === 'queued';
}

const PAGE = 500;

/** Reply jobs in the failed set whose reply is still owed: they failed on transient errors. */
export async function failedTransientReplies(replyQueue: Queue<ReplyPayload>, r: ReplyRecords): Promise<Job<ReplyPayload>[]> {
  if ((await replyQueue.getFailedCount()) === 0) return [];
  const failed: Job<ReplyPayload>[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await replyQueue.getFailed(start, start + PAGE - 1);
    failed.push(...page);
    if (page.length < PAGE) break;
  }
  const owed = await Promise.all(failed.map((j) => stillOwed(j.data, r)));
  return failed.filter((_, i) => owed[i]);
}

/** What one repair round found. */
export interface RecoveryRound {
  /** Replies that failed on transient errors before this round. */
  waiting: number;
  /** Of those, retried now because SMTP answered. */
  retried: number;
  /** Why SMTP still does not work, when it does not. */
  smtpError?: string;
}

/**
 * One round of the reply repair: when replies failed on transient errors, check SMTP (connect and
 * log in) and, if it answers, put them back in the queue. Cheap when nothing failed (one count).
 */
export async function retryWhenSmtpRecovers(replyQueue: Queue<ReplyPayload>, r: ReplyRecords, verifySmtp: () => Promise<void>): Promise<RecoveryRound> {
  const jobs = await failedTransientReplies(replyQueue, r);
  if (!jobs.length) return { waiting: 0, retried: 0 };
  try {
    await verifySmtp();
  } catch (err) {
    return { waiting: jobs.length, retried: 0, smtpError: (err as { serverResponse?: string }).serverResponse ?? (err as Error).message };
  }
  let retried = 0;
  // Another process may have retried the same job a moment ago: that one is simply not counted.
  for (const job of jobs) retried += await job.retry('failed').then(() => 1, () => 0);
  return { waiting: jobs.length, retried };
}
