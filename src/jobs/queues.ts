/**
 * Queue names, payload schemas and default job options. Jobs carry ids, never whole mails: records
 * live in the review store, and the few bytes staged for an intake job (`endorse import`) wait in
 * Redis under `${prefix}:raw:<key>`; the watcher stages none (see sink.ts).
 * BullMQ job ids must not contain ':', so ids are `<kind>-<key>`.
 */
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

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

// The reply payload lives in src/replies, below both review/ (which queues replies) and jobs/.
export { REPLY_TYPES, replyJobId, replyJobOptions, replyPayload, type ReplyPayload } from '../replies/reply-job';

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

/** Redis key of a message's staged raw bytes. */
export function rawKey(prefix: string, key: string): string {
  return `${prefix}:raw:${key}`;
}
