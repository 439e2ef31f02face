/**
 * Organiser accounts and their API tokens, in Redis beside the review store. Passwords are scrypt
 * hashes; API tokens are random and stored only as their SHA-256 (a 256-bit random token needs no
 * slow hash: there is nothing to guess), so a copy of Redis gives no way in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password';

/** A user name: letters, digits and . _ @ - (it appears in history entries and Redis keys). */
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** The name or password given to `users add` is not acceptable; `message` says why. */
export class AccountError extends Error {
  override name = 'AccountError';
}

/** Organiser accounts and their API tokens. */
export interface Accounts {
  /** Create an account, or replace the password of an existing one. @throws AccountError */
  add(name: string, password: string): Promise<{ created: boolean }>;
  /** True when the account exists. */
  exists(name: string): Promise<boolean>;
  /** The account's name when the password is right, else null (same work either way). */
  verify(name: string, password: string): Promise<string | null>;
  /** A new API token for the account, shown once; only its hash is kept. @throws AccountError */
  createToken(name: string): Promise<string>;
  /** The account a token belongs to, or null. */
  tokenUser(token: string): Promise<string | null>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Accounts under `${prefix}:web:*`; nothing is sent to Redis until a method is called. */
export function createAccounts(redis: Redis, prefix: string, scryptOpts: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Accounts {
  const userKey = (name: string) => `${prefix}:web:user:${name.toLowerCase()}`;
  const tokenKey = (token: string) => `${prefix}:web:token:${sha256(token)}`;
  // Verifying against this when the user is unknown keeps the timing the same as a wrong password.
  let dummy: Promise<string> | null = null;

  return {
    async add(name, password) {
      if (!USER_NAME.test(name)) throw new AccountError(`user name ${JSON.stringify(name)} may hold only letters, digits and . _ @ - (at most 64)`);
      if (password.length < 10) throw new AccountError('the password must have at least 10 characters');
      if (password.length > 1024) throw new AccountError('the password must have at most 1024 characters');
      const hash = await hashPassword(password, scryptOpts);
      const created = (await redis.hsetnx(userKey(name), 'name', name)) === 1;
      await redis.hset(userKey(name), 'hash', hash, ...(created ? ['createdAt', new Date().toISOString()] : []));
      return { created };
    },

    async exists(name) {
      return USER_NAME.test(name) && (await redis.exists(userKey(name))) === 1;
    },

    async verify(name, password) {
      const h = USER_NAME.test(name) ? await redis.hgetall(userKey(name)) : {};
      if (!h.hash || !h.name) {
        await verifyPassword(password, await (dummy ??= hashPassword('not a password', scryptOpts)));
        return null;
      }
      return (await verifyPassword(password, h.hash)) ? h.name : null;
    },

    async createToken(name) {
      const stored = USER_NAME.test(name) ? await redis.hget(userKey(name), 'name') : null;
      if (!stored) throw new AccountError(`no user ${JSON.stringify(name)}: create it with \`endorse users add ${name}\``);
      const token = `et_${randomBytes(32).toString('base64url')}`;
      await redis.hset(tokenKey(token), 'user', stored, 'createdAt', new Date().toISOString());
      return token;
    },

    async tokenUser(token) {
      if (!/^et_[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const user = await redis.hget(tokenKey(token), 'user');
      // A token outlives nothing: if its account is gone, so is its access.
      return user && (await redis.exists(userKey(user))) === 1 ? user : null;
    },
  };
}
