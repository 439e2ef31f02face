/**
 * Review-page sessions in Redis with an expiry. The cookie carries a random 256-bit id; Redis keeps
 * only its SHA-256, so reading Redis gives no session to steal. Each session holds its own CSRF token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** One logged-in organiser's session, as kept in Redis. */
export interface Session {
  user: string;
  /** Must come back with every form post of this session. */
  csrf: string;
  createdAt: string;
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Sessions under `${prefix}:web:session:*`.
 * @param idleSeconds a session unused this long ends (each use renews it)
 * @param maxSeconds a session ends this long after login whatever its use
 */
export function createSessions(redis: Redis, prefix: string, idleSeconds = 8 * 3600, maxSeconds = 7 * 24 * 3600): Sessions {
  const key = (id: string) => `${prefix}:web:session:${sha256(id)}`;
  return {
    async create(user) {
      const id = randomBytes(32).toString('base64url');
      const session: Session = { user, csrf: randomBytes(32).toString('base64url'), createdAt: new Date().toISOString() };
      await redis.set(key(id), JSON.stringify(session), 'EX', idleSeconds);
      return { id, session };
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
      const raw = await redis.get(key(id));
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      if (Date.now() - Date.parse(session.createdAt) > maxSeconds * 1000) {
        await redis.del(key(id));
        return null;
      }
      await redis.expire(key(id), idleSeconds);
      return session;
    },
    async destroy(id) {
      if (/^[A-Za-z0-9_-]{43}$/.test(id)) await redis.del(key(id));
    },
  };
}
