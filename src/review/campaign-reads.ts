/**
 * The one figure of the dashboard the store has no cheap read for: how many messages' acknowledgements
 * are in each reply state. `store.replyStates()` returns every key with its state, a command per
 * message; here the states are counted inside Redis, a few thousand messages per call, so ten thousand
 * messages cost a few milliseconds and three round trips. Reads the records as store.ts and codec.ts
 * lay them out (`<prefix>:messages`, `<prefix>:msg:<key>` field `reply`).
 */
import type Redis from 'ioredis';
import { luaScript } from './lua';
import type { ReplyState } from './types';

/**
 * Count the `reply` field of the messages ranked ARGV start..stop (oldest first); a message without
 * one counts as `none`. ARGV: prefix, start, stop. Returns the counts as a flat list of state, count.
 */
const COUNT_REPLIES = luaScript(`
local p = ARGV[1]
local keys = redis.call('ZRANGE', p .. ':messages', ARGV[2], ARGV[3])
local counts = {}
for i = 1, #keys do
  local r = redis.call('HGET', p .. ':msg:' .. keys[i], 'reply') or 'none'
  counts[r] = (counts[r] or 0) + 1
end
local out = {}
for state, n in pairs(counts) do
  out[#out + 1] = state
  out[#out + 1] = n
end
return out
`);

/** Messages per COUNT_REPLIES call: each call holds Redis for a few milliseconds at most. */
const CHUNK = 4000;

/**
 * How many messages' acknowledgements are in each reply state (states no message has are absent).
 * @param chunk messages per call (tests make it small to cross call boundaries)
 */
export async function acknowledgementCounts(redis: Redis, prefix: string, chunk = CHUNK): Promise<Partial<Record<ReplyState, number>>> {
  const total = await redis.zcard(`${prefix}:messages`);
  const calls: Promise<(string | number)[]>[] = [];
  for (let start = 0; start < total; start += chunk) {
    calls.push(COUNT_REPLIES.run(redis, [], [prefix, start, start + chunk - 1]) as Promise<(string | number)[]>);
  }
  const counts: Partial<Record<ReplyState, number>> = {};
  for (const flat of await Promise.all(calls)) {
    for (let i = 0; i < flat.length; i += 2) {
      const state = String(flat[i]) as ReplyState;
      counts[state] = (counts[state] ?? 0) + Number(flat[i + 1]);
    }
  }
  return counts;
}
