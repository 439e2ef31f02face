/**
 * Start-up repair, so that no outage or crash leaves work behind for good: intake jobs that ran out
 * of attempts are retried; reply jobs that ran out of attempts on transient errors (an SMTP outage
 * longer than their backoff) are retried; a due acknowledgement without a job gets one; and staged
 * bytes of messages the store already has (left by a crash, or by a version that kept them 30 days)
 * leave Redis. Every step is idempotent: the processors skip what is already done.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { ReviewStore } from '../review/store';
import { rawKey, replyJobId, replyJobOptions, type IntakePayload, type ReplyPayload } from './queues';

export interface ReconcileResult {
  intakeRetried: number;
  repliesRetried: number;
  repliesQueued: number;
  /** Staged bytes deleted because the store has their message (without an error). */
  rawReleased: number;
}

/** Delete the staged bytes of every message the store has and read without error (see intake.ts). */
async function releaseStoredRaw(redis: Redis, prefix: string, store: ReviewStore): Promise<number> {
  const head = rawKey(prefix, '');
  let released = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', PAGE);
    cursor = next;
    for (const k of keys) {
      const rec = await store.getMessage(k.slice(head.length));
      if (rec && !rec.error) released += await redis.del(k);
    }
  } while (cursor !== '0');
  return released;
}

const PAGE = 500;

export async function reconcile(
  intakeQueues: Queue<IntakePayload>[], reply: Queue<ReplyPayload>, store: ReviewStore, raw?: { redis: Redis; prefix: string },
): Promise<ReconcileResult> {
  const result: ReconcileResult = { intakeRetried: 0, repliesRetried: 0, repliesQueued: 0, rawReleased: 0 };
  if (raw) result.rawReleased = await releaseStoredRaw(raw.redis, raw.prefix, store);
  for (const intake of intakeQueues) {
    for (;;) {
      // Retried jobs leave the failed set, so the first page is always the next one.
      const failed = await intake.getFailed(0, PAGE - 1);
      for (const job of failed) await job.retry('failed');
      result.intakeRetried += failed.length;
      if (failed.length < PAGE) break;
    }
  }
  // Reply states only: full records (with their bodies) are read just for replies still open.
  const states = await store.replyStates();
  const replyOf = new Map(states.map((m) => [m.key, m.reply]));
  const open = (reply: string | undefined) => reply === undefined || reply === 'none' || reply === 'queued';
  // Collected before acting: retrying moves jobs out of the failed set, which would shift the pages.
  const failedReplies = [];
  for (let start = 0; ; start += PAGE) {
    const page = await reply.getFailed(start, start + PAGE - 1);
    failedReplies.push(...page);
    if (page.length < PAGE) break;
  }
  for (const job of failedReplies) {
    // A permanent SMTP refusal marked the record `failed`: that waits for a person, not a retry.
    if (job.data.type === 'acknowledgement' && !open(replyOf.get(job.data.id))) continue;
    if (job.data.type === 'confirmation' && !open((await store.getItem(job.data.id))?.reply)) continue;
    await job.retry('failed');
    result.repliesRetried++;
  }
  const candidates = await Promise.all(states.filter((m) => open(m.reply)).map((m) => store.getMessage(m.key)));
  for (const m of candidates) {
    if (!m?.acknowledgeDue || !open(m.reply)) continue;
    const payload: ReplyPayload = { type: 'acknowledgement', id: m.key };
    const jobId = replyJobId(payload);
    if (await reply.getJob(jobId)) continue;
    await reply.add('acknowledgement', payload, { ...replyJobOptions, jobId });
    result.repliesQueued++;
  }
  return result;
}
