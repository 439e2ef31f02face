/**
 * The mailbox's Sent folder (imapflow): a copy of each reply is appended there, so organisers see the
 * whole conversation in their mail client, and after an interrupted send it is searched for the
 * reply's Message-ID (or the part of it no secret changes) before anything is sent again. Unless named, the folder is the
 * server's own \Sent folder (RFC 6154), found with one LIST at first use; where the provider files
 * its own copy of what we send, nothing is appended and that copy is what the search finds. One
 * connection, opened on first use within the IMAP connection budget, reopened when it drops and closed when idle (giving its
 * slot back); operations run one at a time on it. Copies asked for while another operation runs are
 * appended together when it ends, in one MULTIAPPEND where the server has it (group commit: no copy
 * waits for a batch to fill, none waits longer than it did one by one).
 */
import { ImapFlow } from 'imapflow';
import { unlimitedBudget, type ConnectionBudget, type ConnectionLease } from '../mailbox/budget';
import { roleFolders } from '../mailbox/folders';
import { loginWithRetry } from '../mailbox/imap-login';
import { appendAll, canMultiAppend } from '../mailbox/multi-append';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';
import { imapTlsOptions } from '../mailbox/tls';
import { replyIdStem, sameReply } from './id-stem';

/** Where and how to log in (the same mailbox the watcher reads). */
export interface SentFolderOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** OAuth2 instead of the password (the watcher's token source). */
  oauth?: AccessTokenSource | undefined;
  /** The folder, e.g. `Sent`; created when missing (with `byRole`: only when the server has no \Sent folder). */
  folder: string;
  /** Use the server's \Sent folder when it has one, `folder` otherwise. Default false. */
  byRole?: boolean;
  /** The provider's name for its Sent folder, for servers that do not flag it (imapflow's specialUseHints). */
  hint?: string;
  /** As for the watcher: STARTTLS required unless plaintext is allowed; a private CA. */
  allowPlaintext?: boolean;
  ca?: Buffer | string | undefined;
  /** The IMAP connection budget (default: none). */
  budget?: ConnectionBudget;
}

/** An unused connection is closed after this, so its budget slot serves the watcher or another process. */
const IDLE_CLOSE_MS = 10_000;
/** One MULTIAPPEND carries at most this many copies, and this many bytes (unless one copy is larger). */
const BATCH_COPIES = 32;
const BATCH_BYTES = 8 << 20;
const SEEN = ['\\Seen'];

/** A copy waiting for its append, and its caller. */
interface PendingCopy {
  raw: Buffer;
  resolve(): void;
  reject(err: unknown): void;
}

