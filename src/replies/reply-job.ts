/**
 * What a reply job carries and how it is named, below both the review side (which queues
 * confirmations and withdrawal notes) and the jobs side (which runs them), so neither reaches into
 * the other. BullMQ job ids must not contain ':', so ids are `<kind>-<id>`.
 */
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

export const REPLY_TYPES = ['acknowledgement', 'confirmation', 'withdrawal', 'needs-information', 'answer'] as const;
export const replyPayload = z.object({
  type: z.enum(REPLY_TYPES),
  /** Message key for an acknowledgement, item id for a confirmation or withdrawal, question id for a question or an answer. */
  id: z.string().min(1),
});
export type ReplyPayload = z.infer<typeof replyPayload>;

/** The job id of a reply: one job per (reply type, subject). */
export function replyJobId(p: ReplyPayload): string {
  const kind = { acknowledgement: 'ack', confirmation: 'confirm', withdrawal: 'withdraw', 'needs-information': 'ask', answer: 'answer' } as const;
  return `${kind[p.type]}-${p.id}`;
}

/**
 * Transient SMTP failures are retried with exponential backoff (2 s, 4 s, ... 32 s), each wait drawn
 * from its upper half (jitter) so replies refused together by a busy server do not return together.
 * Completed jobs are kept a day so a re-add of the same id is a no-op while it matters.
 */
export const replyJobOptions: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 50000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
