/**
 * Recording that one of our replies bounced: the address it went to is marked bouncing (the policy
 * sends it nothing more) and the message, item or question it answered says so on the review page.
 */
import type Redis from 'ioredis';
import type { ReviewStore } from '../review/store';
import type { InboundMail } from '../mail/types';
import { bounceDetail, ourReplyMessageId } from './bounce-match';
import { replyKeys } from './keys';
import { setQuestionReply } from './questions';

/** What the bounce recorder needs: the review store and the Redis it lives in. */
export interface BounceDeps {
  redis: Redis;
  prefix: string;
  store: ReviewStore;
  /** Our Message-ID domains (the reply Message-IDs were made with the first). */
  ownDomains: readonly string[];
}

/** The address our reply went to and why it bounced, as recorded. */
export interface RecordedBounce {
  messageId: string;
  address: string;
  detail: string;
}

/**
 * When a delivery report names one of our replies, mark its recipient bouncing and record the failure
 * on what the reply answered. Returns null when the report is not about a reply of ours that we sent
 * (no sent-record: then we cannot know to whom it went). Idempotent.
 * @param raw the report's bytes, where the returned message's headers are (the parser skips them)
 */
export async function recordBounceOfOurReply(mail: InboundMail, raw: Buffer | null, deps: BounceDeps): Promise<RecordedBounce | null> {
  const ours = ourReplyMessageId(mail, deps.ownDomains, raw);
  if (!ours) return null;
  const keys = replyKeys(deps.prefix);
  const sent = await deps.redis.get(keys.sent(ours.type, ours.id));
  const address = sent ? ((JSON.parse(sent) as { to?: string }).to ?? null) : null;
  if (!address) return null;
  const detail = bounceDetail(mail);
  await deps.redis.set(keys.bouncing(address), JSON.stringify({ at: new Date().toISOString(), messageId: ours.messageId, detail }));
  const note = `bounced: ${address}: ${detail}`;
  // The record may be gone (a deleted item); the address is marked all the same.
  if (ours.type === 'acknowledgement') await deps.store.setReply(ours.id, 'failed', note).catch(() => undefined);
  else if (ours.type === 'confirmation' || ours.type === 'withdrawal') await deps.store.setItemReply(ours.id, 'failed', note).catch(() => undefined);
  else await setQuestionReply(deps.redis, deps.prefix, ours.id, 'failed', note);
  return { messageId: ours.messageId, address, detail };
}

/** Whether replies to this address bounced, with when and why (for the review page), or null. */
export async function bouncingAddress(redis: Redis, prefix: string, address: string): Promise<{ at: string; messageId: string; detail: string } | null> {
  const raw = await redis.get(replyKeys(prefix).bouncing(address));
  return raw ? (JSON.parse(raw) as { at: string; messageId: string; detail: string }) : null;
}
