/**
 * A connection budget shared by every thread and process of one appeal: at most `max` IMAP (or SMTP)
 * connections open at once, because providers cap them per account (Dovecot 10 per user and address,
 * Gmail 15, Microsoft 3 for SMTP) and a connection over the cap is refused or drops Sent copies.
 * A Redis semaphore: a sorted set of holder ids scored by lease expiry (Redis's own clock), taken
 * before a connection opens, renewed while it is open, given back when it closes; a holder that dies
 * stops renewing, and its slot lapses after `leaseMs`.
 */
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';

/** One slot of the budget, held until released. */
export interface ConnectionLease {
  /** Give the slot back (idempotent). */
  release(): Promise<void>;
}

export interface ConnectionBudget {
  /** How many connections may be open at once; Infinity for no budget. */
  readonly max: number;
  /** Wait for a free slot; it is renewed on its own until released. */
  acquire(): Promise<ConnectionLease>;
}

/** No budget: every acquire succeeds at once (tests and scripts that open one connection). */
export const unlimitedBudget: ConnectionBudget = {
  max: Infinity,
  acquire: async () => ({ release: async () => undefined }),
};

// Atomically: drop lapsed leases, then renew ours or take a free slot. ARGV: holder, max, leaseMs.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`;

export interface RedisBudgetOptions {
  /**
   * A holder that stops renewing loses its slot after this long (default 15 s): a crashed worker's
   * successor waits at most this for the connections it held; renewed every third of it.
   */
  leaseMs?: number;
  /** How often a waiting acquire tries again (default 200 ms, with jitter). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The budget named `key` (e.g. `${prefix}:budget:imap`), shared through Redis by every process that
 * uses the same key and `max`.
 */
export function redisBudget(redis: Redis, key: string, max: number, opts: RedisBudgetOptions = {}): ConnectionBudget {
  const leaseMs = opts.leaseMs ?? 15_000;
  const pollMs = opts.pollMs ?? 200;
  const tryTake = async (holder: string) => (await redis.eval(ACQUIRE, 1, key, holder, String(max), String(leaseMs))) === 1;
  return {
    max,
    async acquire() {
      const holder = `${hostname()}:${process.pid}:${threadId}:${randomUUID()}`;
      while (!(await tryTake(holder))) await sleep(pollMs / 2 + Math.random() * pollMs);
      // Renewed well before it lapses; a renewal that fails (Redis away) is tried again at the next tick.
      const timer = setInterval(() => void tryTake(holder).catch(() => undefined), Math.floor(leaseMs / 3));
      timer.unref();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          clearInterval(timer);
          await redis.zrem(key, holder).catch(() => undefined);
        },
      };
    },
  };
}
