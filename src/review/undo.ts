/**
 * The undo window of review actions that send mail: while the reply waits (REVIEW_UNDO_SECONDS), a
 * record says what the action changed and which delayed job will send what to whom, so Undo can
 * cancel the job and put the statuses back. One record per item whose reply it is.
 */
import type Redis from 'ioredis';
import type { Restore } from './withdrawal';

/** What an action that sends mail did, and what it will send, until the window closes. */
export interface PendingUndo {
  /** The item whose reply it is (the request, for a removal from the list). */
  id: string;
  action: 'approve' | 'withdraw' | 'remove';
  /** The reply it queued. */
  reply: 'confirmation' | 'withdrawal';
  /** Where that reply goes, as the reply policy picks the address today; null when none is known. */
  to: string | null;
  /** The delayed reply job, or null when none was queued (replies off, or already sent before). */
  jobId: string | null;
  by: string;
  at: string; // ISO 8601
  /** When the reply goes out (ISO 8601). */
  until: string;
  /** The status changes, for putting them back. */
  moves: Restore[];
  /** Replies of other items the action cancelled (a removal cancels the original's waiting confirmation), queued again on undo. */
  cancelled?: { type: 'confirmation' | 'withdrawal'; id: string }[];
}

/** Records outlive their window by this much, so an Undo pressed as the window closes still finds one. */
const GRACE_SECONDS = 600;

/** The undo records under one key prefix. */
export interface UndoLog {
  /** Keep the record of an action; it replaces any earlier one for the same item. */
  save(rec: PendingUndo): Promise<void>;
  /** The record for an item, or null (none, or its grace has passed). */
  get(id: string): Promise<PendingUndo | null>;
  /** Take the record away (one caller wins): the record, or null when there was none. */
  take(id: string): Promise<PendingUndo | null>;
}

/** Build the log over a client (nothing is sent until a method is called). */
export function createUndoLog(redis: Redis, prefix: string): UndoLog {
  const key = (id: string) => `${prefix}:undo:${id}`;
  const parse = (s: string | null) => (s ? (JSON.parse(s) as PendingUndo) : null);
  return {
    async save(rec) {
      const seconds = Math.max(1, Math.ceil((Date.parse(rec.until) - Date.now()) / 1000)) + GRACE_SECONDS;
      await redis.set(key(rec.id), JSON.stringify(rec), 'EX', seconds);
    },
    async get(id) {
      return parse(await redis.get(key(id)));
    },
    async take(id) {
      return parse(await redis.getdel(key(id)));
    },
  };
}
