/**
 * The mailbox watcher's error catalogue: one small class per meaning, each with a stable `code`, so
 * callers (the worker, the CLI) can tell "another watcher has the mailbox" from a broken connection.
 */

/** Base of the watcher's own errors. */
export class IntakeError extends Error {
  override name = 'IntakeError';
  constructor(
    message: string,
    /** Stable machine-readable code. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** Another process held the mailbox lease for longer than we were willing to wait. */
export class LeaseTimeoutError extends IntakeError {
  override name = 'LeaseTimeoutError';
  constructor(mailbox: string, waitedMs: number) {
    super(`another watcher holds the lease on mailbox "${mailbox}"; gave up after ${waitedMs} ms`, 'LEASE_TIMEOUT');
  }
}

/** The lease expired or was taken over while we worked: stop touching the mailbox and the cursor. */
export class LeaseLostError extends IntakeError {
  override name = 'LeaseLostError';
  constructor(mailbox: string) {
    super(`lost the lease on mailbox "${mailbox}" (expired or taken over)`, 'LEASE_LOST');
  }
}

/** The watcher was stopped while an operation waited or ran. */
export class WatcherStoppedError extends IntakeError {
  override name = 'WatcherStoppedError';
  constructor() {
    super('the mailbox watcher was stopped', 'WATCHER_STOPPED');
  }
}

/**
 * The IMAP connection could not be opened or logged in: `state` says why (status/classify.ts) and the
 * message says it with the server's words and what to change.
 */
export class ImapConnectError extends IntakeError {
  override name = 'ImapConnectError';
  constructor(
    /** The failure without the "IMAP: " prefix, as the status shows it. */
    readonly detail: string,
    readonly state: 'auth_failed' | 'unreachable' | 'tls_error',
  ) {
    super(`IMAP: ${detail}`, 'IMAP_CONNECT');
  }
}
