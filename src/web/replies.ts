/**
 * What the review pages know about replies: whether the circuit breaker holds them back, whether an
 * address bounces, and resending a reply that failed. It reads the reply side's Redis keys (through
 * src/replies) and re-queues jobs on the BullMQ reply queue.
 */
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { replyJobId, replyJobOptions, type ReplyPayload } from '../jobs/queues';
import { pauseState, type Hold, type PauseState } from '../replies/breaker';
import { bouncingAddress, clearBounce } from '../replies/bounces';
import { replyRecipient, type Recipient, type RecipientRule } from '../replies/policy';
import { listQuestions, type Question } from '../replies/questions';
import { queueAnswer, queueQuestion, releaseHeldReplies } from '../jobs/reply';
import { sentReplies, type SentReply } from '../replies/sent';
import type { ReplyType } from '../replies/templates';
import type { ReplyQueueLike } from '../review/workflow';
import type { MessageRecord, ReplyState } from '../review/types';
import { HttpError } from './errors';

/** An address our replies bounced from, as recorded. */
export interface Bounce {
  address: string;
  at: string;
  detail: string;
}

/** The reply side as the pages use it; every read answers "nothing known" without a Redis. */
export interface ReplyWeb {
  pause(): Promise<PauseState | null>;
  /**
   * Who a reply about this message goes to, chosen as the reply service chooses it: the contact,
   * else a Reply-To the message proves, else From (with a note saying why Reply-To was passed over).
   */
  recipient(contact: string | null, msg: Pick<MessageRecord, 'replyTo' | 'from' | 'authResults'> | null): Recipient;
  bouncing(address: string | null): Promise<Bounce | null>;
  /** The BullMQ reply queue, when the app has a real one. */
  queue(): Queue<ReplyPayload> | null;
  /** The questions asked about a message, oldest first. */
  questions(messageKey: string): Promise<Question[]>;
  /**
   * Save an organiser's question and queue it to be sent in the thread.
   * @throws HttpError 409 without a reply queue
   */
  ask(q: { messageKey: string; text: string; by: string }): Promise<Question>;
  /**
   * Save an organiser's answer and queue it to be sent as written, in the thread.
   * @throws HttpError 409 without a reply queue
   */
  answer(a: { messageKey: string; text: string; by: string; language?: string | null }): Promise<Question>;
  /** The replies of `refs` that were sent, oldest first (none without a Redis). */
  sent(refs: { type: ReplyType; id: string }[]): Promise<SentReply[]>;
  /** The Redis and key prefix the reply side uses (for the questions inbox), or null without them. */
  backend(): Promise<{ redis: Redis; prefix: string } | null>;
  /**
   * An organiser's release of replies held past the daily or per-domain limit: the holds are lifted
   * and the held jobs woken. Returns the holds lifted.
   * @throws HttpError 409 without a reply queue
   */
  release(): Promise<Hold[]>;
  /** Lift the bouncing mark of an address, so replies go to it again; false when it had none. */
  clearBounce(address: string): Promise<boolean>;
}

/**
 * Build it from an explicit Redis and prefix or, lacking them, from the reply queue when it is a
 * BullMQ Queue: its connection and prefix are the ones the reply worker writes under.
 */
export function replyWeb(opts: { redis?: Redis | null; prefix?: string | null; replyQueue?: ReplyQueueLike | null; recipients?: RecipientRule }): ReplyWeb {
  const q = opts.replyQueue instanceof Queue ? (opts.replyQueue as Queue<ReplyPayload>) : null;
  const prefix = opts.prefix ?? q?.opts.prefix ?? null;
  const client = async (): Promise<Redis | null> => opts.redis ?? (q ? ((await q.getBackend().client) as unknown as Redis) : null);
  return {
    async pause() {
      const redis = await client();
      return redis && prefix ? pauseState(redis, prefix) : null;
    },
    recipient: (contact, msg) => replyRecipient({
      contact, replyTo: msg?.replyTo ?? null, from: msg?.from ?? null, authResults: msg?.authResults ?? [],
      authservId: opts.recipients?.authservId ?? null, ownDomains: opts.recipients?.ownDomains ?? [],
    }),
    async bouncing(address) {
      const redis = await client();
      if (!redis || !prefix || !address) return null;
      const b = await bouncingAddress(redis, prefix, address);
      return b ? { address, at: b.at, detail: b.detail } : null;
    },
    queue: () => q,
    async questions(messageKey) {
      const redis = await client();
      return redis && prefix ? listQuestions(redis, prefix, messageKey) : [];
    },
    async ask(question) {
      const redis = await client();
      if (!redis || !prefix || !q) throw new HttpError(409, 'no_reply_queue', 'Not sent: this review page has no reply queue to send from.');
      return queueQuestion({ redis, prefix, replyQueue: q }, question);
    },
    async answer(a) {
      const redis = await client();
      if (!redis || !prefix || !q) throw new HttpError(409, 'no_reply_queue', 'Not sent: this review page has no reply queue to send from.');
      return queueAnswer({ redis, prefix, replyQueue: q }, a);
    },
    async sent(refs) {
      const redis = await client();
      return redis && prefix ? sentReplies(redis, prefix, refs) : [];
    },
    async backend() {
      const redis = await client();
      return redis && prefix ? { redis, prefix } : null;
    },
    async release() {
      const redis = await client();
      if (!redis || !prefix || !q) throw new HttpError(409, 'no_reply_queue', 'Not released: this review page has no reply queue to send from.');
      return releaseHeldReplies({ redis, prefix, replyQueue: q });
    },
    async clearBounce(address) {
      const redis = await client();
      return !!redis && !!prefix && clearBounce(redis, prefix, address);
    },
  };
}

/** "2026-11-27 14:05 UTC" from an ISO time. */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'further notice';
}

/**
 * Resend a failed reply: refused for a bouncing address or a reply that has not failed; otherwise the
 * failed state is cleared (`clear`) and the job queued again (a failed or finished job with the same
 * id is retried; a missing one added; a waiting one left as it is).
 * @throws HttpError 409 with what is wrong
 */
export async function resendReply(
  web: ReplyWeb, p: ReplyPayload, state: ReplyState, address: string | null, clear: () => Promise<void>,
): Promise<void> {
  if (state !== 'failed') throw new HttpError(409, 'not_failed', `Only a failed reply can be resent; this one is ${state}.`);
  const bounce = await web.bouncing(address);
  if (bounce) {
    throw new HttpError(409, 'bouncing', `Not resent: replies to ${bounce.address} bounced (${bounce.detail}), so no reply goes to that address again. Correct the contact address to reply elsewhere.`);
  }
  const queue = web.queue();
  if (!queue) throw new HttpError(409, 'no_reply_queue', 'Not resent: this review page has no reply queue to send from.');
  await clear();
  const jobId = replyJobId(p);
  const job = await queue.getJob(jobId);
  if (!job) {
    await queue.add(p.type, p, { ...replyJobOptions, jobId });
    return;
  }
  const jobState = await job.getState();
  if (jobState === 'failed' || jobState === 'completed') await job.retry(jobState);
}
