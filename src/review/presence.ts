/**
 * Who has an item open right now, so two organisers notice each other before they collide: each
 * open item page refreshes a mark every few seconds, and a mark not refreshed within PRESENCE_TTL
 * is gone. One sorted set per item (member: user, score: when the mark expires), so listing is one
 * command and the set itself expires when nobody refreshes it.
 */
import type Redis from 'ioredis';
import { luaScript } from './lua';

/** How long a mark lasts without a refresh; the page refreshes it three times as often. */
export const PRESENCE_TTL_MS = 30_000;

/**
 * Remove a mark only if it is still the one the leaving page set (score = its touch time + TTL): a
 * page of the same user opened since (the same item after a save) has set a newer one, which stays.
 * KEYS[1]: the item's set. ARGV: user, expected score.
 */
const LEAVE = luaScript(`
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('ZREM', KEYS[1], ARGV[1]) end
return 1
`);

/** Presence marks per item. */
export interface Presence {
  /** Mark `user` as looking at item `id` now; returns the others looking at it, by name, and the mark's time. */
  touch(id: string, user: string): Promise<{ others: string[]; at: number }>;
  /** The users looking at item `id` now, by name. */
  who(id: string): Promise<string[]>;
  /** Take the mark `user` set at `at` (from touch) off item `id`, unless a newer touch replaced it. */
  leave(id: string, user: string, at: number): Promise<void>;
}

/** Presence under `<prefix>:presence:<id>`; `now` is for tests. */
export function createPresence(redis: Redis, prefix: string, now: () => number = Date.now): Presence {
  const key = (id: string) => `${prefix}:presence:${id}`;
  async function who(id: string): Promise<string[]> {
    return (await redis.zrangebyscore(key(id), now(), '+inf')).sort();
  }
  return {
    async touch(id, user) {
      const at = now();
      await redis.multi()
        .zremrangebyscore(key(id), '-inf', at)
        .zadd(key(id), at + PRESENCE_TTL_MS, user)
        .pexpire(key(id), PRESENCE_TTL_MS)
        .exec();
      return { others: (await who(id)).filter((u) => u !== user), at };
    },
    who,
    async leave(id, user, at) {
      await LEAVE.run(redis, [key(id)], [user, String(at + PRESENCE_TTL_MS)]);
    },
  };
}
