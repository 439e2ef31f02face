/**
 * The Redis keys of organiser accounts, sessions and tokens, in one place because accounts (which
 * revoke) and sessions (which check the account on every use) both need them.
 */
import { createHash } from 'node:crypto';

/** Hex SHA-256: what Redis keeps instead of a session id or token. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Key names under `${prefix}:web:`. */
export function userKeys(prefix: string) {
  return {
    /** Hash: name, hash (scrypt; absent while revoked), role, createdAt, epoch, revokedAt. */
    user: (name: string) => `${prefix}:web:user:${name.toLowerCase()}`,
    /** Pattern matching every account hash. */
    allUsers: `${prefix}:web:user:*`,
    /** A session, by the hash of its id. */
    session: (idHash: string) => `${prefix}:web:session:${idHash}`,
    /** Sorted set of an account's session id hashes, scored by start time. */
    userSessions: (name: string) => `${prefix}:web:user-sessions:${name.toLowerCase()}`,
    /** An API token, by the hash of the token. */
    token: (tokenHash: string) => `${prefix}:web:token:${tokenHash}`,
    /** Set of an account's token hashes. */
    userTokens: (name: string) => `${prefix}:web:user-tokens:${name.toLowerCase()}`,
  };
}