export interface SentFolder {
  /** The folder in use (resolved at the first operation), or null before it. */
  readonly folder: string | null;
  /** Append one message (flagged \Seen: organisers wrote nothing to read there). */
  append(raw: Buffer): Promise<void>;
  /**
   * True when a message with this Message-ID is in the folder (SEARCH HEADER, RFC 3501 6.4.4).
   * A folder that does not exist holds nothing: false.
   * @throws on connection or server errors, so the caller retries instead of resending blindly.
   */
  contains(messageId: string): Promise<boolean>;
  /**
   * True when our reply of the same type about the same subject as `messageId` is in the folder,
   * whatever secret signed it (see id-stem.ts): the exact ID first, then the unsigned stem
   * `<type.id.` (SEARCH HEADER is a substring match, RFC 3501 6.4.4), each hit checked by its
   * Message-ID. So a reply sent before Redis lost the secret is still found.
   * @throws on connection or server errors, so the caller retries instead of resending blindly.
   */
  containsReply(messageId: string): Promise<boolean>;
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

/** Run `append`; RFC 3501 6.3.11: on [TRYCREATE] the folder is missing: create it, then append again. */
async function withFolder(c: ImapFlow, f: string, append: () => Promise<unknown>): Promise<void> {
  try {
    await append();
  } catch (err) {
    if (!missingFolder(err)) throw err;
    await c.mailboxCreate(f).catch(() => undefined);
    await append();
  }
}

/** Build the adapter; nothing connects until the first append or search. */
export function createSentFolder(opts: SentFolderOptions): SentFolder {
  let client: ImapFlow | null = null;
  let lease: ConnectionLease | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let idleTimer: NodeJS.Timeout | null = null;
  let folder: string | null = opts.byRole ? null : opts.folder;
  const pending: PendingCopy[] = [];
  let flushQueued = false;

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
    try {
      client = await loginWithRetry(opts, async (auth) => {
        const attempt = new ImapFlow({
          host: opts.host, port: opts.port, secure: opts.secure,
          ...imapTlsOptions(opts),
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
    } catch (err) {
      await lease?.release();
      lease = null;
      throw err;
    }
    return client;
  }

  /** The folder to use: LIST once, on the first operation that gets a connection. */
  async function resolved(c: ImapFlow): Promise<string> {
    folder ??= roleFolders(await c.list(opts.hint ? { specialUseHints: { sent: opts.hint } } : {})).sent ?? opts.folder;
    return folder;
  }

  /** Run operations one after another on the single connection, in the resolved folder; close it once nothing follows. */
  function serial<T>(fn: (c: ImapFlow, folder: string) => Promise<T>): Promise<T> {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const run = queue.then(async () => {
      const c = await connection();
      return fn(c, await resolved(c));
    });
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

  /** Run `fn` with the folder selected read-only; a folder that does not exist holds nothing (false). */
  function inFolder(fn: (c: ImapFlow) => Promise<boolean>): Promise<boolean> {
    return serial(async (c, f) => {
      let lock;
      try {
        lock = await c.getMailboxLock(f, { readOnly: true });
      } catch (err) {
        if (missingFolder(err)) return false;
        throw err;
      }
      try {
        return await fn(c);
      } finally {
        lock.release();
      }
    });
  }

  /** The copies the next command carries: the oldest first, within the batch limits. */
  function takeBatch(): PendingCopy[] {
    let n = 0;
    let bytes = 0;
    while (n < pending.length && n < BATCH_COPIES && (n === 0 || bytes + pending[n]!.raw.length <= BATCH_BYTES)) bytes += pending[n++]!.raw.length;
    return pending.splice(0, n);
  }

  /** Append what waits once the operations before it are done; a failure to connect fails every copy waiting. */
  function queueFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    serial(async (c, f) => {
      flushQueued = false;
      const batch = takeBatch();
      if (pending.length) queueFlush();
      await appendBatch(c, f, batch);
    }).catch((err: unknown) => {
      if (!flushQueued) return;
      flushQueued = false;
      for (const copy of pending.splice(0)) copy.reject(err);
    });
  }

  /** Append each copy of `batch` and settle its caller; never throws. */
  async function appendBatch(c: ImapFlow, f: string, batch: PendingCopy[]): Promise<void> {
    const raws = batch.map((copy) => copy.raw);
    if (canMultiAppend(c, f, raws)) {
      try {
        await withFolder(c, f, () => appendAll(c, f, raws, SEEN));
        for (const copy of batch) copy.resolve();
        return;
      } catch {
        // Refused as a whole (RFC 3502: then none was stored): each on its own, so one copy the
        // server will not take fails alone.
      }
    }
    for (const copy of batch) {
      await withFolder(c, f, () => c.append(f, copy.raw, SEEN)).then(copy.resolve, copy.reject);
    }
  }

  return {
    get folder() {
      return folder;
    },
    append(raw) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ raw, resolve, reject });
        queueFlush();
      });
    },
    contains(messageId) {
      return inFolder(async (c) => {
        const found = await c.search({ header: { 'message-id': messageId } }, { uid: true });
        return Array.isArray(found) && found.length > 0;
      });
    },
    containsReply(messageId) {
      return inFolder(async (c) => {
        const exact = await c.search({ header: { 'message-id': messageId } }, { uid: true });
        if (Array.isArray(exact) && exact.length > 0) return true;
        const stem = replyIdStem(messageId);
        if (!stem) return false;
        const hits = await c.search({ header: { 'message-id': stem.stem } }, { uid: true });
        if (!Array.isArray(hits) || hits.length === 0) return false;
        for await (const m of c.fetch(hits.join(','), { envelope: true }, { uid: true })) {
          if (m.envelope?.messageId && sameReply(m.envelope.messageId, messageId)) return true;
        }
        return false;
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      await queue;
      await disconnect();
    },
  };
}
