/**
 * The UID cursor: per (mailbox, UIDVALIDITY), the highest UID already handed to the intake sink. A UID
 * means nothing under another UIDVALIDITY (RFC 3501 2.3.1.1), so a new value simply has no cursor and
 * the mailbox is rescanned from UID 1; the sink dedupes by message key. Writes are fenced by the lease.
 */
import type Redis from 'ioredis';
import { LeaseLostError } from './errors';

// Only the lease holder writes, and the cursor only moves up (a late write from a slow batch never
// moves it back).
const ADVANCE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
local uid = tonumber(ARGV[2])
if uid > cur then redis.call('SET', KEYS[2], ARGV[2]) return uid end
return cur`;

/** The Redis key of a cursor. */
export function cursorKey(prefix: string, mailbox: string, uidValidity: string): string {
  return `${prefix}:cursor:${mailbox}:${uidValidity}`;
}

/** The highest UID handed to the sink under this UIDVALIDITY, or 0 when none was. */
export async function readCursor(redis: Redis, prefix: string, mailbox: string, uidValidity: string): Promise<number> {
  const v = await redis.get(cursorKey(prefix, mailbox, uidValidity));
  return v ? Number(v) : 0;
}

/**
 * Move the cursor up to `uid` (never down), only while `lease` is still ours.
 * @returns the cursor after the call.
 * @throws LeaseLostError when the lease key no longer holds our token; nothing was written.
 */
export async function advanceCursor(
  redis: Redis,
  at: { prefix: string; mailbox: string; uidValidity: string },
  uid: number,
  lease: { key: string; token: string },
): Promise<number> {
  const r = Number(await redis.eval(ADVANCE, 2, lease.key, cursorKey(at.prefix, at.mailbox, at.uidValidity), lease.token, uid));
  if (r < 0) throw new LeaseLostError(at.mailbox);
  return r;
}
