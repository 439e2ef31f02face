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

/** One AUTH the sink answered (with `auth` set). */
export interface SinkLogin {
  method: string;
  username: string;
  accessToken?: string;
  accepted: boolean;
}

export interface SmtpSinkOptions {
  /**
   * Require AUTH with these mechanisms (e.g. ['XOAUTH2']); `accept` decides each login. Unset: no
   * AUTH offered or needed (the default sink).
   */
  auth?: { methods: string[]; accept(login: Omit<SinkLogin, 'accepted'> & { password?: string }): boolean };
  /** Offer STARTTLS with this certificate (PEM); without it STARTTLS is neither offered nor accepted. */
  tls?: { key: string; cert: string };
  /** Answer each DATA only this long after the message arrived (a slow provider); it is recorded then. Default 0. */
  delayMs?: number;
}

export interface SmtpSink {
  port: number;
  messages: SunkMessage[];
  /** Every AUTH attempt, in order (with `auth` set). */
  logins: SinkLogin[];
  /** AUTH commands received (counted before they are checked). */
  readonly authAttempts: number;
  /** When (Date.now()) each MAIL FROM arrived, in order: a transaction started. */
  mailFromAt: number[];
  /** Next `n` transactions end with this reply (e.g. 421 or 550) at DATA; then normal again. */
  failNext(code: number, n?: number, text?: string): void;
  close(): Promise<void>;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const logins: SinkLogin[] = [];
  const failures: { code: number; text: string }[] = [];
  const mailFromAt: number[] = [];
  const auth = opts.auth;
  const server = new SMTPServer({
    authOptional: !auth,
    ...(auth ? {
      authMethods: auth.methods,
      // Loopback without TLS: let AUTH happen in the clear, as the tests' clients do.
      allowInsecureAuth: true,
      onAuth(a, _session, callback) {
        const login = { method: a.method, username: a.username ?? '', ...(a.accessToken ? { accessToken: a.accessToken } : {}) };
        const accepted = auth.accept({ ...login, ...(a.password ? { password: a.password } : {}) });
        logins.push({ ...login, accepted });
        if (accepted) return callback(null, { user: login.username });
        // XOAUTH2's refusal (RFC 7628 3.2.2 style): a 334 challenge with the error, then 535.
        if (a.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } });
        return callback(new Error('Invalid username or password'));
      },
    } : {}),
    // STARTTLS offered only with a certificate (TLS tests); otherwise neither offered nor accepted.
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    disableReverseLookup: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onMailFrom(_address, _session, callback) {
      mailFromAt.push(Date.now());
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      const answer = () => {
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
      };
      stream.on('end', () => (opts.delayMs ? void setTimeout(answer, opts.delayMs) : answer()));
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
    logins,
    mailFromAt,
    get authAttempts() {
      return logins.length;
    },
    failNext(code, n = 1, text = 'try again later') {
      for (let i = 0; i < n; i++) failures.push({ code, text });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
