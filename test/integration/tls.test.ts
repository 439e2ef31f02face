/**
 * STARTTLS is required unless plaintext is allowed, and a private CA can be trusted, on real servers:
 * a Dovecot without TLS and an smtp-server without STARTTLS never see our credentials (asserted at
 * the server: no AUTH in Dovecot's auth log, onAuth never called) and the error names STARTTLS; a
 * Dovecot and an smtp-server with a certificate from a CA made here accept us over STARTTLS when that
 * CA is given (IMAP_CA_FILE / SMTP_CA_FILE), and the error names the certificate when it is not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeConnection, openConnection, type ImapSettings } from '../../src/intake/connection';
import { createMailer, TransientSendError, type OutgoingReply } from '../../src/replies/mailer';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let dir: string;
let ca: string;
let key: string;
let cert: string;
let plainImap: DovecotServer;
let tlsImap: DovecotServer;
const sinks: SmtpSink[] = [];

/** A CA and a server certificate for 127.0.0.1 signed by it, made with openssl in a temp dir. */
function makeCertificates(): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Endorse Test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  key = readFileSync(join(dir, 'server.key'), 'utf8');
  cert = readFileSync(join(dir, 'server.pem'), 'utf8');
}

// Every authentication request the server receives is logged, so "none arrived" can be asserted.
const authLog = () => 'auth_verbose = yes\nauth_debug = yes\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'endorse-tls-'));
  makeCertificates();
  [plainImap, tlsImap] = await Promise.all([
    startDovecot({ extraConf: authLog }),
    startDovecot({
      extraConf: authLog,
      files: { 'server.pem': cert, 'server.key': key },
      ssl: (d) => `ssl = yes\nssl_cert = <${d}/server.pem\nssl_key = <${d}/server.key`,
    }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([plainImap?.stop(), tlsImap?.stop(), ...sinks.map((s) => s.close())]);
  rmSync(dir, { recursive: true, force: true });
});

const events = { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined };
const imap = (d: DovecotServer, extra: Partial<ImapSettings> = {}): ImapSettings => ({
  host: '127.0.0.1', port: d.port, secure: false, user: d.user, password: d.password, ...extra,
});
const dovecotLog = (d: DovecotServer) => readFileSync(join(d.dir, 'dovecot.log'), 'utf8');
const AUTH_SEEN = /client in: (?:AUTH|LOGIN)|Login: user=|auth failed/i;

describe('IMAP', () => {
  test('a server without STARTTLS: no login is sent, and the error names STARTTLS', async () => {
    await expect(openConnection(imap(plainImap), events)).rejects.toThrow(/STARTTLS/i);
    expect(dovecotLog(plainImap)).not.toMatch(AUTH_SEEN);
  });

  test('the same server with IMAP_ALLOW_PLAINTEXT: the login goes through in cleartext', async () => {
    const c = await openConnection(imap(plainImap, { allowPlaintext: true }), events);
    await closeConnection(c);
    expect(dovecotLog(plainImap)).toMatch(AUTH_SEEN);
  });

  test('a certificate from a private CA: trusted with IMAP_CA_FILE, upgraded with STARTTLS', async () => {
    const c = await openConnection(imap(tlsImap, { ca }), events);
    expect(c.secureConnection).toBe(true);
    await closeConnection(c);
  });

  test('the same certificate without the CA: refused, and the error is about the certificate', async () => {
    await expect(openConnection(imap(tlsImap), events)).rejects.toThrow(/certificate/i);
  });
});

const reply: OutgoingReply = {
  from: 'Appeal team <info@example.org>', to: 'jane@example.net', subject: 'Re: Endorsement', text: 'Thank you.', html: '<p>Thank you.</p>',
  inReplyTo: '<a@example.net>', references: ['<a@example.net>'], messageId: '<r1@example.org>', language: 'en',
};
const credentials = { user: 'info@example.org', pass: 'secret' };
/** The sink asks for PLAIN/LOGIN and takes only these credentials. */
const sinkAuth = { methods: ['PLAIN', 'LOGIN'], accept: (l: { username: string; password?: string }) => l.username === credentials.user && l.password === credentials.pass };

describe('SMTP', () => {
  test('a server without STARTTLS: AUTH is never sent, and the error names TLS', async () => {
    const sink = await startSmtpSink({ auth: sinkAuth });
    sinks.push(sink);
    const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, user: credentials.user, password: credentials.pass });
    const err = await mailer.send(reply).catch((e: unknown) => e);
    mailer.close();
    expect(err).toBeInstanceOf(TransientSendError);
    expect((err as Error).message).toMatch(/STARTTLS|TLS/);
    expect(sink.authAttempts).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  test('the same server with SMTP_ALLOW_PLAINTEXT: AUTH goes in cleartext and the reply is sent', async () => {
    const sink = await startSmtpSink({ auth: sinkAuth });
    sinks.push(sink);
    const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, user: credentials.user, password: credentials.pass, allowPlaintext: true });
    await mailer.send(reply);
    mailer.close();
    expect(sink.authAttempts).toBe(1);
    expect(sink.messages).toHaveLength(1);
  });

  test('a certificate from a private CA: trusted with SMTP_CA_FILE, sent over STARTTLS; refused without it', async () => {
    const sink = await startSmtpSink({ tls: { key, cert }, auth: sinkAuth });
    sinks.push(sink);
    const base = { host: '127.0.0.1', port: sink.port, secure: false, pool: true as const, user: credentials.user, password: credentials.pass };
    const untrusting = createMailer(base);
    const err = await untrusting.send(reply).catch((e: unknown) => e);
    untrusting.close();
    expect((err as Error).message).toMatch(/certificate/i);
    expect(sink.authAttempts).toBe(0);

    const trusting = createMailer({ ...base, ca });
    await trusting.send(reply);
    trusting.close();
    expect(sink.authAttempts).toBe(1);
    expect(sink.messages).toHaveLength(1);
  });
});
