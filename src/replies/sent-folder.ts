/**
 * The mailbox's Sent folder (imapflow): a copy of each reply is appended there, so organisers see the
 * whole conversation in their mail client, and after an interrupted send it is searched for the
 * reply's deterministic Message-ID before anything is sent again. One connection, opened on first
 * use within the IMAP connection budget, reopened when it drops and closed when idle (giving its
 * slot back); operations run one at a time on it.
 */
import { ImapFlow } from 'imapflow';
import { unlimitedBudget, type ConnectionBudget, type ConnectionLease } from '../mailbox/budget';
import { imapTlsOptions } from '../mailbox/tls';

/** Where and how to log in (the same mailbox the watcher reads). */
export interface SentFolderOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** The folder, e.g. `Sent`; created when missing. */
  folder: string;
  /** As for the watcher: STARTTLS required unless plaintext is allowed; a private CA. */
  allowPlaintext?: boolean;
  ca?: Buffer | string | undefined;
  /** The IMAP connection budget (default: none). */
  budget?: ConnectionBudget;
}

/** An unused connection is closed after this, so its budget slot serves the watcher or another process. */
const IDLE_CLOSE_MS = 10_000;

export interface SentFolder {
  /** Append one message (flagged \Seen: organisers wrote nothing to read there). */
  append(raw: Buffer): Promise<void>;
  /**
   * True when a message with this Message-ID is in the folder (SEARCH HEADER, RFC 3501 6.4.4).
   * A folder that does not exist holds nothing: false.
   * @throws on connection or server errors, so the caller retries instead of resending blindly.
   */
  contains(messageId: string): Promise<boolean>;
  /** Log out. */
  close(): Promise<void>;
}

interface ImapError extends Error {
  serverResponseCode?: string;
  responseText?: string;
}

const missingFolder = (err: unknown) => {
  const e = err as ImapError;
  return e?.serverResponseCode === 'NONEXISTENT' || e?.serverResponseCode === 'TRYCREATE' || /doesn't exist|does not exist|unknown mailbox/i.test(e?.responseText ?? '');
};

/** Build the adapter; nothing connects until the first append or search. */
export function createSentFolder(opts: SentFolderOptions): SentFolder {
  let client: ImapFlow | null = null;
  let lease: ConnectionLease | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let idleTimer: NodeJS.Timeout | null = null;

  async function disconnect(): Promise<void> {
    const c = client;
    const l = lease;
    client = null;
    lease = null;
    if (c && !c.isClosed) await c.logout().catch(() => c.close());
    await l?.release();
  }

  async function connection(): Promise<ImapFlow> {
    if (client && client.usable) return client;
    await disconnect();
    lease = await (opts.budget ?? unlimitedBudget).acquire();
    const c = new ImapFlow({
      host: opts.host, port: opts.port, secure: opts.secure,
      ...imapTlsOptions(opts),
      auth: { user: opts.user, pass: opts.password },
      logger: false, disableAutoIdle: true,
      // Kept short: a send waits for the copy before it is recorded.
      socketTimeout: 30_000,
    });
    c.on('error', () => undefined); // a dropped connection shows as !usable and is reopened
    try {
      await c.connect();
    } catch (err) {
      c.close();
      await lease?.release();
      lease = null;
      throw err;
    }
    client = c;
    return c;
  }

  /** Run operations one after another on the single connection; close it once nothing follows. */
  function serial<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const run = queue.then(async () => fn(await connection()));
    const settled = run.catch(() => undefined);
    queue = settled;
    void settled.then(() => {
      if (queue !== settled) return;
      idleTimer = setTimeout(() => {
        if (queue === settled) queue = settled.then(disconnect);
      }, IDLE_CLOSE_MS);
      idleTimer.unref();
    });
    return run;
  }

  return {
    append(raw) {
      return serial(async (c) => {
        try {
          await c.append(opts.folder, raw, ['\\Seen']);
        } catch (err) {
          // RFC 3501 6.3.11: [TRYCREATE] when the folder is missing: create it, then append again.
          if (!missingFolder(err)) throw err;
          await c.mailboxCreate(opts.folder).catch(() => undefined);
          await c.append(opts.folder, raw, ['\\Seen']);
        }
      });
    },
    contains(messageId) {
      return serial(async (c) => {
        let lock;
        try {
          lock = await c.getMailboxLock(opts.folder, { readOnly: true });
        } catch (err) {
          if (missingFolder(err)) return false;
          throw err;
        }
        try {
          const found = await c.search({ header: { 'message-id': messageId } }, { uid: true });
          return Array.isArray(found) && found.length > 0;
        } finally {
          lock.release();
        }
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      await queue;
      await disconnect();
    },
  };
}
