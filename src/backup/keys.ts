/**
 * Which Redis keys a backup keeps, and how. Everything under the prefix is kept unless it is working
 * state that rebuilds itself or must not come back (queues, staged bytes, locks, leases, sessions,
 * rate counters, caches): so a key family added later is backed up by default, and one that must not
 * be has to be named here. Records with indexes (messages, items, questions) are kept whole so a
 * restore can put them back together with their index entries.
 */
import { INTAKE_LARGE_QUEUE, INTAKE_QUEUE, REPLY_QUEUE } from '../jobs/queues';

/**
 * Key families (relative to the prefix) left out of backups, each with why. A name ending in ':'
 * is a family; any other is one key.
 */
export const TRANSIENT: readonly { key: string; why: string }[] = [
  ...[INTAKE_QUEUE, INTAKE_LARGE_QUEUE, REPLY_QUEUE].map((q) => ({ key: `${q}:`, why: 'BullMQ queue internals: the start-up repair queues owed work again' })),
  { key: 'raw:', why: 'staged raw bytes: the mailbox has the mail' },
  { key: 'sending:', why: 'a reply on the wire (a lock with a TTL)' },
  { key: 'lease:', why: 'the mailbox watcher lease' },
  { key: 'budget:', why: 'connection budget slots' },
  { key: 'presence:', why: 'who has an item open right now' },
  { key: 'undo:', why: 'undo records live REVIEW_UNDO_SECONDS and point at queued jobs' },
  { key: 'rcpt:', why: 'per-recipient reply counters' },
  { key: 'replies:recent', why: 'circuit breaker send times' },
  { key: 'replies:day', why: 'daily send counter' },
  { key: 'replies:domain:', why: 'per-domain send counters' },
  { key: 'replies:paused', why: 'circuit breaker pause (it ends by itself)' },
  { key: 'web:session:', why: 'web sessions' },
  { key: 'web:user-sessions:', why: 'web session index' },
  { key: 'web:login:', why: 'login rate limits' },
  { key: 'web:login-ip:', why: 'login rate limits' },
  { key: 'status', why: 'connection status as last seen, and the last backup' },
  { key: 'messages:kinds', why: 'a cache of counts per kind, rebuilt on first read' },
  { key: 'messages:counted', why: 'a cache of counts per kind, rebuilt on first read' },
];

/** How a key is kept: as part of a record, as a plain key, or not at all. */
export type KeyRole =
  | { role: 'message'; key: string }
  | { role: 'item'; id: string }
  | { role: 'inbox'; id: string }
  | { role: 'key' }
  | { role: 'skip' };

const ITEM = /^item:([^:]+)$/;
const MSG = /^msg:([^:]+)$/;
const INBOX_Q = /^inbox:q:([^:]+)$/;
/** Parts of records and indexes the record restore rebuilds: never kept on their own. */
const PART = /^(?:item:[^:]+:history|inbox:q:[^:]+:log|messages|items:[a-z]+|inbox:(?:open|answered|closed))$/;

/** The role of a key, given without its `${prefix}:`. */
export function keyRole(rel: string): KeyRole {
  if (TRANSIENT.some((t) => (t.key.endsWith(':') ? rel.startsWith(t.key) : rel === t.key))) return { role: 'skip' };
  if (PART.test(rel)) return { role: 'skip' };
  let m = ITEM.exec(rel);
  if (m) return { role: 'item', id: m[1]! };
  m = MSG.exec(rel);
  if (m) return { role: 'message', key: m[1]! };
  m = INBOX_Q.exec(rel);
  if (m) return { role: 'inbox', id: m[1]! };
  return { role: 'key' };
}

/**
 * Hashes whose fields are independent entries, merged field by field (missing fields added) when
 * restoring into a Redis that has the key; every other existing key is left as it is.
 */
export const MERGED_HASHES: readonly string[] = ['dedupe'];

/**
 * The epoch (`<prefix>:epoch`, src/recovery): which life of Redis this is. A restored epoch comes back
 * marked not ready, so the worker rebuilds from the mailbox (mail and replies since the backup) before
 * it sends anything, even on a machine that remembers no epoch. Other values pass unchanged.
 */
export function restoredValue(rel: string, value: string): string {
  if (rel !== 'epoch') return value;
  try {
    const e = JSON.parse(value) as Record<string, unknown>;
    return e && typeof e === 'object' ? JSON.stringify({ ...e, ready: false }) : value;
  } catch {
    return value;
  }
}
