/**
 * Start-up repair, so that no outage or crash leaves work behind for good: intake jobs that ran out
 * of attempts are retried; reply jobs that ran out of attempts on transient errors (an SMTP outage
 * longer than their backoff) are retried; and a due acknowledgement without a job gets one. Every
 * step is idempotent: the processors skip what is already done.
 */
import type { Queue } from 'bullmq';
import type { ReviewStore } from '../review/store';
import { replyJobId, replyJobOptions, type IntakePayload, type ReplyPayload } from './queues';

export interface ReconcileResult {
  intakeRetried: number;
  repliesRetried: number;
  repliesQueued: number;
}

const PAGE = 500;

export async function reconcile(intakeQueues: Queue<IntakePayload>[], reply: Queue<ReplyPayload>, store: ReviewStore): Promise<ReconcileResult> {
  const result: ReconcileResult = { intakeRetried: 0, repliesRetried: 0, repliesQueued: 0 };
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
