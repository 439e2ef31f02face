/**
 * Failures that show, on real servers on loopback (Redis, Dovecot, smtp-server) and the built CLI:
 * a wrong IMAP password backs off (login attempts counted at a TCP relay in front of Dovecot) and
 * stops the watcher, the status in Redis says so in the server's words, `/healthz` answers 503
 * naming IMAP, the review page shows a banner, the container health check says why, and `endorse
 * doctor` exits 1 with the advice; a working setup passes every check; a port/TLS mismatch either
 * way is told within seconds, by the worker and by the doctor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { freePort, waitFor } from '../helpers/ports';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { cliPath, runCli, spawnCli } from '../helpers/stack';
import Redis from 'ioredis';
import { openConnection } from '../../src/intake/connection';
import { classifyConnectionError } from '../../src/status/classify';
import { createMailer, TransientSendError } from '../../src/replies/mailer';
import { createStatusReporter, statusKey, type ConnectionStatus } from '../../src/status/store';

const PROFILE = join(__dirname, '../../profiles/peace-for-ukraine.json');

let redis: RedisServer;
let dovecot: DovecotServer;
let smtp: SmtpSink;
let client: Redis;
const closers: (() => unknown)[] = [];

/** A TCP relay to `port` that records when each connection opened: one per IMAP login attempt. */
async function relay(port: number, wrapTls?: { key: string; cert: string }): Promise<{ port: number; opened: number[] }> {
  const opened: number[] = [];
  const pipe = (s: Socket) => {
    opened.push(Date.now());
    const up = connect({ host: '127.0.0.1', port });
    s.pipe(up).pipe(s);
    const drop = () => { s.destroy(); up.destroy(); };
    s.on('error', drop);
    up.on('error', drop);
    s.on('close', drop);
    up.on('close', drop);
  };
  // With a certificate it terminates TLS in front of the plaintext Dovecot: an implicit-TLS (993-style) port.
  const server: Server = wrapTls ? createTlsServer(wrapTls, pipe) : createServer(pipe);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => server.close());
  return { port: (server.address() as { port: number }).port, opened };
}

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
    IMAP_HOST: '127.0.0.1', IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password,
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false',
    // The loopback servers offer no STARTTLS.
    IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'true',
    FROM_ADDRESS: 'Appeal team <info@ukraine-solidarity.eu>', APPEAL_FILE: PROFILE,
    REDIS_URL: redis.url, QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'info', POLL_SECONDS: '1', WORKER_THREADS: '0',
    ...overrides,
  };
}

/** Run the containers' health check script; resolves its exit code and output. */
function healthcheck(which: 'web' | 'worker', e: Record<string, string>): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [join(cliPath(), '../../scripts/healthcheck.js'), which], { env: e }).toString() };
  } catch (err) {
    return { code: (err as { status: number }).status, stdout: String((err as { stdout: Buffer }).stdout) };
  }
}

async function imapStatus(prefix: string): Promise<ConnectionStatus | null> {
  const raw = await client.hget(statusKey(prefix), 'imap');
  return raw ? (JSON.parse(raw) as ConnectionStatus) : null;
}

beforeAll(async () => {
  // No failure delay at Dovecot, so the gaps between login attempts are the watcher's own back-off.
  [redis, dovecot, smtp] = await Promise.all([startRedis({ appendonly: true }), startDovecot({ extraConf: () => 'auth_failure_delay = 0' }), startSmtpSink()]);
  client = new Redis(redis.url);
}, 60_000);
afterAll(async () => {
  for (const c of closers) await c();
  client?.disconnect();
  await Promise.allSettled([redis?.stop(), dovecot?.stop(), smtp?.close()]);
});

