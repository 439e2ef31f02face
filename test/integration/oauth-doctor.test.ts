/**
 * `endorse doctor` with MAIL_AUTH=oauth2, as a Microsoft 365 or Gmail setup runs it: the IMAP login
 * against a real Dovecot whose oauth2 passdb asks a token endpoint on loopback, and the SMTP login
 * (AUTH XOAUTH2) against a real smtp-server, both with the token the doctor fetched. A good setup
 * passes every check; a refused client secret is one FAIL per login, with the token endpoint's words
 * and the OAuth advice. Nothing is sent.
 */
import { randomBytes } from 'node:crypto';
import { startOAuthDovecot, type DovecotServer } from '../helpers/dovecot';
import { startOAuthServer, type OAuthServer } from '../helpers/oauth-server';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { runCli } from '../helpers/stack';

const USER = 'info@example.org';
let oauth: OAuthServer;
let dovecot: DovecotServer;
let sink: SmtpSink;
let redis: RedisServer;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: USER, clientId: 'worker', clientSecret: 'shh' });
  [dovecot, sink, redis] = await Promise.all([
    startOAuthDovecot(oauth.introspectionUrl, USER),
    startSmtpSink({ auth: { methods: ['XOAUTH2'], accept: (l) => l.username === USER && oauth.active(l.accessToken ?? '') } }),
    startRedis(),
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.allSettled([dovecot?.stop(), sink?.close(), redis?.stop()]);
  await oauth?.close();
});

const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
  IMAP_HOST: '127.0.0.1', IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: USER,
  SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_SECURE: 'false',
  IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'true',
  MAIL_AUTH: 'oauth2', OAUTH_PROVIDER: 'generic', OAUTH_FLOW: 'client_credentials', OAUTH_TOKEN_URL: oauth.tokenUrl,
  OAUTH_CLIENT_ID: 'worker', OAUTH_CLIENT_SECRET: 'shh', OAUTH_SCOPE: 'mail',
  FROM_ADDRESS: `Appeal team <${USER}>`, APPEAL_TITLE: 'Stop the Russian war of aggression! Peace for Ukraine!',
  REDIS_URL: redis.url, QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'info',
  ...overrides,
});

test('a working OAuth2 setup: both logins pass with the token endpoint\'s token, and nothing is sent', async () => {
  const r = await runCli(['doctor'], env());
  const lines = r.stdout.trim().split('\n');
  expect(lines).toContain(`ok    IMAP login: logged in as ${USER} (OAuth2)`);
  expect(lines.find((l) => l.startsWith('ok    SMTP login'))).toContain(USER);
  expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual(lines.filter((l) => l.startsWith('FAIL  worker')));
  // Both servers took a token the endpoint issued (client credentials), and only such tokens.
  expect(oauth.requests.every((q) => q.grant_type === 'client_credentials')).toBe(true);
  expect(sink.logins).toEqual([{ method: 'XOAUTH2', username: USER, accessToken: expect.stringMatching(/^at-/), accepted: true }]);
  expect(sink.messages).toHaveLength(0);
}, 30_000);

test('a client secret the token endpoint refuses: each login FAILs with its words and the OAuth advice, exit 1', async () => {
  const logins = sink.logins.length;
  const r = await runCli(['doctor'], env({ OAUTH_CLIENT_SECRET: 'wrong' }));
  expect(r.code).toBe(1);
  for (const svc of ['IMAP', 'SMTP']) {
    const at = r.stdout.split('\n').findIndex((l) => l.startsWith(`FAIL  ${svc} login`));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(r.stdout.split('\n').slice(at, at + 2).join('\n')).toMatch(/invalid_client[\s\S]*→ .*OAUTH_/);
  }
  // No login was tried without a token.
  expect(sink.logins.length).toBe(logins);
}, 30_000);
