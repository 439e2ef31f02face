/**
 * The Redis side of the global circuit breaker: a sorted set of the last hour's send times, shared by
 * every reply worker, and a `paused` record the review page reads to say that replies are held back.
 * The decision itself is `circuitBreaker` in policy.ts (pure).
 */
import type Redis from 'ioredis';
import { replyKeys } from './keys';
import { circuitBreaker, type BreakerDecision } from './policy';

/** The circuit breaker is open: the reply waits until `retryAt` (ms since the epoch); nothing is lost. */
export class RepliesPausedError extends Error {
  override name = 'RepliesPausedError';
  constructor(readonly retryAt: number) {
    super(`replies paused by the circuit breaker until ${new Date(retryAt).toISOString()}`);
  }
}

/** What the review page shows while replies are held back. */
export interface PauseState {
  paused: boolean;
  /** ISO 8601: since when, and until when at the earliest. */
  since?: string;
  until?: string;
  /** The limit that tripped. */
  maxPerHour?: number;
  /** Replies sent in the last hour. */
  sentLastHour: number;
}

const WINDOW_MS = 3600_000;

// Atomically: forget sends older than the window, count this one in, and report the count and the oldest.
const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', KEYS[1]), oldest[2]}
`;

/** The breaker for one prefix; `max` replies per hour across all workers. */
export function createBreaker(redis: Redis, prefix: string, max: number) {
  const keys = replyKeys(prefix);
  return {
    /**
     * Count one reply in before it is sent. When that is one too many, the slot is given back, the
     * pause is recorded for the review page, and RepliesPausedError says until when.
     * @param member a unique name for this send (the reply's Message-ID)
     */
    async take(member: string, now = Date.now()): Promise<void> {
      if (max === Infinity) return;
      const [count, oldest] = (await redis.eval(RESERVE, 1, keys.recentSends(), String(now), String(WINDOW_MS), member)) as [number, string];
      const d: BreakerDecision = circuitBreaker({ sentInWindow: Number(count), max, oldestAt: Number(oldest), windowMs: WINDOW_MS });
      if (!d.open) return;
      await redis.zrem(keys.recentSends(), member);
      const previous = await redis.get(keys.paused());
      const since = previous ? ((JSON.parse(previous) as { since?: string }).since ?? new Date(now).toISOString()) : new Date(now).toISOString();
      const ttl = Math.max(1000, d.retryAt - now);
      await redis.set(keys.paused(), JSON.stringify({ since, until: new Date(d.retryAt).toISOString(), maxPerHour: max }), 'PX', ttl);
      throw new RepliesPausedError(d.retryAt);
    },
    /** Give a slot back: the reply was refused or not sent at all. */
    async release(member: string): Promise<void> {
      if (max === Infinity) return;
      await redis.zrem(keys.recentSends(), member);
    },
  };
}

export type Breaker = ReturnType<typeof createBreaker>;

/** Whether replies are held back now, for the review page and `messages`. */
export async function pauseState(redis: Redis, prefix: string, now = Date.now()): Promise<PauseState> {
  const keys = replyKeys(prefix);
  const [raw, sent] = await Promise.all([redis.get(keys.paused()), redis.zcount(keys.recentSends(), now - WINDOW_MS, '+inf')]);
  if (!raw) return { paused: false, sentLastHour: sent };
  const p = JSON.parse(raw) as { since: string; until: string; maxPerHour: number };
  return { paused: true, since: p.since, until: p.until, maxPerHour: p.maxPerHour, sentLastHour: sent };
}
