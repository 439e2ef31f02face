/**
 * The SMTP side of replies: nodemailer connections, each reused for several sends, that send one
 * reply with the headers RFC 3834 asks of automatic responses and the threading headers of RFC 5322,
 * and turn failures into PermanentSendError / TransientSendError / QuotaSendError. The message is
 * built once (MailComposer) and those exact bytes are sent and returned, so the copy kept in the Sent
 * folder is the message the recipient got. Every connection holds a slot of the SMTP connection
 * budget (src/mailbox/budget.ts) while open; an idle one closes and gives its slot back. Nothing
 * connects until the first send. STARTTLS is required on a non-TLS port unless plaintext is allowed.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { unlimitedBudget, type ConnectionBudget, type ConnectionLease } from '../mailbox/budget';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';
import { timeStage } from '../metrics/timers';
import { classifySendError, PermanentSendError, QuotaSendError, TransientSendError } from './errors';
import { classifyConnectionError } from '../status/classify';
import type { StatusReporter } from '../status/store';

export { PermanentSendError, QuotaSendError, TransientSendError };

export interface MailerOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). When false, STARTTLS is required unless `allowPlaintext`. */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  pool: true;
  /**
   * OAuth2 (AUTH XOAUTH2) instead of user/password, as `user` (default: the token's user). Each new
   * connection asks the source for a token; after a refused one, nodemailer asks again with renew.
   */
  oauth?: AccessTokenSource | undefined;
  /** Where each send's connection outcome is reported (ok, auth_failed, unreachable, tls_error). */
  status?: StatusReporter;
  /** SMTP_ALLOW_PLAINTEXT: STARTTLS only when offered (never on loopback), else cleartext. */
  allowPlaintext?: boolean;
  /** SMTP_CA_FILE's contents: a private CA trusted for the server's certificate. */
  ca?: Buffer | string | undefined;
  /** Connections this process opens at most (default 4); never more than the budget allows. */
  maxConnections?: number;
  /** The SMTP connection budget shared with other threads and processes (default: none). */
  budget?: ConnectionBudget;
}

/** One reply, ready to send. */
export interface OutgoingReply {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message-ID of the message answered, with angle brackets. */
  inReplyTo: string | null;
  /** The thread: the answered message's References plus its Message-ID (RFC 5322 3.6.4). */
  references: string[];
  /** Our deterministic Message-ID, with angle brackets. */
  messageId: string;
  /** Language of the template used (Content-Language, RFC 3282). */
  language: string;
  /** A person wrote it (an organiser's answer): not marked as an automatic response. */
  personal?: boolean;
}

/** The bare address inside `"Name" <addr>` or `addr`. */
const envelopeAddress = (v: string) => (/<([^<>]+)>\s*$/.exec(v)?.[1] ?? v).trim();

/** The reply as RFC 5322 bytes, with the headers RFC 3834 asks of automatic responses. */
export function composeReply(msg: OutgoingReply): Promise<Buffer> {
  return new MailComposer({
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    messageId: msg.messageId,
    ...(msg.inReplyTo ? { inReplyTo: msg.inReplyTo } : {}),
    ...(msg.references.length ? { references: msg.references } : {}),
    headers: {
      // RFC 3834 5.1: marks this as an automatic response, so well-behaved responders stay silent.
      // A person's answer is not one (RFC 3834 5: "no" is the absence of the field).
      ...(msg.personal ? {} : { 'Auto-Submitted': 'auto-replied' }),
      // Exchange ignores Auto-Submitted; this asks it not to send out-of-office replies back.
      'X-Auto-Response-Suppress': 'All',
      'Content-Language': msg.language,
    },
  }).compile().build();
}