describe('a wrong IMAP password', () => {
  const tries = 3;
  let e: Record<string, string>;
  let attempts: number[];
  let worker: ReturnType<typeof spawnCli>;
  let stderr = '';

  beforeAll(async () => {
    const r = await relay(dovecot.port);
    attempts = r.opened;
    e = env({ IMAP_PORT: String(r.port), IMAP_PASSWORD: 'wrong password', IMAP_AUTH_RETRY_SECONDS: '1', IMAP_AUTH_MAX_TRIES: String(tries) });
    worker = spawnCli(['worker'], e);
    worker.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    closers.push(() => worker.kill('SIGKILL'));
  });

  test('login attempts back off with growing gaps, and stop after IMAP_AUTH_MAX_TRIES with a clear log line', async () => {
    await waitFor('the watcher to give up', async () => (await imapStatus(e.QUEUE_PREFIX!))?.stopped === true, 30_000);
    // Longer than the next back-off would have been (1 s, 2 s, then 4 s + 10 %): no attempt comes.
    await new Promise((r) => setTimeout(r, 5000));
    expect(attempts).toHaveLength(tries);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.5);
    expect(stderr).toContain(`IMAP login refused ${tries} times in a row: the mailbox watcher stops`);
    expect(worker.exitCode).toBeNull();
  }, 60_000);

  test('the status in Redis says auth_failed in the server\'s words, since when, and that the watcher stopped', async () => {
    const s = (await imapStatus(e.QUEUE_PREFIX!))!;
    expect(s).toMatchObject({ state: 'auth_failed', attempts: tries, stopped: true, nextRetry: null });
    expect(s.error).toMatch(/^login refused by 127\.0\.0\.1:\d+: the server says "\[AUTHENTICATIONFAILED\] Authentication failed\."$/);
    // Since the first refusal: after the first attempt opened, before the second (a back-off of 1 s later).
    expect(Date.parse(s.since)).toBeGreaterThanOrEqual(attempts[0]! - 50);
    expect(Date.parse(s.since)).toBeLessThan(attempts[1]!);
  });

  test('/healthz answers 503 naming IMAP, and the review page shows the banner', async () => {
    const port = await freePort();
    const we = { ...e, WEB_HOST: '127.0.0.1', WEB_PORT: String(port) };
    expect((await runCli(['users', 'add', 'alice'], we, 'alice password 1\n')).code).toBe(0);
    const token = (await runCli(['users', 'token', 'alice'], we)).stdout.trim();
    const web = spawnCli(['web'], we);
    closers.push(() => web.kill('SIGKILL'));
    await waitFor('endorse web', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status > 0);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { connections: { imap: { error: string } } };
    expect(body).toMatchObject({ ok: false, failing: ['imap'], connections: { imap: { state: 'auth_failed', stopped: true } } });
    expect(body.connections.imap.error).toContain('[AUTHENTICATIONFAILED] Authentication failed.');
    const page = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(page).toMatch(/<div class="alert" role="alert"><p>IMAP login failed since \d\d:\d\d UTC: login refused by 127\.0\.0\.1:\d+: the server says &#34;\[AUTHENTICATIONFAILED\] Authentication failed\.&#34;; gave up after 3 tries/);
    // The login page shows a stranger nothing about the servers.
    expect(await (await fetch(`http://127.0.0.1:${port}/login`)).text()).not.toContain('class="alert"');
    // The web container stays healthy: its page is where organisers see why intake stopped.
    const h = healthcheck('web', we);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^healthy: the review page serves and shows why intake stopped \(\/healthz answered 503: IMAP login failed since/);
    web.kill('SIGTERM');
  }, 60_000);

  test('the worker container\'s health check fails and says why', () => {
    const h = healthcheck('worker', e);
    expect(h.code).toBe(1);
    expect(h.stdout).toMatch(/^no watcher holds the mailbox lease \(.*\): IMAP login failed since .*gave up after 3 tries/);
  });

  test('endorse doctor exits 1 with the server\'s words and one line of advice', async () => {
    const r = await runCli(['doctor'], e);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}IMAP login: login refused by 127\.0\.0\.1:\d+: the server says "\[AUTHENTICATIONFAILED\] Authentication failed\."\n {6}→ check IMAP_USER and IMAP_PASSWORD/m);
    expect(r.stdout).toMatch(/^FAIL {2}worker: the worker last saw: IMAP login failed .*\n {6}→ the mailbox watcher gave up: once the checks above pass, restart the worker/m);
    expect(r.stdout).toMatch(/^ok {4}SMTP login: /m);
    expect(r.stderr).toMatch(/endorse: doctor: 2 of \d+ checks failed/);
    // The doctor itself logged in once and changed no state.
    expect((await imapStatus(e.QUEUE_PREFIX!))!.attempts).toBe(tries);
  }, 30_000);
});

test('a working setup: endorse doctor prints ok on every line and exits 0, sending nothing', async () => {
  const before = smtp.messages.length;
  const r = await runCli(['doctor'], env());
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines.map((l) => l.split(':')[0])).toEqual([
    'ok    configuration', 'ok    appeal profile', 'ok    IMAP DNS', 'ok    IMAP server', 'ok    IMAP login', 'ok    IMAP folders',
    'ok    SMTP DNS', 'ok    SMTP server', 'ok    SMTP login', 'ok    Redis', 'ok    worker',
  ]);
  expect(r.stdout).toContain('Redis 7');
  expect(smtp.messages.length).toBe(before);
}, 30_000);

