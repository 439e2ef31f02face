/**
 * Where intake starts on a mailbox it has never read (INTAKE_START): only mail arriving from now on,
 * the whole history, or mail received since a date. The choice is made once, at the first sync of a
 * mailbox without any cursor, and kept in Redis (the start record), so a restart or a crash half-way
 * applies the same choice; a later UIDVALIDITY change rescans from UID 1 as cursor.ts says.
 */
import type Redis from 'ioredis';
import { LeaseLostError } from './errors';

/** Where intake starts on a mailbox it has never read; `since` is a date YYYY-MM-DD. */
export type IntakeStart = { mode: 'all' } | { mode: 'now' } | { mode: 'since'; date: string };

/** The start chosen for a mailbox, under the UIDVALIDITY it was chosen in. */
export interface StartRecord {
  /** `earlier`: the mailbox had a cursor before start records existed; nothing to apply. */
  mode: 'all' | 'now' | 'since' | 'earlier';
  uidValidity: string;
  /** The highest UID at the first sync (UIDNEXT - 1): everything up to it was there before intake began. */
  top: number;
  /** For `since`: of the messages up to `top`, only those received on or after this date are taken. */
  since?: string;
  /** When the choice was made (ISO 8601). */
  at: string;
}

/** The Redis key of a mailbox's start record. */
export function startKey(prefix: string, mailbox: string): string {
  return `${prefix}:intake-start:${mailbox}`;
}

/** The start record of a mailbox, or null before its first sync. */
export async function readStart(redis: Redis, prefix: string, mailbox: string): Promise<StartRecord | null> {
  const v = await redis.get(startKey(prefix, mailbox));
  return v ? (JSON.parse(v) as StartRecord) : null;
}

// Only the lease holder writes, and only once: the first choice stands (the stored one is returned).
const RECORD = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return redis.call('GET', KEYS[2])`;

/**
 * Keep `rec` as the mailbox's start unless one is kept already.
 * @returns the start record in force (ours, or the earlier one).
 * @throws LeaseLostError when the lease key no longer holds our token; nothing was written.
 */
export async function recordStart(
  redis: Redis, prefix: string, mailbox: string, rec: StartRecord, lease: { key: string; token: string },
): Promise<StartRecord> {
  const r = (await redis.eval(RECORD, 2, lease.key, startKey(prefix, mailbox), lease.token, JSON.stringify(rec))) as string | null;
  if (r === null) throw new LeaseLostError(mailbox);
  return JSON.parse(r) as StartRecord;
}

/** Whether any cursor exists for the mailbox, under any UIDVALIDITY (an install older than start records). */
export async function hasAnyCursor(redis: Redis, prefix: string, mailbox: string): Promise<boolean> {
  // SCAN's MATCH is a glob: a folder name may hold * ? [ ] or \.
  const pattern = `${prefix}:cursor:${mailbox}:`.replace(/[*?[\]\\]/g, (c) => `\\${c}`) + '*';
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) return true;
    cursor = next;
  } while (cursor !== '0');
  return false;
}

/** The date of a `since` start as the UTC midnight IMAP SEARCH SINCE compares with (RFC 3501 6.4.4). */
export function sinceDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
