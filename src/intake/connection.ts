/**
 * Opening the watcher's one IMAP connection (imapflow), with the settings the watcher relies on:
 * quick auto-IDLE after each command so new mail is announced promptly, and no imapflow logging of its
 * own (the watcher logs what matters, never message bodies or the password).
 */
import { ImapFlow } from 'imapflow';
import { loginWithRetry, type ImapAuth } from '../mailbox/imap-login';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';
import { unlimitedBudget, type ConnectionBudget } from '../mailbox/budget';
import { imapTlsOptions } from '../mailbox/tls';

/** Where and how to log in. */
export interface ImapSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 993); false for cleartext or STARTTLS. */
  secure: boolean;
  user: string;
  password: string;
  /** OAuth2 (XOAUTH2/OAUTHBEARER) instead of the password: a token is fetched before each connect. */
  oauth?: AccessTokenSource | undefined;
  /** IMAP_ALLOW_PLAINTEXT: without TLS, upgrade only when offered. Otherwise STARTTLS is required. */
  allowPlaintext?: boolean;
  /** IMAP_CA_FILE's contents: a private CA trusted for the server's certificate. */
  ca?: Buffer | string | undefined;
  /** The IMAP connection budget shared with other threads and processes (default: none). */
  budget?: ConnectionBudget;
}

/** Events the watcher reacts to. */
export interface ConnectionEvents {
  /** The server announced more messages in `path` (untagged EXISTS, RFC 3501 7.3.1). */
  onNewMail(path: string): void;
  /** The connection ended (logout, server drop, network). */
  onClose(): void;
  onError(err: Error): void;
}

/** Delay before imapflow starts IDLE once the connection is free: short, so EXISTS arrives at once. */
const AUTO_IDLE_DELAY_MS = 250;
/**
 * A server greets within a second or two; waiting imapflow's 16 s only delays the likely diagnosis
 * (a TLS port spoken to in plaintext never greets). TCP connect gets 15 s for slow networks.
 */
const GREETING_TIMEOUT_MS = 6000;
const CONNECTION_TIMEOUT_MS = 15_000;

/**
 * Open and log in, within the connection budget: a slot is taken first and given back when the
 * connection closes. The returned client is connected; on failure nothing stays open.
 */
export async function openConnection(
  s: ImapSettings,
  events: ConnectionEvents,
  tuning: { idle?: boolean; socketTimeoutMs?: number } = {},
): Promise<ImapFlow> {
  return loginWithRetry(s, (auth) => openWith(auth, s, events, tuning));
}

async function openWith(
  auth: ImapAuth,
  s: ImapSettings,
  events: ConnectionEvents,
  tuning: { idle?: boolean; socketTimeoutMs?: number },
): Promise<ImapFlow> {
  const lease = await (s.budget ?? unlimitedBudget).acquire();
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    ...imapTlsOptions(s),
    auth,
    logger: false,
    autoIdleDelay: AUTO_IDLE_DELAY_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    // Without IDLE (RFC 2177) the server reports new mail only in answer to our own commands.
    disableAutoIdle: tuning.idle === false,
    ...(tuning.socketTimeoutMs ? { socketTimeout: tuning.socketTimeoutMs } : {}),
  });
  client.on('error', (err: Error) => events.onError(err));
  client.on('close', () => {
    void lease.release();
    events.onClose();
  });
  client.on('exists', (ev: { path: string; count: number; prevCount: number }) => {
    if (ev.count > ev.prevCount) events.onNewMail(ev.path);
  });
  try {
    await client.connect();
  } catch (err) {
    client.close();
    await lease.release();
    throw err;
  }
  return client;
}

/** Log out politely, or drop the socket when the server does not answer. */
export async function closeConnection(client: ImapFlow): Promise<void> {
  if (client.isClosed) return;
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
