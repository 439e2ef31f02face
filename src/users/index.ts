/**
 * The organisers' side of the web page in one handle: accounts, API tokens, sessions and login
 * attempts, all in Redis under the appeal's key prefix. The CLI and the web app build it from a client.
 */
import type Redis from 'ioredis';
import { createAccounts, type Accounts } from './accounts';
import { createLoginAttempts, DEFAULT_LIMITS, type LoginAttempts, type LoginLimits } from './attempts';
import { DEFAULT_SCRYPT } from './password';
import { createSessions, type Sessions } from './sessions';

export type { Accounts, Role } from './accounts';
export type { LoginAttempts, LoginLimits } from './attempts';
export type { Session, Sessions } from './sessions';

/** Everything about organisers the web app needs. */
export interface Users {
  accounts: Accounts;
  sessions: Sessions;
  attempts: LoginAttempts;
}

/** Build the users handle over an existing client; nothing is sent to Redis until used. */
export function createUsers(redis: Redis, prefix: string, opts: { limits?: LoginLimits; scrypt?: { N: number; r: number; p: number } } = {}): Users {
  return {
    accounts: createAccounts(redis, prefix, opts.scrypt ?? DEFAULT_SCRYPT),
    sessions: createSessions(redis, prefix),
    attempts: createLoginAttempts(redis, prefix, opts.limits ?? DEFAULT_LIMITS),
  };
}