test('the reply mailer records SMTP: unreachable with what failed, then ok once a send goes through, not again with every send; a refused recipient changes nothing', async () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const status = createStatusReporter(client, prefix);
  const smtpStatus = async () => JSON.parse((await client.hget(statusKey(prefix), 'smtp'))!) as ConnectionStatus;
  const reply = { from: 'Appeal team <info@ukraine-solidarity.eu>', to: 'jane@example.org', subject: 'Thank you', text: 'Thank you.', html: '<p>Thank you.</p>',
    inReplyTo: null, references: [], messageId: `<${randomBytes(6).toString('hex')}@ukraine-solidarity.eu>`, language: 'en' };
  const closed = await freePort();
  const down = createMailer({ host: '127.0.0.1', port: closed, secure: false, pool: true, allowPlaintext: true, status });
  await expect(down.send(reply)).rejects.toBeInstanceOf(TransientSendError);
  down.close();
  expect(await smtpStatus()).toMatchObject({ state: 'unreachable', error: `nothing listens on 127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed})` });
  const up = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, pool: true, allowPlaintext: true, status });
  try {
    await up.send(reply);
    const ok = await smtpStatus();
    expect(ok).toMatchObject({ state: 'ok', error: null });
    smtp.failNext(550, 1, 'no such user');
    await expect(up.send({ ...reply, messageId: `<${randomBytes(6).toString('hex')}@ukraine-solidarity.eu>` })).rejects.toThrow(/550/);
    expect(await smtpStatus()).toEqual(ok);
    // A busy drain does not write `ok` again with every reply (two round trips before each sent-record).
    await up.send({ ...reply, messageId: `<${randomBytes(6).toString('hex')}@ukraine-solidarity.eu>` });
    await up.send({ ...reply, messageId: `<${randomBytes(6).toString('hex')}@ukraine-solidarity.eu>` });
    expect(await smtpStatus()).toEqual(ok);
  } finally {
    up.close();
  }
}, 30_000);

test('a configuration that does not load is one FAIL line naming the variable, and nothing else is tried', async () => {
  const e = env();
  delete e.IMAP_HOST;
  const r = await runCli(['doctor'], e);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAIL {2}configuration: IMAP_HOST.*\n {6}→ set the variables named above/);
  expect(r.stdout.trim().split('\n')).toHaveLength(2);
}, 30_000);

describe('a port/TLS mismatch is told within seconds', () => {
  test('IMAP_SECURE=true against the plaintext port: the worker and the doctor say to set IMAP_SECURE=false', async () => {
    const e = env({ IMAP_SECURE: 'true' });
    const started = Date.now();
    const once = await runCli(['worker', '--once'], e);
    expect(once.code).toBe(1);
    expect(once.stderr).toContain(`endorse: IMAP: port ${dovecot.port} does not speak TLS at once (plaintext or STARTTLS): set IMAP_SECURE=false`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect((await imapStatus(e.QUEUE_PREFIX!))).toMatchObject({ state: 'tls_error' });
    const doc = await runCli(['doctor'], e);
    expect(doc.code).toBe(1);
    expect(doc.stdout).toMatch(new RegExp(`^FAIL  IMAP server: 127\\.0\\.0\\.1:${dovecot.port} speaks plaintext IMAP, not TLS \\(wrong version number\\)\\n {6}→ set IMAP_SECURE=false`, 'm'));
  }, 30_000);

  describe('behind an implicit-TLS port', () => {
    let dir: string;
    let tlsPort: number;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'endorse-cert-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
        '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      tlsPort = (await relay(dovecot.port, { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') })).port;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('IMAP_SECURE=false against it: "did not answer with an IMAP greeting: … set IMAP_SECURE=true", not after 16 s', async () => {
      // Timed in this process: a CLI's start-up on a busy machine would blur the seconds that matter.
      const started = Date.now();
      const err = await openConnection({ host: 'localhost', port: tlsPort, secure: false, user: dovecot.user, password: dovecot.password },
        { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined }).then(() => null, (x: unknown) => x);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(5000);
      expect(elapsed).toBeLessThan(10_000);
      expect(classifyConnectionError(err, 'imap', { host: 'localhost', port: tlsPort, secure: false })?.state).toBe('tls_error');
      const e = env({ IMAP_HOST: 'localhost', IMAP_PORT: String(tlsPort) });
      const once = await runCli(['worker', '--once'], e);
      expect(once.code).toBe(1);
      expect(once.stderr).toContain(`endorse: IMAP: the server at localhost:${tlsPort} did not answer with an IMAP greeting: if port ${tlsPort} expects TLS at once, set IMAP_SECURE=true`);
      const doc = await runCli(['doctor'], e);
      expect(doc.code).toBe(1);
      expect(doc.stdout).toContain(`FAIL  IMAP server: localhost:${tlsPort} expects TLS at once: the server did not answer with an IMAP greeting in plaintext\n      → set IMAP_SECURE=true for port ${tlsPort}`);
    }, 40_000);

    test('IMAP_SECURE=true: an untrusted certificate is named; trusted through NODE_EXTRA_CA_CERTS, every IMAP check passes', async () => {
      const e = env({ IMAP_HOST: 'localhost', IMAP_PORT: String(tlsPort), IMAP_SECURE: 'true' });
      const untrusted = await runCli(['doctor'], e);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stdout).toMatch(/^FAIL {2}IMAP server: localhost:\d+: the certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\)\n {6}→ .*NODE_EXTRA_CA_CERTS/m);
      const trusted = await runCli(['doctor'], { ...e, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
      expect(trusted.stdout).toMatch(/^ok {4}IMAP server: localhost:\d+ answers IMAP \(TLS, certificate for localhost, valid until \d{4}-\d\d-\d\d\)$/m);
      expect(trusted.stdout).toMatch(/^ok {4}IMAP login: logged in as info@example.org$/m);
      expect(trusted.code).toBe(0);
    }, 40_000);
  });
});
