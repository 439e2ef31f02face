/**
 * The record of a reply we sent (`sent:<type>:<id>` in Redis), and reading back every reply sent
 * about one message (its acknowledgement, its items' confirmations and withdrawals, the questions
 * asked and the answers given in its thread), so the message page can show what the sender got.
 */
import type Redis from 'ioredis';
import { replyKeys } from './keys';
import type { ReplyType } from './templates';

/** What is kept of one sent reply. `subject` and `text` are absent on records made before they were kept. */
export interface SentRecord {
  at: string; // ISO 8601
  to: string;
  messageId: string;
  note: string;
  subject?: string;
  text?: string;
}

/** One sent reply, with what it was and what it was about. */
export interface SentReply extends SentRecord {
  type: ReplyType;
  /** Message key, item id, question or answer id. */
  id: string;
}

/** The replies of `refs` that were sent, oldest first (one Redis round trip). */
export async function sentReplies(redis: Redis, prefix: string, refs: { type: ReplyType; id: string }[]): Promise<SentReply[]> {
  if (refs.length === 0) return [];
  const keys = replyKeys(prefix);
  const raw = await redis.mget(...refs.map((r) => keys.sent(r.type, r.id)));
  const out: SentReply[] = [];
  raw.forEach((v, i) => {
    if (!v) return;
    try {
      out.push({ ...(JSON.parse(v) as SentRecord), ...refs[i]! });
    } catch {
      // A record that is not JSON still means "sent": shown without its details.
      out.push({ at: '', to: '', messageId: '', note: v, ...refs[i]! });
    }
  });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
