/**
 * Login rate limiting in Redis, so it holds across web processes: failed attempts are counted per
 * (IP, user) and per IP in fixed windows; past the limit, logins are refused until the window ends.
 */
import type Redis from 'ioredis';

/** How many failed logins are allowed, and for how long they count. */
export interface LoginLimits {
  /** Failures allowed per (IP, user name) in one window. */
  perUser: number;
  /** Failures allowed per IP (all names together) in one window. */
  perIp: number;
  windowSeconds: number;
}

/** Five wrong passwords per name and address, fifty per address, per quarter hour. */
export const DEFAULT_LIMITS: LoginLimits = { perUser: 5, perIp: 50, windowSeconds: 15 * 60 };

/** Counting failed logins and saying when to refuse. */
export interface LoginAttempts {
  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  blockedFor(ip: string, user: string): Promise<number>;
  /** Count a failed attempt. */
  failed(ip: string, user: string): Promise<void>;
  /** Forget the (IP, user) failures after a successful login. */
  succeeded(ip: string, user: string): Promise<void>;
}

/** Login attempts under `${prefix}:web:login*`; nothing is sent to Redis until a method is called. */
export function createLoginAttempts(redis: Redis, prefix: string, limits: LoginLimits = DEFAULT_LIMITS): LoginAttempts {
  const userKey = (ip: string, user: string) => `${prefix}:web:login:${ip}:${user.toLowerCase().slice(0, 64)}`;
  const ipKey = (ip: string) => `${prefix}:web:login-ip:${ip}`;
  return {
    async blockedFor(ip, user) {
      const [u, i] = await Promise.all([redis.get(userKey(ip, user)), redis.get(ipKey(ip))]);
      const over: string[] = [];
      if (Number(u ?? 0) >= limits.perUser) over.push(userKey(ip, user));
      if (Number(i ?? 0) >= limits.perIp) over.push(ipKey(ip));
      if (over.length === 0) return 0;
      const ttls = await Promise.all(over.map((k) => redis.ttl(k)));
      return Math.max(1, ...ttls);
    },
    async failed(ip, user) {
      // INCR then EXPIRE NX: the window starts at the first failure and is not pushed back by later ones.
      await redis.multi()
        .incr(userKey(ip, user)).expire(userKey(ip, user), limits.windowSeconds, 'NX')
        .incr(ipKey(ip)).expire(ipKey(ip), limits.windowSeconds, 'NX')
        .exec();
    },
    async succeeded(ip, user) {
      await redis.del(userKey(ip, user));
    },
  };
}
