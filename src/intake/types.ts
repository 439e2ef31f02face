/**
 * The seam between the mailbox watcher (which owns the IMAP connection and the UID cursor) and the
 * rest of the program. The watcher hands fetched messages to an IntakeSink and advances its cursor
 * only after `accept` resolves, so the sink must have made them durable by then. Mailbox state
 * (filing) changes only for requests the FilingSource hands back, i.e. after the store has the result.
 */

/** One message fetched from the watched folder. */
export interface FetchedMessage {
  mailbox: string;
  /** UIDVALIDITY of the mailbox, as a decimal string (it is a 32-bit unsigned value; kept as text). */
  uidValidity: string;
  uid: number;
  /** Stable key (see mail/key.ts): job id and store key. */
  key: string;
  /** Size on the server, in bytes (RFC822.SIZE). */
  size: number;
  /** INTERNALDATE: when the server received it. */
  receivedAt: Date;
  /** The whole message, or only its header block when `oversized`. */
  raw: Buffer;
  /** True when the message was over the size cap and only its headers were downloaded. */
  oversized: boolean;
}

/** Where the watcher puts what it fetched. Must be durable when `accept` resolves; must tolerate repeats. */
export interface IntakeSink {
  accept(batch: FetchedMessage[]): Promise<void>;
}

/** A request to file one processed message in the mailbox. */
export interface FilingRequest {
  key: string;
  mailbox: string;
  uidValidity: string;
  uid: number;
  /** Target folder; null means "leave it where it is" (questions stay in the inbox). */
  folder: string | null;
  /** Set by the watcher when filing failed (the message stayed where it was): why, naming the folder. */
  error?: string;
  /**
   * The message's Message-ID, as the source knows it: how the watcher finds the message again after
   * its folder's UIDVALIDITY changed, and checks that a move really happened. Absent or null: neither.
   */
  messageId?: string | null;
  /** Set by the watcher when it knows where the message now is: UIDVALIDITY and UID in `folder`. */
  filedUid?: { uidValidity: string; uid: number };
  /**
   * A move not found where the server put it, looked for again (see `FilingSource.again`): how many
   * times so far, not before when (ms since the epoch), and what the first try found.
   */
  retry?: { tries: number; after: number; first: string };
  /**
   * Set by the watcher on a failure the server's view may have caused (a move acknowledged but not
   * found, e.g. while its index was rebuilt): worth looking for again by Message-ID. Never stored.
   */
  unproven?: true;
}

/** Processed messages waiting to be filed. The watcher takes a batch, moves them, then calls `done`. */
export interface FilingSource {
  take(max: number): Promise<FilingRequest[]>;
  /** Record that these were filed (or could not be: the message was gone); `folder` is where they went. */
  done(requests: FilingRequest[]): Promise<void>;
  /**
   * Keep these pending, behind the others, to be found again by Message-ID (their UIDVALIDITY is
   * forgotten) and filed or recorded then. Absent: such failures are recorded at once.
   */
  again?(requests: FilingRequest[]): Promise<void>;
}
