/**
 * The review store's error catalogue: one small class per meaning, each with a `name` callers can
 * match and a `userMessage` safe to show an organiser (the CLI prints it, the API returns it).
 */
import type { EndorsementItem, HistoryEntry, Status } from './types';

/** Base class: `message` is for logs, `userMessage` for the person who asked. */
export class ReviewError extends Error {
  override name = 'ReviewError';
  constructor(message: string, readonly userMessage: string = message) {
    super(message);
  }
}

/** No endorsement item has this id. */
export class UnknownItemError extends ReviewError {
  override name = 'UnknownItemError';
  constructor(readonly id: string) {
    super(`unknown endorsement id ${JSON.stringify(id)}`, `There is no endorsement with id ${id}.`);
  }
}

/** No message record has this key. */
export class UnknownMessageError extends ReviewError {
  override name = 'UnknownMessageError';
  constructor(readonly key: string) {
    super(`unknown message key ${JSON.stringify(key)}`, `There is no message with key ${key}.`);
  }
}

/** The action is not allowed from the item's current status (e.g. approving a rejected item). */
export class IllegalTransitionError extends ReviewError {
  override name = 'IllegalTransitionError';
  constructor(readonly id: string, readonly action: string, readonly from: Status) {
    super(
      `cannot ${action} endorsement ${id}: it is ${from}`,
      `Endorsement ${id} is ${from}, so it cannot be ${action === 'reopen' ? 'reopened' : `${action}d`}.`,
    );
  }
}

/**
 * The writer stated a version of the item that is no longer current: someone changed it since, and
 * applying the change would overwrite theirs unseen. Nothing was written; `changes` says what
 * happened in between and `item` is the item as it is now.
 */
export class StaleVersionError extends ReviewError {
  override name = 'StaleVersionError';
  constructor(readonly id: string, readonly expected: number, readonly current: number, readonly changes: HistoryEntry[], readonly item: EndorsementItem | null) {
    const what = changes.length ? changes.map(describeChange).join('; ') : 'changed by another organiser';
    super(
      `endorsement ${id} is at version ${current}, not ${expected}`,
      `Not saved: endorsement ${id} changed since you loaded it (you saw version ${expected}, it is now ${current}): ${what}. Look at it again and retry.`,
    );
  }
}

/** One history entry as a short sentence: who, what, and each field's old and new value. */
export function describeChange(h: HistoryEntry): string {
  const fields = Object.entries(h.changes ?? {}).map(([f, [from, to]]) => `${f} ${show(from)} → ${show(to)}`);
  return `${h.by} ${h.action} at ${h.at.slice(0, 19).replace('T', ' ')}${fields.length ? ` (${fields.join(', ')})` : h.detail ? ` (${h.detail})` : ''}`;
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? 'none' : typeof v === 'string' ? JSON.stringify(v) : String(v));

/**
 * The request makes no sense for the item as it is (a withdrawal request asked to be approved, removed
 * before it is linked, an undo too late): `code` is stable for API clients, `userMessage` says what to do.
 */
export class ReviewConflictError extends ReviewError {
  override name = 'ReviewConflictError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
