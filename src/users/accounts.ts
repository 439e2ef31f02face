/**
 * Organiser accounts and their API tokens, in Redis beside the review store. Passwords are scrypt
 * hashes; API tokens are random and stored only as their SHA-256 (a 256-bit random token needs no
 * slow hash: there is nothing to guess), so a copy of Redis gives no way in. Revoking an account
 * raises its epoch, which every session and token carries: all of them stop at once.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { sha256, userKeys } from './keys';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password';
import { passwordProblem } from './password-rules';

/** A user name: letters, digits and . _ @ - (it appears in history entries and Redis keys). */
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** The name or password given to `users add` is not acceptable, or the account is unknown; `message` says why. */
export class AccountError extends Error {
  override name = 'AccountError';
}

/**
 * What an account may do. Organisers review, answer, export and publish; admins also manage accounts
 * and see the job dashboard (Bull Board), which shows every queued payload.
 */
export type Role = 'organiser' | 'admin';
export const ROLES: readonly Role[] = ['organiser', 'admin'];

/**
 * An account stored before roles existed had every power, so it stays an admin; a new account is an
 * organiser unless it is the first (someone must be able to manage the others).
 */
const LEGACY_ROLE: Role = 'admin';

/** One account as `endorse users list` shows it. */
export interface AccountSummary {
  name: string;
  role: Role;
  createdAt: string | null;
  /** Sessions still open (logged-in browsers). */
  sessions: number;
  /** API tokens that still work. */
  tokens: number;
  /** Revoked and not given a new password since: it cannot log in. */
  locked: boolean;
  revokedAt: string | null;
}

/** Organiser accounts and their API tokens. */
export interface Accounts {
  /**
   * Create an account, or replace the password of an existing one (which unlocks a revoked one).
   * `role` sets the role; without it a new account is an organiser (an admin when it is the first
   * account) and an existing one keeps its role. @throws AccountError
   */
  add(name: string, password: string, role?: Role): Promise<{ created: boolean; role: Role }>;
  /** The account's role, or null when there is no such account. */
  role(name: string): Promise<Role | null>;
  /** Change an account's role. @throws AccountError for an unknown account, or to demote the last admin */
  setRole(name: string, role: Role): Promise<void>;
  /** True when the account exists. */
  exists(name: string): Promise<boolean>;
  /** The account's name when the password is right, else null (same work either way). */
  verify(name: string, password: string): Promise<string | null>;
  /** A new API token for the account, shown once; only its hash is kept. @throws AccountError */
  createToken(name: string): Promise<string>;
  /** The account a token belongs to, or null. */
  tokenUser(token: string): Promise<string | null>;
  /**
   * End every session and API token of the account and lock its password until `add` sets a new
   * one (a stolen laptop may hold it too). @throws AccountError when there is no such account
   */
  revoke(name: string): Promise<{ sessions: number; tokens: number }>;
  /** Every account, by name. */
  list(): Promise<AccountSummary[]>;
}

