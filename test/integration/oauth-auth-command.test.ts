/**
 * `endorse auth` against a real authorization server on loopback: the device-code flow (Microsoft
 * style; the test signs in by approving the printed code) and the loopback redirect with PKCE (Google
 * style; the test plays the browser by opening the printed URL). The refresh token lands in the file,
 * owner-only, and the worker's token source then logs in with it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authEnvironment, obtainRefreshToken } from '../../src/commands/auth';
import { UsageError } from '../../src/commands/errors';
import { loadConfig } from '../../src/config';
import { createTokenSource } from '../../src/mailbox/oauth/grants';
import { startOAuthServer, type OAuthServer } from '../helpers/oauth-server';
import { cliPath } from '../helpers/stack';

const USER = 'info@example.org';
let oauth: OAuthServer;
let dir: string;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: USER, clientId: 'app', clientSecret: 'sec' });
  dir = mkdtempSync(join(tmpdir(), 'endorse-auth-'));
});
afterAll(async () => {
  await oauth?.close();
});

const env = (extra: Record<string, string>) => ({
  IMAP_HOST: '127.0.0.1', IMAP_USER: USER, SMTP_HOST: '127.0.0.1', FROM_ADDRESS: USER, APPEAL_TITLE: 'Peace for Ukraine',
  OAUTH_FLOW: 'refresh_token', OAUTH_CLIENT_ID: 'app', OAUTH_TOKEN_URL: oauth.tokenUrl, ...extra,
});

test('Microsoft 365: device code printed, sign-in approved, refresh token stored 0600 and usable', async () => {
  const file = join(dir, 'ms-refresh-token');
  // `endorse auth microsoft`: the provider and the refresh-token flow come from the command line.
  const { OAUTH_FLOW: _flow, ...rest } = env({ OAUTH_DEVICE_URL: oauth.deviceUrl, OAUTH_REFRESH_TOKEN_FILE: file });
  const config = loadConfig(authEnvironment(rest, 'microsoft'));
  expect(config.oauth).toMatchObject({ provider: 'microsoft365', flow: 'refresh_token' });
  const lines: string[] = [];
  const written = await obtainRefreshToken(config, {}, (line) => {
    lines.push(line);
    const code = /^code: (\S+)$/.exec(line)?.[1];
    if (code) setTimeout(() => oauth.approveDevice(code), 300); // the organiser signs in a moment later
  });
  expect(written).toBe(file);
  expect(lines[0]).toMatch(new RegExp(`open ${oauth.url}/device and enter the code [0-9A-F]{8}`));
  const token = readFileSync(file, 'utf8').trim();
  expect(oauth.refreshTokens.has(token)).toBe(true);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const polls = oauth.requests.filter((r) => r.grant_type === 'urn:ietf:params:oauth:grant-type:device_code');
  expect(polls.length).toBeGreaterThanOrEqual(1);
  expect(polls.every((r) => r.client_id === 'app')).toBe(true);

  const access = await createTokenSource(config.oauth!).token();
  expect(oauth.active(access)).toBe(true);
  expect(oauth.requests.at(-1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: token });
}, 20_000);

test('Google: consent URL printed, the browser is sent back to the loopback listener, PKCE exchange, token stored in --out', async () => {
  const out = join(dir, 'google-refresh-token');
  const config = loadConfig(env({
    OAUTH_PROVIDER: 'google', OAUTH_CLIENT_SECRET: 'sec', OAUTH_AUTHORIZE_URL: oauth.authorizeUrl, OAUTH_REFRESH_TOKEN_FILE: join(dir, 'unused'),
  }));
  let page: Promise<{ status: number; text: string }> | null = null;
  let consentUrl = '';
  await obtainRefreshToken(config, { out }, (line) => {
    if (!line.startsWith(oauth.authorizeUrl)) return;
    consentUrl = line;
    // The browser: opens the consent URL and follows the provider's redirect to our listener.
    page = fetch(line).then(async (r) => ({ status: r.status, text: await r.text() }));
  });
  const q = new URL(consentUrl).searchParams;
  expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('scope')).toBe('https://mail.google.com/');
  expect(q.get('login_hint')).toBe(USER);
  expect(q.get('access_type')).toBe('offline');
  expect(await page).toEqual({ status: 200, text: expect.stringContaining('Signed in') });
  const exchange = oauth.requests.filter((r) => r.grant_type === 'authorization_code').at(-1)!;
  expect(exchange.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(exchange.redirect_uri).toBe(q.get('redirect_uri'));
  expect(oauth.refreshTokens.has(readFileSync(out, 'utf8').trim())).toBe(true);
  expect(statSync(out).mode & 0o777).toBe(0o600);
}, 20_000);

test('the built CLI: `endorse auth microsoft` prints the code on stderr, the file on stdout, exits 0', async () => {
  const file = join(dir, 'cli-refresh-token');
  const { OAUTH_FLOW: _flow, ...rest } = env({ OAUTH_DEVICE_URL: oauth.deviceUrl, OAUTH_REFRESH_TOKEN_FILE: file });
  const child = spawn(process.execPath, [cliPath(), 'auth', 'microsoft'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...rest } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const code = /^code: (\S+)$/m.exec(stderr)?.[1];
    if (code) oauth.approveDevice(code);
  });
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ exit, stdout }).toEqual({ exit: 0, stdout: `refresh token stored in ${file}\n` });
  expect(stderr).toMatch(/enter the code/);
  expect(oauth.refreshTokens.has(readFileSync(file, 'utf8').trim())).toBe(true);
}, 20_000);

test('a provider argument that contradicts OAUTH_PROVIDER is a usage error', () => {
  expect(() => authEnvironment({ OAUTH_PROVIDER: 'google' }, 'microsoft')).toThrow(/endorse auth microsoft, but OAUTH_PROVIDER is google/);
});

test('without OAUTH_FLOW=refresh_token the command explains what to set', async () => {
  const config = loadConfig({ ...env({}), OAUTH_FLOW: 'client_credentials', OAUTH_CLIENT_SECRET: 'sec' });
  await expect(obtainRefreshToken(config, {}, () => undefined)).rejects.toThrow(UsageError);
  await expect(obtainRefreshToken(config, {}, () => undefined)).rejects.toThrow(/OAUTH_FLOW=refresh_token/);
});
