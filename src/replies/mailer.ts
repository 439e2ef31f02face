/**
 * The SMTP side of replies: a pooled nodemailer transport that sends one reply with the headers
 * RFC 3834 asks of automatic responses and the threading headers of RFC 5322, and turns failures into
 * PermanentSendError / TransientSendError. The message is built once (MailComposer) and those exact
 * bytes are sent and returned, so the copy kept in the Sent folder is the message the recipient got.
 * Nothing connects until the first send.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';
import { classifySendError, PermanentSendError, TransientSendError } from './errors';
import { classifyConnectionError } from '../status/classify';
import type { StatusReporter } from '../status/store';

export { PermanentSendError, TransientSendError };

export interface MailerOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). When false, STARTTLS is used if offered (never on loopback). */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  /**
   * OAuth2 (AUTH XOAUTH2) instead of user/password, as `user` (default: the token's user). Each new
   * connection asks the source for a token; after a refused one, nodemailer asks again with renew.
   */
  oauth?: AccessTokenSource | undefined;
  pool: true;
  /** Where each send's connection outcome is reported (ok, auth_failed, unreachable, tls_error). */
  status?: StatusReporter;
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
   * @throws PermanentSendError on 5xx but 503 (with the server's words); TransientSendError otherwise.
   */
  send(msg: OutgoingReply): Promise<{ response: string; raw: Buffer }>;
  /** Connect, EHLO, STARTTLS and AUTH as `send` would, then quit: sends nothing (`endorse doctor`). */
  verify(): Promise<void>;
  /** Close the pooled connections. */
  close(): void;
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

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Build a mailer; the pool opens connections on demand. */
export function createMailer(opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    pool: true,
    maxConnections: 4,
    // A loopback sink (tests, demo) has no certificate; elsewhere STARTTLS is used whenever offered.
    ignoreTLS: !opts.secure && LOOPBACK.test(opts.host),
    // Kept well under the reply job's lock (120 s) so a hung server fails the send, not the lock.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(opts.user && !opts.oauth ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
    ...(opts.oauth ? { auth: oauth2Auth(opts.oauth, opts.user ?? opts.oauth.user) } : {}),
  });

  return {
    async send(msg) {
      const raw = await composeReply(msg);
      try {
        const info = await transport.sendMail({ envelope: { from: envelopeAddress(msg.from), to: [msg.to] }, raw });
        await opts.status?.report('smtp', { state: 'ok' });
        return { response: String(info.response ?? ''), raw };
      } catch (err) {
        // A refused recipient says nothing about the connection; a refused login or a dead socket does.
        const failure = classifyConnectionError(err, 'smtp', opts);
        if (failure) await opts.status?.report('smtp', { state: failure.state, error: failure.message });
        throw classifySendError(err);
      }
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