export interface Mailer {
  /**
   * Send one reply. Resolves when the SMTP server accepted it (250 after DATA), with the bytes sent.
   * @throws PermanentSendError on 5xx but 503 (with the server's words); QuotaSendError when the
   * account's sending quota or rate is reached; TransientSendError otherwise.
   */
  send(msg: OutgoingReply): Promise<{ response: string; raw: Buffer }>;
  /**
   * Connect, EHLO, STARTTLS and AUTH as `send` would, then quit, to learn whether SMTP works now
   * (within the budget); sends nothing. @throws nodemailer's error, with the server's words.
   */
  verify(): Promise<void>;
  /** Close the connections and give their budget slots back (resolves once given back). */
  close(): Promise<void>;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/;
/** An idle connection closes after this, giving its budget slot to whoever waits. */
const IDLE_CLOSE_MS = 5000;
/**
 * While sends go through, `ok` is written at most this often: each write is two Redis round trips
 * between SMTP's acceptance and the sent-record, the window in which a crash repeats a reply. A
 * failure is written at once, and the next success after it too.
 */
const OK_REPORT_EVERY_MS = 30_000;

/** One open (or opening) connection and the budget slot it holds. */
interface Slot {
  transport: Transporter;
  lease: ConnectionLease;
  idle: NodeJS.Timeout | null;
}

/** nodemailer's own OAuth2 login, fed by our token source (nodemailer's provisionCallback). */
function oauth2Auth(source: AccessTokenSource, user: string) {
  return {
    type: 'OAuth2' as const,
    user,
    provisionCallback(_user: string, renew: boolean, done: (err: Error | null, token?: string, expires?: number) => void) {
      // renew: the server refused the token nodemailer had; the cached one is no better.
      if (renew) source.invalidate();
      source.token().then((token) => done(null, token, source.expiresAt() ?? undefined), (err: Error) => done(err));
    },
  };
}

/** Build a mailer; connections open on demand, at most `maxConnections` and within the budget. */
export function createMailer(opts: MailerOptions): Mailer {
  const budget = opts.budget ?? unlimitedBudget;
  const max = Math.max(1, Math.min(opts.maxConnections ?? 4, budget.max));
  const transportOptions = (pool: boolean) => ({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    ...(pool ? { pool: true as const, maxConnections: 1, maxMessages: Infinity } : {}),
    // With plaintext allowed, a loopback sink (tests, demo) has no certificate and STARTTLS is used
    // elsewhere whenever offered; otherwise a server without STARTTLS never sees our credentials.
    ...(opts.allowPlaintext ? { ignoreTLS: !opts.secure && LOOPBACK.test(opts.host) } : { requireTLS: !opts.secure }),
    ...(opts.ca ? { tls: { ca: opts.ca } } : {}),
    // Kept well under the reply job's lock (120 s) so a hung server fails the send, not the lock.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(opts.user && !opts.oauth ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
    ...(opts.oauth ? { auth: oauth2Auth(opts.oauth, opts.user ?? opts.oauth.user) } : {}),
  });

  const idle: Slot[] = [];
  let open = 0;
  const waiters: (() => void)[] = [];
  let closed = false;

  let okReportedAt = -Infinity;

  const releasing = new Set<Promise<void>>();
  function closeSlot(slot: Slot): void {
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    if (slot.idle) clearTimeout(slot.idle);
    slot.transport.close();
    open--;
    const released = slot.lease.release();
    releasing.add(released);
    void released.finally(() => releasing.delete(released));
    waiters.shift()?.();
  }

  /** An idle connection, a new one (taking a budget slot), or the next one freed in this process. */
  async function take(): Promise<Slot> {
    for (;;) {
      const slot = idle.pop();
      if (slot) {
        if (slot.idle) clearTimeout(slot.idle);
        slot.idle = null;
        return slot;
      }
      if (open < max) {
        open++;
        try {
          const lease = await budget.acquire();
          return { transport: nodemailer.createTransport(transportOptions(true)), lease, idle: null };
        } catch (err) {
          open--;
          throw err;
        }
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  function giveBack(slot: Slot, healthy: boolean): void {
    if (!healthy || closed) return closeSlot(slot);
    slot.idle = setTimeout(() => closeSlot(slot), IDLE_CLOSE_MS);
    slot.idle.unref();
    idle.push(slot);
    waiters.shift()?.();
  }

  return {
    async send(msg) {
      const raw = await composeReply(msg);
      const slot = await take();
      try {
        const info = await timeStage('send', () => slot.transport.sendMail({ envelope: { from: envelopeAddress(msg.from), to: [msg.to] }, raw }));
        giveBack(slot, true);
        if (Date.now() - okReportedAt >= OK_REPORT_EVERY_MS) {
          okReportedAt = Date.now();
          await opts.status?.report('smtp', { state: 'ok' });
        }
        return { response: String(info.response ?? ''), raw };
      } catch (err) {
        // A refusal leaves a usable session; a broken connection is closed so its slot is freed.
        giveBack(slot, typeof (err as { responseCode?: unknown }).responseCode === 'number');
        // A refused recipient says nothing about the connection; a refused login or a dead socket does.
        const failure = classifyConnectionError(err, 'smtp', opts);
        if (failure) {
          okReportedAt = -Infinity;
          await opts.status?.report('smtp', { state: failure.state, error: failure.message });
        }
        throw classifySendError(err);
      }
    },
    async verify() {
      const lease = await budget.acquire();
      const t = nodemailer.createTransport(transportOptions(false));
      // The error as nodemailer gives it (code EAUTH, ESOCKET, ...): `endorse doctor` turns it into advice.
      try {
        await t.verify();
      } finally {
        t.close();
        await lease.release();
      }
    },
    async close() {
      closed = true;
      for (const slot of [...idle]) closeSlot(slot);
      await Promise.all(releasing);
    },
  };
}
