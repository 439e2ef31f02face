/**
 * The mailbox's Sent folder (imapflow): a copy of each reply is appended there, so organisers see the
 * whole conversation in their mail client, and after an interrupted send it is searched for the
 * reply's deterministic Message-ID before anything is sent again. One connection, opened on first
 * use and reopened when it drops; operations run one at a time on it.
 */
import { ImapFlow } from 'imapflow';
import { loginWithRetry } from '../mailbox/imap-login';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';

/** Where and how to log in (the same mailbox the watcher reads). */
export interface SentFolderOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** OAuth2 instead of the password (the watcher's token source). */
  oauth?: AccessTokenSource | undefined;
  /** The folder, e.g. `Sent`; created when missing. */
  folder: string;
}

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
  let queue: Promise<unknown> = Promise.resolve();

  async function connection(): Promise<ImapFlow> {
    if (client && client.usable) return client;
    client?.close();
    const c = await loginWithRetry(opts, async (auth) => {
      const attempt = new ImapFlow({
        host: opts.host, port: opts.port, secure: opts.secure,
        auth,
        logger: false, disableAutoIdle: true,
        // Kept short: a send waits for the copy before it is recorded.
        socketTimeout: 30_000,
      });
      attempt.on('error', () => undefined); // a dropped connection shows as !usable and is reopened
      try {
        await attempt.connect();
      } catch (err) {
        attempt.close();
        throw err;
      }
      return attempt;
    });
    client = c;
    return c;
  }

  /** Run operations one after another on the single connection. */
  function serial<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const run = queue.then(async () => fn(await connection()));
    queue = run.catch(() => undefined);
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
      const c = client;
      client = null;
      if (c && !c.isClosed) await c.logout().catch(() => c.close());
    },
  };
}
