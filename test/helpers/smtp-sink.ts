/**
 * A real SMTP server (smtp-server) on a free loopback port that records every message it accepts,
 * for tests, the demo and the benchmark. `failWith` lets a test make it answer with an error code.
 */
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpSink {
  port: number;
  messages: SunkMessage[];
  /** AUTH commands received (counted before they are checked). */
  readonly authAttempts: number;
  /** Next `n` transactions end with this reply (e.g. 421 or 550) at DATA; then normal again. */
  failNext(code: number, n?: number, text?: string): void;
  close(): Promise<void>;
}

/** Variations for TLS tests; without them the sink offers neither STARTTLS nor required AUTH. */
export interface SmtpSinkOptions {
  /** Offer STARTTLS with this certificate (PEM); without it STARTTLS is neither offered nor accepted. */
  tls?: { key: string; cert: string };
  /** Require AUTH PLAIN/LOGIN with these credentials (also over cleartext, so a test can see it sent). */
  auth?: { user: string; pass: string };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const failures: { code: number; text: string }[] = [];
  let authAttempts = 0;
  const server = new SMTPServer({
    authOptional: !opts.auth,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    ...(opts.auth ? {
      authMethods: ['PLAIN', 'LOGIN'], allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        authAttempts++;
        const ok = auth.username === opts.auth!.user && auth.password === opts.auth!.pass;
        callback(ok ? null : new Error('invalid credentials'), ok ? { user: auth.username } : undefined);
      },
    } : {}),
    disableReverseLookup: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const fail = failures.shift();
        if (fail) {
          const err = Object.assign(new Error(fail.text), { responseCode: fail.code });
          return callback(err);
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  // A client killed mid-transaction resets its socket; that is the sink's everyday life, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    messages,
    get authAttempts() {
      return authAttempts;
    },
    failNext(code, n = 1, text = 'try again later') {
      for (let i = 0; i < n; i++) failures.push({ code, text });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
