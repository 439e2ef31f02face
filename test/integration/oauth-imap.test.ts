/**
 * OAuth2 login to a real Dovecot: its oauth2 passdb asks a token-introspection endpoint on loopback
 * (test/helpers/oauth-server.ts) whether each XOAUTH2/OAUTHBEARER token is active. The worker's token
 * source fetches tokens from the same server's token endpoint; expired and revoked tokens must be
 * replaced by new ones without a stopped connect, and the worker's intake must read mail this way.
 */
import { ImapFlow } from 'imapflow';
import { loadConfig } from '../../src/config';
import { createContainer } from '../../src/container';
import { closeConnection, openConnection } from '../../src/intake/connection';
import { createLogger } from '../../src/log';
import { createTokenSource } from '../../src/mailbox/oauth/grants';
import type { OAuthSettings } from '../../src/mailbox/oauth/settings';
import { startOAuthDovecot, type DovecotServer } from '../helpers/dovecot';
import { startOAuthServer, type OAuthServer } from '../helpers/oauth-server';
import { startRedis, type RedisServer } from '../helpers/redis';

const USER = 'info@example.org';
let oauth: OAuthServer;
let dovecot: DovecotServer;

const oauthDovecot = (mechanisms: string) => startOAuthDovecot(oauth.introspectionUrl, USER, mechanisms);

const settings = (): OAuthSettings => ({
  provider: 'generic', flow: 'client_credentials', user: USER, tokenUrl: oauth.tokenUrl, scope: 'imap', clientId: 'worker', clientSecret: 'shh',
});

beforeAll(async () => {
  oauth = await startOAuthServer({ user: USER, clientId: 'worker', clientSecret: 'shh' });
  dovecot = await oauthDovecot('xoauth2');
}, 30_000);
afterAll(async () => {
  await dovecot?.stop();
  await oauth?.close();
});

const noEvents = { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined };
const imap = (tokens = createTokenSource(settings(), { marginMs: 0 })) => ({ host: '127.0.0.1', port: dovecot.port, secure: false, user: USER, password: '', oauth: tokens, allowPlaintext: true });

test('a password login is refused: the server takes tokens only', async () => {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: USER, pass: 'secret' }, logger: false });
  c.on('error', () => undefined);
  await expect(c.connect()).rejects.toThrow();
  c.close();
});

test('XOAUTH2 login with a token from the token endpoint; an expired token is refreshed before the next connect', async () => {
  oauth.lifetimeS = 2;
  const tokens = createTokenSource(settings(), { marginMs: 0 });
  const first = await openConnection(imap(tokens), noEvents);
  const firstToken = oauth.issued.at(-1)!;
  expect(first.authenticated).toBeTruthy();
  expect(oauth.introspected.at(-1)).toEqual({ token: firstToken, active: true });
  await closeConnection(first);

  oauth.lifetimeS = 3600;
  await new Promise((r) => setTimeout(r, 2200)); // the token's 2 s lifetime is over
  expect(oauth.active(firstToken)).toBe(false);
  const second = await openConnection(imap(tokens), noEvents);
  const secondToken = oauth.issued.at(-1)!;
  expect(secondToken).not.toBe(firstToken);
  // The expired token never reached the server: the cache knew its lifetime.
  expect(oauth.introspected.filter((i) => i.token === firstToken)).toHaveLength(1);
  expect(oauth.introspected.at(-1)).toEqual({ token: secondToken, active: true });
  expect((await second.list()).map((m) => m.path)).toContain('INBOX');
  await closeConnection(second);
}, 20_000);

test('a revoked token is refused by the server, dropped, and the login succeeds with a new one', async () => {
  const tokens = createTokenSource({ ...settings() }, { marginMs: 0 });
  const revoked = await tokens.token();
  oauth.revoke(revoked);
  const c = await openConnection(imap(tokens), noEvents);
  const fresh = oauth.issued.at(-1)!;
  expect(fresh).not.toBe(revoked);
  const asked = oauth.introspected.filter((i) => i.token === revoked || i.token === fresh);
  expect(asked).toEqual([{ token: revoked, active: false }, { token: fresh, active: true }]);
  expect(c.authenticated).toBeTruthy();
  await closeConnection(c);
});

test('OAUTHBEARER, when the server offers it, logs in the same way', async () => {
  const bearer = await oauthDovecot('oauthbearer');
  try {
    const c = await openConnection({ ...imap(), port: bearer.port }, noEvents);
    expect(c.authenticated).toBeTruthy();
    expect(oauth.introspected.at(-1)).toEqual({ token: oauth.issued.at(-1), active: true });
    await closeConnection(c);
  } finally {
    await bearer.stop();
  }
}, 30_000);

describe('the worker', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  test('takes in mail over OAuth2 with no IMAP_PASSWORD configured', async () => {
    const seed = await openConnection(imap(), noEvents);
    await seed.append('INBOX', Buffer.from('From: Jane <jane@example.net>\r\nTo: info@example.org\r\nSubject: We endorse the appeal\r\nMessage-ID: <e1@example.net>\r\n\r\nWe sign.\r\n'));
    await closeConnection(seed);

    const config = loadConfig({
      IMAP_HOST: '127.0.0.1', IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'true', INTAKE_START: 'all', IMAP_USER: USER,
      SMTP_HOST: '127.0.0.1', SMTP_PORT: '2525', FROM_ADDRESS: USER, APPEAL_TITLE: 'Peace for Ukraine',
      REDIS_URL: redis.url, QUEUE_PREFIX: 'oauthimap', FILING: 'false',
      MAIL_AUTH: 'oauth2', OAUTH_FLOW: 'client_credentials', OAUTH_TOKEN_URL: oauth.tokenUrl,
      OAUTH_CLIENT_ID: 'worker', OAUTH_CLIENT_SECRET: 'shh', OAUTH_SCOPE: 'imap',
    });
    expect(config.IMAP_PASSWORD).toBe('');
    const c = createContainer(config, createLogger('silent'));
    const before = oauth.requests.length;
    try {
      expect(await c.watcher.syncOnce()).toEqual({ fetched: 1 });
      // Taken in straight from the fetch: the store has it.
      expect((await c.store.listMessages()).map((m) => m.messageId)).toEqual(['<e1@example.net>']);
    } finally {
      await c.close();
    }
    expect(oauth.requests.slice(before).map((r) => r.grant_type)).toEqual(['client_credentials']);
    expect(oauth.introspected.at(-1)).toEqual({ token: oauth.issued.at(-1), active: true });
  }, 30_000);
});
