/** MAIL_AUTH and OAUTH_*: presets filled in, every missing piece named, IMAP_PASSWORD optional with OAuth2. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { MS_APP_SCOPE, MS_DELEGATED_SCOPE } from '../../src/mailbox/oauth/settings';

const base = {
  IMAP_HOST: 'outlook.office365.com', IMAP_USER: 'info@example.org', SMTP_HOST: 'smtp.office365.com',
  FROM_ADDRESS: 'Appeal team <info@example.org>', APPEAL_TITLE: 'Stop the war',
};

test('without OAuth2 the password is still required, and the message says how else to log in', () => {
  expect(() => loadConfig(base)).toThrow(/IMAP_PASSWORD is required \(or log in with OAuth2: MAIL_AUTH=oauth2 and OAUTH_FLOW\)/);
  expect(loadConfig({ ...base, IMAP_PASSWORD: 'pw' }).oauth).toBeNull();
});

test('Microsoft 365 client credentials: the tenant\'s token endpoint and the .default scope, no password needed', () => {
  const c = loadConfig({ ...base, OAUTH_PROVIDER: 'microsoft365', OAUTH_FLOW: 'client_credentials', OAUTH_TENANT: 'contoso.onmicrosoft.com', OAUTH_CLIENT_ID: 'app', OAUTH_CLIENT_SECRET: 'sec' });
  expect(c.IMAP_PASSWORD).toBe('');
  expect(c.oauth).toEqual({
    provider: 'microsoft365', flow: 'client_credentials', user: 'info@example.org',
    tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', scope: MS_APP_SCOPE,
    clientId: 'app', clientSecret: 'sec',
    deviceUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode',
    authorizeUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
  });
  expect(MS_APP_SCOPE).toBe('https://outlook.office365.com/.default');
});

test('Microsoft 365 delegated: the IMAP and SMTP scopes with offline_access, the token from a file', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'microsoft365', OAUTH_FLOW: 'refresh_token', OAUTH_CLIENT_ID: 'app', OAUTH_REFRESH_TOKEN_FILE: '/run/secrets/rt' });
  expect(c.oauth).toMatchObject({ provider: 'microsoft365', scope: MS_DELEGATED_SCOPE, refreshTokenFile: '/run/secrets/rt', tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token' });
  expect(MS_DELEGATED_SCOPE.split(' ')).toEqual(['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access']);
});

test('Google refresh token and service account presets', () => {
  const g = loadConfig({ ...base, OAUTH_PROVIDER: 'google', OAUTH_FLOW: 'refresh_token', OAUTH_CLIENT_ID: 'id', OAUTH_CLIENT_SECRET: 's', OAUTH_REFRESH_TOKEN: 'rt' });
  expect(g.oauth).toMatchObject({ tokenUrl: 'https://oauth2.googleapis.com/token', scope: 'https://mail.google.com/', refreshToken: 'rt', authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth' });

  const dir = mkdtempSync(join(tmpdir(), 'sa-'));
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'sa@p.iam.gserviceaccount.com', private_key: key, private_key_id: 'kid' }));
  // MAIL_AUTH and OAUTH_FLOW follow from the key file alone.
  const sa = loadConfig({ ...base, GOOGLE_SERVICE_ACCOUNT_FILE: join(dir, 'sa.json') });
  expect(sa.oauth).toMatchObject({ flow: 'service_account', tokenUrl: 'https://oauth2.googleapis.com/token', scope: 'https://mail.google.com/', serviceAccount: { clientEmail: 'sa@p.iam.gserviceaccount.com', keyId: 'kid' } });

  writeFileSync(join(dir, 'bad.json'), '{"installed":{}}');
  expect(() => loadConfig({ ...base, GOOGLE_SERVICE_ACCOUNT_FILE: join(dir, 'bad.json') })).toThrow(/GOOGLE_SERVICE_ACCOUNT_FILE: .* has no client_email and private_key/);
});

test('what is missing is named, all at once', () => {
  expect(() => loadConfig({ ...base, MAIL_AUTH: 'oauth2' })).toThrow(/OAUTH_FLOW is required with MAIL_AUTH=oauth2/);
  const err = (() => {
    try {
      loadConfig({ ...base, OAUTH_FLOW: 'client_credentials' });
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  })();
  expect(err).toMatch(/OAUTH_TOKEN_URL is required for OAUTH_PROVIDER=generic/);
  expect(err).toMatch(/OAUTH_CLIENT_ID is required for OAUTH_FLOW=client_credentials/);
  expect(err).toMatch(/OAUTH_CLIENT_SECRET is required/);
  expect(() => loadConfig({ ...base, OAUTH_PROVIDER: 'microsoft365', OAUTH_FLOW: 'client_credentials', OAUTH_CLIENT_ID: 'a', OAUTH_CLIENT_SECRET: 'b' })).toThrow(/OAUTH_TENANT is required/);
  expect(() => loadConfig({ ...base, OAUTH_PROVIDER: 'google', OAUTH_FLOW: 'refresh_token', OAUTH_CLIENT_ID: 'a' })).toThrow(/OAUTH_REFRESH_TOKEN_FILE is required for OAUTH_FLOW=refresh_token/);
  expect(() => loadConfig({ ...base, OAUTH_PROVIDER: 'google', OAUTH_FLOW: 'refresh_token', OAUTH_CLIENT_ID: 'a', OAUTH_REFRESH_TOKEN: 'x', OAUTH_REFRESH_TOKEN_FILE: '/f' })).toThrow(/both set: keep one/);
  expect(() => loadConfig({ ...base, OAUTH_FLOW: 'implicit' })).toThrow(/OAUTH_FLOW must be client_credentials, refresh_token or service_account/);
  expect(() => loadConfig({ ...base, OAUTH_FLOW: 'client_credentials', OAUTH_TOKEN_URL: 'ftp://x' })).toThrow(/OAUTH_TOKEN_URL must be an http/);
});

test('the client secret may come from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-'));
  writeFileSync(join(dir, 'cs'), 'from-file\n');
  const c = loadConfig({ ...base, OAUTH_FLOW: 'client_credentials', OAUTH_TOKEN_URL: 'http://127.0.0.1:1/token', OAUTH_CLIENT_ID: 'a', OAUTH_CLIENT_SECRET_FILE: join(dir, 'cs') });
  expect(c.oauth?.clientSecret).toBe('from-file');
});
