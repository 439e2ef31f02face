/**
 * Reply states as the store holds them, counted inside Redis: an acknowledgement's state lives on
 * its message record, a confirmation's or withdrawal notice's on its item. The store keeps no
 * running count of these: states change in place, written by the reply service, bounce handling,
 * the review page's resend and the rebuild from the mailbox, and a counter missed by any one writer
 * would drift for good. So they are counted at scrape time, in windows of WINDOW records per script
 * call: only counts cross the wire, Redis is never held for long, and the answer is exact.
 */
import type Redis from 'ioredis';
import { luaScript } from './lua';
import type { ReplyState } from './types';
import type { SuppressReason } from '../replies/policy';

/** Records examined per script call: each call holds Redis a few milliseconds at most, so intake runs between calls. */
const WINDOW = 2000;

export const REPLY_STATES = ['none', 'queued', 'sent', 'suppressed', 'failed'] as const satisfies readonly ReplyState[];

/** Every reason the policy can give, so a label never carries free text (a detail may name an address). */
const REASONS: Record<SuppressReason, true> = {
  not_due: true, no_recipient: true, invalid_address: true, own_address: true, own_message_id: true, x_loop: true,
  noreply: true, mailer_daemon: true, postmaster: true, list_address: true, bouncing: true, unauthenticated: true,
  rate_limited: true, imported: true, too_old: true,
};
export const SUPPRESS_REASONS = Object.keys(REASONS) as SuppressReason[];

/**
 * Count `reply` (and, for suppressed ones, the reason before the first ':' of `replyDetail`) over
 * one window of a sorted set of ids. ARGV: set key, hash key prefix, start rank, stop rank.
 * Returns a flat list: field, count, ... where field is a state or `suppressed:<reason>`.
 */
const COUNT_WINDOW = luaScript(`
local ids = redis.call('ZRANGE', ARGV[1], ARGV[3], ARGV[4])
local counts = {}
for i = 1, #ids do
  local key = ARGV[2] .. ids[i]
  local state = redis.call('HGET', key, 'reply') or 'none'
  counts[state] = (counts[state] or 0) + 1
  if state == 'suppressed' then
    local reason = 'suppressed:' .. (string.match(redis.call('HGET', key, 'replyDetail') or '', '^([%w_]+)') or '')
    counts[reason] = (counts[reason] or 0) + 1
  end
end
local out = {}
for k, v in pairs(counts) do
  out[#out + 1] = k
  out[#out + 1] = v
end
return out
`);

/** Counts of one reply type: by state, and suppressions by reason (`other` for a reason we do not know). */
export interface ReplyCounts {
  states: Record<ReplyState, number>;
  suppressed: Record<string, number>;
}

/** Count over every id of `setKey`, whose records are hashes at `<hashPrefix><id>`, `window` records per script call. */
export async function countReplies(redis: Redis, setKey: string, hashPrefix: string, window = WINDOW): Promise<ReplyCounts> {
  const total = await redis.zcard(setKey);
  const calls: Promise<unknown>[] = [];
  for (let start = 0; start < total; start += window) calls.push(COUNT_WINDOW.run(redis, [], [setKey, hashPrefix, start, start + window - 1]));
  const out: ReplyCounts = { states: Object.fromEntries(REPLY_STATES.map((s) => [s, 0])) as Record<ReplyState, number>, suppressed: {} };
  for (const flat of (await Promise.all(calls)) as (string | number)[][]) {
    for (let i = 0; i < flat.length; i += 2) {
      const field = String(flat[i]);
      const n = Number(flat[i + 1]);
      if (field.startsWith('suppressed:')) {
        const reason = field.slice('suppressed:'.length);
        const label = reason in REASONS ? reason : 'other';
        out.suppressed[label] = (out.suppressed[label] ?? 0) + n;
      } else if ((REPLY_STATES as readonly string[]).includes(field)) {
        out.states[field as ReplyState] += n;
      }
    }
  }
  return out;
}

/** Acknowledgements (on messages) and item replies (confirmations, withdrawal notices) of one store. */
export async function storeReplyCounts(redis: Redis, prefix: string): Promise<{ acknowledgement: ReplyCounts; item: ReplyCounts }> {
  const [acknowledgement, item] = await Promise.all([
    countReplies(redis, `${prefix}:messages`, `${prefix}:msg:`),
    countReplies(redis, `${prefix}:items:all`, `${prefix}:item:`),
  ]);
  return { acknowledgement, item };
}
