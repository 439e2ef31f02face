/**
 * Queue names, payload schemas and default job options. Jobs carry ids, never whole mails: the raw
 * bytes wait in Redis under `${prefix}:raw:<key>` and the records live in the review store.
 * BullMQ job ids must not contain ':', so ids are `<kind>-<key>`.
 */
import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

export const INTAKE_QUEUE = 'intake';
/**
 * Messages over LARGE_MESSAGE_BYTES go to their own queue, taken one at a time by one worker per
 * process (never by the extra threads): parsing a 10 MB message costs several times its size in
 * memory, so this keeps peak memory flat in mailbox size, and big mail never starves small mail.
 */
export const INTAKE_LARGE_QUEUE = 'intake-large';
export const LARGE_MESSAGE_BYTES = 1024 * 1024;
export const REPLY_QUEUE = 'reply';

export const intakePayload = z.object({
  key: z.string().regex(/^[mb][0-9a-f]{32}$/),
  mailbox: z.string(),
  uidValidity: z.string(),
  uid: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  receivedAt: z.string(),
  oversized: z.boolean(),
  /** Taken in by `endorse import` (history): recorded as imported, never acknowledged. */
  imported: z.boolean().optional(),
});
export type IntakePayload = z.infer<typeof intakePayload>;

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
 * Completed jobs are kept a day so a re-add of the same id is a no-op while it matters; after that
 * the processors' own idempotency (store record, sent-record) carries it.
 */
export const intakeJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * Transient SMTP failures are retried with exponential backoff (2 s, 4 s, ... 32 s), each wait drawn
 * from its upper half (jitter) so replies refused together by a busy server do not return together.
 */
export const replyJobOptions: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 50000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Redis key of a message's staged raw bytes. */
export function rawKey(prefix: string, key: string): string {
  return `${prefix}:raw:${key}`;
}
