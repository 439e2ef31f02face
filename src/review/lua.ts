/**
 * Runs a Lua script by its SHA1 (EVALSHA), loading it on the first NOSCRIPT, so every call after the
 * first sends a 40-byte hash instead of the script text. Scripts are how the store stays atomic
 * without WATCH retries when several intake workers write at once.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** A callable Lua script bound to nothing: pass the client on each call. */
export interface LuaScript {
  run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown>;
}

/** Wrap a script's source; nothing is sent to Redis until `run`. */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        // After a Redis restart or SCRIPT FLUSH the cache is empty: send the text once, Redis caches it.
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
