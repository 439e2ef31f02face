/**
 * Start-up repair, so that no outage or crash leaves work behind for good: intake jobs that ran out
 * of attempts are retried; reply jobs that ran out of attempts on transient errors (an SMTP outage
 * longer than their backoff) are retried; every reply still owed without a job, or with one that
 * completed before Redis lost the state it left, gets one (a due
 * acknowledgement, an approved item's confirmation, a withdrawn item's note, a question or answer
 * saved: a FLUSHALL and a restore lose the jobs, not the records); and staged
 * bytes of messages the store already has (left by a crash, or by a version that kept them 30 days)
 * leave Redis. Every step is idempotent: the processors skip what is already done.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { replyKeys } from '../replies/keys';
import { getQuestion, type Question } from '../replies/questions';
import type { ReviewStore } from '../review/store';
import { owedItemReplies, owedQuestionReplies, replyOpen } from './owed';
import { rawKey, replyJobId, replyJobOptions, type IntakePayload, type ReplyPayload } from './queues';
import { allFailed } from './repair';
import { stillOwed } from './reply';

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

/** What the start-up repair may queue. */
export interface ReconcileOptions {
  /** REPLIES: false queues no confirmation, withdrawal note, question or answer (default true). */
  replies?: boolean;
  /** Confirmations and withdrawal notes are queued again only for actions this recent (days; 0 or absent: any). */
  maxAgeDays?: number;
}

export async function reconcile(
  intakeQueues: Queue<IntakePayload>[], reply: Queue<ReplyPayload>, store: ReviewStore, raw?: { redis: Redis; prefix: string }, opts: ReconcileOptions = {},
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
  // A permanent SMTP refusal marked the record `failed`: that waits for a person, not a retry.
  const records = raw ? { ...raw, store } : null;
  for (const job of await allFailed(reply)) {
    if (records && !(await stillOwed(job.data, records))) continue;
    await job.retry('failed');
    result.repliesRetried++;
  }
  const queue = async (p: ReplyPayload) => {
    const jobId = replyJobId(p);
    const job = await reply.getJob(jobId);
    // A completed job whose reply is still owed ran against state Redis has since lost (a restart
    // from an older AOF): it is run again; the sent-record and the Sent folder stop a second send.
    if (job) {
      if (!(await job.isCompleted())) return;
      await job.remove();
    }
    await reply.add(p.type, p, { ...replyJobOptions, jobId });
    result.repliesQueued++;
  };
  // Reply states only: full records (with their bodies) are read just for replies still open.
  const states = await store.replyStates();
  const candidates = await Promise.all(states.filter((m) => replyOpen(m.reply)).map((m) => store.getMessage(m.key)));
  for (const m of candidates) {
    if (m?.acknowledgeDue && replyOpen(m.reply)) await queue({ type: 'acknowledgement', id: m.key });
  }
  if (opts.replies === false) return result;
  const since = opts.maxAgeDays ? Date.now() - opts.maxAgeDays * 86_400_000 : 0;
  for (const p of owedItemReplies(await store.listItems(), since)) await queue(p);
  if (raw) for (const p of owedQuestionReplies(await allQuestions(raw.redis, raw.prefix))) await queue(p);
  return result;
}

/** Every question and answer saved (SCAN of their keys). */
async function allQuestions(redis: Redis, prefix: string): Promise<Question[]> {
  const head = replyKeys(prefix).question('');
  const out: Question[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', PAGE);
    cursor = next;
    for (const k of keys) {
      const q = await getQuestion(redis, prefix, k.slice(head.length));
      if (q) out.push(q);
    }
  } while (cursor !== '0');
  return out;
}
