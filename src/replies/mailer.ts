/**
 * The SMTP side of replies: a pooled nodemailer transport that sends one reply with the headers
 * RFC 3834 asks of automatic responses and the threading headers of RFC 5322, and turns failures into
 * PermanentSendError / TransientSendError. The message is built once (MailComposer) and those exact
 * bytes are sent and returned, so the copy kept in the Sent folder is the message the recipient got.
 * Nothing connects until the first send.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { classifySendError, PermanentSendError, TransientSendError } from './errors';

export { PermanentSendError, TransientSendError };

export interface MailerOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). When false, STARTTLS is used if offered (never on loopback). */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  pool: true;
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
  /** Close the pooled connections. */
  close(): void;
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
    ...(opts.user ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
  });

  return {
    async send(msg) {
      const raw = await composeReply(msg);
      try {
        const info = await transport.sendMail({ envelope: { from: envelopeAddress(msg.from), to: [msg.to] }, raw });
        return { response: String(info.response ?? ''), raw };
      } catch (err) {
        throw classifySendError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
