/**
 * Recording that one of our replies bounced: the address it went to is marked bouncing (the policy
 * sends it nothing more) and the message, item or question it answered says so on the review page.
 * A report counts only when it quotes the exact (HMAC-signed) Message-ID of a reply we sent, as the
 * sent-record holds it: a forged report cannot silence an address. Marks expire, and can be cleared.
 */
import type Redis from 'ioredis';
import type { ReviewStore } from '../review/store';
import type { InboundMail } from '../mail/types';
import { bounceDetail, ourReplyMessageIds, type OurReply } from './bounce-match';
import { replyKeys } from './keys';
import { setQuestionReply } from './questions';

/** What the bounce recorder needs: the review store and the Redis it lives in. */
export interface BounceDeps {
  redis: Redis;
  prefix: string;
  store: ReviewStore;
  /** Our Message-ID domains (the reply Message-IDs were made with the first). */
  ownDomains: readonly string[];
  /** A mark lapses this many days after the last bounce (BOUNCE_MARK_DAYS, default 30). */
  markDays?: number;
}

/** The address our reply went to and why it bounced, as recorded. */
export interface RecordedBounce {
  messageId: string;
  address: string;
  detail: string;
}

/** The default life of a bouncing mark: a full mailbox or a moved person gets another chance a month on. */
export const BOUNCE_MARK_DAYS = 30;

/** The recipient of the reply with this exact Message-ID, from its sent-record, or null when we sent no such reply. */
async function sentTo(redis: Redis, prefix: string, r: OurReply): Promise<string | null> {
  const sent = await redis.get(replyKeys(prefix).sent(r.type, r.id));
  if (!sent) return null;
  const rec = JSON.parse(sent) as { to?: string; messageId?: string };
  return rec.to && rec.messageId && rec.messageId.toLowerCase() === r.messageId.toLowerCase() ? rec.to : null;
}

/**
 * When a delivery report quotes one of our replies, mark its recipient bouncing and record the
 * failure on what the reply answered. Returns null when the report quotes no reply of ours that we
 * sent (no sent-record with that exact Message-ID, signature included). Idempotent; a repeat bounce
 * extends the mark.
 * @param raw the report's bytes, where the returned message's headers are (the parser skips them)
 */
export async function recordBounceOfOurReply(mail: InboundMail, raw: Buffer | null, deps: BounceDeps): Promise<RecordedBounce | null> {
  return recordBounceAmong(ourReplyMessageIds(mail, deps.ownDomains, raw), () => bounceDetail(mail), deps);
}

/**
 * recordBounceOfOurReply for a report already read (in a worker thread, say): `candidates` are the
 * replies of ours it quotes (ourReplyMessageIds), `detail` why it bounced (bounceDetail).
 */
export async function recordBounceAmong(candidates: readonly OurReply[], detail: string | (() => string), deps: BounceDeps): Promise<RecordedBounce | null> {
  let ours: OurReply | null = null;
  let address: string | null = null;
  for (const r of candidates) {
    address = await sentTo(deps.redis, deps.prefix, r);
    if (address) {
      ours = r;
      break;
    }
  }
  if (!ours || !address) return null;
  const keys = replyKeys(deps.prefix);
  const why = typeof detail === 'string' ? detail : detail();
  const ttl = Math.max(1, Math.round((deps.markDays ?? BOUNCE_MARK_DAYS) * 86400));
  await deps.redis.set(keys.bouncing(address), JSON.stringify({ at: new Date().toISOString(), messageId: ours.messageId, detail: why }), 'EX', ttl);
  const note = `bounced: ${address}: ${why}`;
  // The record may be gone (a deleted item); the address is marked all the same.
  if (ours.type === 'acknowledgement') await deps.store.setReply(ours.id, 'failed', note).catch(() => undefined);
  else if (ours.type === 'confirmation' || ours.type === 'withdrawal') await deps.store.setItemReply(ours.id, 'failed', note).catch(() => undefined);
  else await setQuestionReply(deps.redis, deps.prefix, ours.id, 'failed', note);
  return { messageId: ours.messageId, address, detail: why };
}

/** Whether replies to this address bounced, with when and why (for the review page), or null. */
export async function bouncingAddress(redis: Redis, prefix: string, address: string): Promise<{ at: string; messageId: string; detail: string } | null> {
  const raw = await redis.get(replyKeys(prefix).bouncing(address));
  return raw ? (JSON.parse(raw) as { at: string; messageId: string; detail: string }) : null;
}

/**
 * An organiser clears a bouncing mark (the person wrote from a fixed mailbox): replies may go to the
 * address again. Returns whether there was a mark.
 */
export async function clearBounce(redis: Redis, prefix: string, address: string): Promise<boolean> {
  return (await redis.del(replyKeys(prefix).bouncing(address.trim()))) === 1;
}
