/**
 * The review store's error catalogue: one small class per meaning, each with a `name` callers can
 * match and a `userMessage` safe to show an organiser (the CLI prints it, the API returns it).
 */
import type { Status } from './types';

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
 * The request makes no sense for the item as it is (a withdrawal request asked to be approved, removed
 * before it is linked, an undo too late): `code` is stable for API clients, `userMessage` says what to do.
 */
export class ReviewConflictError extends ReviewError {
  override name = 'ReviewConflictError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
