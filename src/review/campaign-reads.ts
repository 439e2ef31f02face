/**
 * The one figure of the dashboard the store has no cheap read for: how many messages' acknowledgements
 * are in each reply state. `store.replyStates()` returns every key with its state, a command per
 * message; here the states are counted inside Redis by the same windowed count `/metrics` uses
 * (reply-counts.ts), so ten thousand messages cost a few milliseconds and a few round trips.
 */
import type Redis from 'ioredis';
import { countReplies } from './reply-counts';
import type { ReplyState } from './types';

/** Messages per script call: each call holds Redis for a few milliseconds at most. */
const CHUNK = 4000;

/**
 * How many messages' acknowledgements are in each reply state (states no message has are absent).
 * @param chunk messages per call (tests make it small to cross call boundaries)
 */
export async function acknowledgementCounts(redis: Redis, prefix: string, chunk = CHUNK): Promise<Partial<Record<ReplyState, number>>> {
  const { states } = await countReplies(redis, `${prefix}:messages`, `${prefix}:msg:`, chunk);
  return Object.fromEntries(Object.entries(states).filter(([, n]) => n > 0));
}
