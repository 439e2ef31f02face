/**
 * Who has an item open right now, so two organisers notice each other before they collide: each
 * open item page refreshes a mark every few seconds, and a mark not refreshed within PRESENCE_TTL
 * is gone. One sorted set per item (member: user, score: when the mark expires), so listing is one
 * command and the set itself expires when nobody refreshes it.
 */
import type Redis from 'ioredis';

/** How long a mark lasts without a refresh; the page refreshes it three times as often. */
export const PRESENCE_TTL_MS = 30_000;

/** Presence marks per item. */
export interface Presence {
  /** Mark `user` as looking at item `id` now; returns the others looking at it, by name. */
  touch(id: string, user: string): Promise<string[]>;
  /** The users looking at item `id` now, by name. */
  who(id: string): Promise<string[]>;
}

/** Presence under `<prefix>:presence:<id>`; `now` is for tests. */
export function createPresence(redis: Redis, prefix: string, now: () => number = Date.now): Presence {
  const key = (id: string) => `${prefix}:presence:${id}`;
  async function who(id: string): Promise<string[]> {
    return (await redis.zrangebyscore(key(id), now(), '+inf')).sort();
  }
  return {
    async touch(id, user) {
      const t = now();
      await redis.multi()
        .zremrangebyscore(key(id), '-inf', t)
        .zadd(key(id), t + PRESENCE_TTL_MS, user)
        .pexpire(key(id), PRESENCE_TTL_MS)
        .exec();
      return (await who(id)).filter((u) => u !== user);
    },
    who,
  };
}
