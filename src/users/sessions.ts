/**
 * Review-page sessions in Redis with an expiry. The cookie carries a random 256-bit id; Redis keeps
 * only its SHA-256, so reading Redis gives no session to steal. Each session holds its own CSRF token
 * and the account's revocation epoch: `endorse users revoke` (or deleting the account) ends it.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { sha256, userKeys } from './keys';

/** One logged-in organiser's session, as kept in Redis. */
export interface Session {
  user: string;
  /** Must come back with every form post of this session. */
  csrf: string;
  createdAt: string;
  /** The account's epoch at login; a revocation raises it. Absent (0) in sessions from older versions. */
  epoch?: number;
}

/** Creating, reading and ending sessions. */
export interface Sessions {
  /** Start a session for `user`; returns the id to put in the cookie. */
  create(user: string): Promise<{ id: string; session: Session }>;
  /** The live session for an id (its expiry renewed), or null. */
  get(id: string): Promise<Session | null>;
  /** End a session (logout). */
  destroy(id: string): Promise<void>;
}

/**
 * Sessions under `${prefix}:web:session:*`, indexed per account so they can be revoked.
 * @param idleSeconds a session unused this long ends (each use renews it)
 * @param maxSeconds a session ends this long after login whatever its use
 */
export function createSessions(redis: Redis, prefix: string, idleSeconds = 8 * 3600, maxSeconds = 7 * 24 * 3600): Sessions {
  const k = userKeys(prefix);
  const valid = (id: string) => /^[A-Za-z0-9_-]{43}$/.test(id);
  return {
    async create(user) {
      const id = randomBytes(32).toString('base64url');
      const epoch = Number((await redis.hget(k.user(user), 'epoch')) ?? 0);
      const session: Session = { user, csrf: randomBytes(32).toString('base64url'), createdAt: new Date().toISOString(), epoch };
      const now = Date.now();
      await redis.multi()
        .set(k.session(sha256(id)), JSON.stringify(session), 'EX', idleSeconds)
        .zadd(k.userSessions(user), now, sha256(id))
        .zremrangebyscore(k.userSessions(user), '-inf', now - maxSeconds * 1000)
        .expire(k.userSessions(user), maxSeconds)
        .exec();
      return { id, session };
    },
    async get(id) {
      if (!valid(id)) return null;
      const key = k.session(sha256(id));
      const raw = await redis.get(key);
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      const [name, epoch] = await redis.hmget(k.user(session.user), 'name', 'epoch');
      const revoked = !name || Number(epoch ?? 0) !== (session.epoch ?? 0);
      if (revoked || Date.now() - Date.parse(session.createdAt) > maxSeconds * 1000) {
        await redis.del(key);
        return null;
      }
      await redis.expire(key, idleSeconds);
      return session;
    },
    async destroy(id) {
      if (!valid(id)) return;
      const key = k.session(sha256(id));
      const raw = await redis.get(key);
      await redis.del(key);
      if (raw) await redis.zrem(k.userSessions((JSON.parse(raw) as Session).user), sha256(id));
    },
  };
}
