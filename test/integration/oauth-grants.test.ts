/**
 * The three grants against a real token endpoint on loopback: client credentials, refresh token (with
 * Microsoft-style rotation saved back to the file, owner-only), and a Google service account's signed
 * assertion, which the server verifies with the account's public key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenSource } from '../../src/mailbox/oauth/grants';
import { startOAuthServer, type OAuthServer } from '../helpers/oauth-server';

const USER = 'info@example.org';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let oauth: OAuthServer;

beforeAll(async () => {
  oauth = await startOAuthServer({
    user: USER, clientId: 'app', clientSecret: 'sec', refreshTokens: ['rt-0'], rotate: true,
    assertionKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
});
afterAll(async () => {
  await oauth?.close();
});

test('client credentials: id, secret and scope are sent; the token is cached', async () => {
  const s = createTokenSource({ provider: 'generic', flow: 'client_credentials', user: USER, tokenUrl: oauth.tokenUrl, scope: 'https://outlook.office365.com/.default', clientId: 'app', clientSecret: 'sec' });
  const before = oauth.requests.length;
  const t = await s.token();
  expect(await s.token()).toBe(t);
  expect(oauth.active(t)).toBe(true);
  expect(oauth.requests.slice(before)).toEqual([{ grant_type: 'client_credentials', client_id: 'app', client_secret: 'sec', scope: 'https://outlook.office365.com/.default' }]);
});

test('a wrong client secret is refused with the endpoint\'s error code', async () => {
  const s = createTokenSource({ provider: 'generic', flow: 'client_credentials', user: USER, tokenUrl: oauth.tokenUrl, scope: '', clientId: 'app', clientSecret: 'wrong' });
  await expect(s.token()).rejects.toMatchObject({ name: 'OAuthError', code: 'invalid_client', authenticationFailed: true });
});

test('refresh token from a file; a rotated refresh token replaces it, mode 0600, and is used next', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-'));
  const file = join(dir, 'refresh-token');
  writeFileSync(file, 'rt-0\n', { mode: 0o644 });
  const s = createTokenSource({ provider: 'microsoft365', flow: 'refresh_token', user: USER, tokenUrl: oauth.tokenUrl, scope: 'offline_access', clientId: 'app', refreshTokenFile: file });
  const before = oauth.requests.length;
  await s.token();
  const rotated = readFileSync(file, 'utf8').trim();
  expect(rotated).toMatch(/^rt-[0-9a-f]{24}$/);
  expect(oauth.refreshTokens.has(rotated)).toBe(true);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  s.invalidate();
  await s.token();
  expect(oauth.requests.slice(before).map((r) => r.refresh_token)).toEqual(['rt-0', rotated]);
  expect(oauth.requests.at(-1)).toMatchObject({ client_id: 'app', scope: 'offline_access' });
});

test('a missing refresh token file says to run endorse auth', async () => {
  const s = createTokenSource({ provider: 'google', flow: 'refresh_token', user: USER, tokenUrl: oauth.tokenUrl, scope: '', clientId: 'app', refreshTokenFile: '/nonexistent/rt' });
  await expect(s.token()).rejects.toThrow(/OAUTH_REFRESH_TOKEN_FILE: cannot read \/nonexistent\/rt \(ENOENT\): run `endorse auth`/);
  await expect(s.token()).rejects.toMatchObject({ authenticationFailed: true });
});

test('an unreachable token endpoint is not an authentication failure (the credentials may be fine)', async () => {
  const s = createTokenSource({ provider: 'generic', flow: 'client_credentials', user: USER, tokenUrl: 'http://127.0.0.1:1/token', scope: '', clientId: 'app', clientSecret: 'sec' });
  await expect(s.token()).rejects.toMatchObject({ code: 'unreachable', authenticationFailed: false });
});

test('service account: a JWT-bearer assertion for the mailbox user, verified by the server', async () => {
  const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const s = createTokenSource({ provider: 'google', flow: 'service_account', user: USER, tokenUrl: oauth.tokenUrl, scope: 'https://mail.google.com/', serviceAccount: { clientEmail: 'sa@p.iam.gserviceaccount.com', privateKey } });
  const t = await s.token();
  expect(oauth.active(t)).toBe(true);
  expect(oauth.requests.at(-1)!.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');

  // Another key than the one the server knows: refused.
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forged = createTokenSource({ provider: 'google', flow: 'service_account', user: USER, tokenUrl: oauth.tokenUrl, scope: 'https://mail.google.com/', serviceAccount: { clientEmail: 'sa@p.iam.gserviceaccount.com', privateKey: other } });
  await expect(forged.token()).rejects.toMatchObject({ code: 'invalid_grant' });
});