/** Accounts under `${prefix}:web:*`; nothing is sent to Redis until a method is called. */
export function createAccounts(redis: Redis, prefix: string, scryptOpts: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Accounts {
  const k = userKeys(prefix);
  // Verifying against this when the user is unknown keeps the timing the same as a wrong password.
  let dummy: Promise<string> | null = null;
  const storedName = async (name: string) => (USER_NAME.test(name) ? redis.hget(k.user(name), 'name') : null);
  const roleOf = (stored: string | null | undefined): Role => (stored === 'admin' || stored === 'organiser' ? stored : LEGACY_ROLE);
  /** True when any account exists (a SCAN: the set of accounts is small and this runs only on `add`). */
  async function anyAccount(): Promise<boolean> {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', k.allUsers, 'COUNT', 1000);
      if (keys.length) return true;
      cursor = next;
    } while (cursor !== '0');
    return false;
  }
  /** Names of the admins who can still log in. */
  async function activeAdmins(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', k.allUsers, 'COUNT', 1000);
      for (const key of keys) {
        const [name, role, hash] = await redis.hmget(key, 'name', 'role', 'hash');
        if (name && hash && roleOf(role) === 'admin') out.push(name);
      }
      cursor = next;
    } while (cursor !== '0');
    return out;
  }
  const unknown = (name: string) => new AccountError(`no user ${JSON.stringify(name)}: create it with \`endorse users add ${name}\``);

  /** Of these hashed keys, how many still exist. */
  async function live(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return redis.exists(...keys);
  }

  return {
    async add(name, password, role) {
      if (!USER_NAME.test(name)) throw new AccountError(`user name ${JSON.stringify(name)} may hold only letters, digits and . _ @ - (at most 64)`);
      const problem = passwordProblem(name, password);
      if (problem) throw new AccountError(problem);
      const hash = await hashPassword(password, scryptOpts);
      const first = role === undefined && !(await anyAccount());
      const created = (await redis.hsetnx(k.user(name), 'name', name)) === 1;
      const given = role ?? (created ? (first ? 'admin' : 'organiser') : undefined);
      await redis.hset(k.user(name), 'hash', hash, ...(created ? ['createdAt', new Date().toISOString()] : []), ...(given ? ['role', given] : []));
      return { created, role: given ?? roleOf(await redis.hget(k.user(name), 'role')) };
    },

    async role(name) {
      if (!USER_NAME.test(name)) return null;
      const [stored, role] = await redis.hmget(k.user(name), 'name', 'role');
      return stored ? roleOf(role) : null;
    },

    async setRole(name, role) {
      const stored = await storedName(name);
      if (!stored) throw unknown(name);
      if (role !== 'admin' && roleOf(await redis.hget(k.user(stored), 'role')) === 'admin') {
        const admins = await activeAdmins();
        if (admins.length <= 1 && admins[0] === stored) throw new AccountError(`${stored} is the only admin: make another account admin first`);
      }
      await redis.hset(k.user(stored), 'role', role);
    },

    async exists(name) {
      return USER_NAME.test(name) && (await redis.exists(k.user(name))) === 1;
    },

    async verify(name, password) {
      const h = USER_NAME.test(name) ? await redis.hgetall(k.user(name)) : {};
      if (!h.hash || !h.name) {
        await verifyPassword(password, await (dummy ??= hashPassword('not a password', scryptOpts)));
        return null;
      }
      return (await verifyPassword(password, h.hash)) ? h.name : null;
    },

    async createToken(name) {
      const stored = await storedName(name);
      if (!stored) throw unknown(name);
      const token = `et_${randomBytes(32).toString('base64url')}`;
      const epoch = (await redis.hget(k.user(stored), 'epoch')) ?? '0';
      await redis.multi()
        .hset(k.token(sha256(token)), 'user', stored, 'createdAt', new Date().toISOString(), 'epoch', epoch)
        .sadd(k.userTokens(stored), sha256(token))
        .exec();
      return token;
    },

    async tokenUser(token) {
      if (!/^et_[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const [user, epoch] = await redis.hmget(k.token(sha256(token)), 'user', 'epoch');
      if (!user) return null;
      // A token outlives nothing: if its account is gone or was revoked since, so is its access.
      const [name, current] = await redis.hmget(k.user(user), 'name', 'epoch');
      return name && Number(current ?? 0) === Number(epoch ?? 0) ? user : null;
    },

    async revoke(name) {
      const stored = await storedName(name);
      if (!stored) throw unknown(name);
      const [sessionHashes, tokenHashes] = await Promise.all([redis.zrange(k.userSessions(stored), '0', '-1'), redis.smembers(k.userTokens(stored))]);
      const sessionKeys = sessionHashes.map((h) => k.session(h));
      const tokenKeys = tokenHashes.map((h) => k.token(h));
      const [sessions, tokens] = await Promise.all([live(sessionKeys), live(tokenKeys)]);
      // The epoch first: sessions and tokens not in the index (older versions) stop with it.
      await redis.multi()
        .hincrby(k.user(stored), 'epoch', 1)
        .hdel(k.user(stored), 'hash')
        .hset(k.user(stored), 'revokedAt', new Date().toISOString())
        .del(k.userSessions(stored), k.userTokens(stored), ...sessionKeys, ...tokenKeys)
        .exec();
      return { sessions, tokens };
    },

    async list() {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', k.allUsers, 'COUNT', 500);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      const out: AccountSummary[] = [];
      for (const key of keys) {
        const h = await redis.hgetall(key);
        if (!h.name) continue;
        const [sessionHashes, tokenHashes] = await Promise.all([redis.zrange(k.userSessions(h.name), '0', '-1'), redis.smembers(k.userTokens(h.name))]);
        out.push({
          name: h.name, role: roleOf(h.role), createdAt: h.createdAt ?? null,
          sessions: await live(sessionHashes.map((h) => k.session(h))), tokens: await live(tokenHashes.map((h) => k.token(h))),
          locked: !h.hash, revokedAt: h.revokedAt ?? null,
        });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
