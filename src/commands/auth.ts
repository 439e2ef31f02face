/**
 * `endorse auth`: obtain the OAuth2 refresh token the worker logs in with (OAUTH_FLOW=refresh_token)
 * and store it, owner-only, where the worker reads it (OAUTH_REFRESH_TOKEN_FILE or --out). Microsoft
 * 365 uses the device-code flow (works on a headless server); Google the loopback redirect.
 */
import type { Config } from '../config';
import { deviceCodeFlow } from '../mailbox/oauth/device-code';
import { loopbackConsent } from '../mailbox/oauth/loopback-consent';
import { writeRefreshToken } from '../mailbox/oauth/refresh-token-file';
import { readConfig, UsageError } from './context';

export type AuthMethod = 'device' | 'browser';

export interface AuthOptions {
  /** Where to store the token; default OAUTH_REFRESH_TOKEN_FILE. */
  out?: string | undefined;
  /** Default: device for Microsoft 365, browser for Google, else whichever endpoint is configured. */
  method?: AuthMethod | undefined;
}

/** Run the flow for `config` and store the token; resolves the file written. `say` shows instructions. */
export async function obtainRefreshToken(config: Config, opts: AuthOptions, say: (line: string) => void): Promise<string> {
  const s = config.oauth;
  if (!s || s.flow !== 'refresh_token') {
    throw new UsageError('endorse auth obtains a refresh token: set MAIL_AUTH=oauth2, OAUTH_FLOW=refresh_token, OAUTH_CLIENT_ID and OAUTH_REFRESH_TOKEN_FILE first');
  }
  const out = opts.out ?? s.refreshTokenFile;
  if (!out) throw new UsageError('where should the token go? Set OAUTH_REFRESH_TOKEN_FILE (the worker reads it there) or give --out');
  const method = opts.method ?? (s.provider === 'microsoft365' ? 'device' : s.provider === 'google' ? 'browser' : s.deviceUrl ? 'device' : 'browser');
  const client = { tokenUrl: s.tokenUrl, clientId: s.clientId!, clientSecret: s.clientSecret, scope: s.scope };
  let grant;
  if (method === 'device') {
    if (!s.deviceUrl) throw new UsageError('the device-code flow needs OAUTH_DEVICE_URL (the device authorization endpoint)');
    grant = await deviceCodeFlow({ ...client, deviceUrl: s.deviceUrl }, (p) => {
      say(p.message || `To sign in as ${s.user}, open ${p.verificationUri} and enter the code ${p.userCode}`);
      say(`code: ${p.userCode}`);
      say('waiting for the sign-in...');
    });
  } else {
    if (!s.authorizeUrl) throw new UsageError('the browser flow needs OAUTH_AUTHORIZE_URL (the authorization endpoint)');
    grant = await loopbackConsent({ ...client, authorizeUrl: s.authorizeUrl, loginHint: s.user }, (url) => {
      say(`Open this address in a browser on this machine and sign in as ${s.user}:`);
      say(url);
      say('(on a remote server, forward the port first: ssh -L <port>:127.0.0.1:<port>, the port is in redirect_uri)');
      say('waiting for the browser...');
    });
  }
  if (!grant.refreshToken) throw new UsageError('the provider granted no refresh token: check that the scope asks for offline access (Microsoft: offline_access)');
  writeRefreshToken(out, grant.refreshToken);
  return out;
}

/** The command: instructions on standard error, the file written on standard output. */
export async function authCommand(opts: AuthOptions): Promise<void> {
  const file = await obtainRefreshToken(readConfig(), opts, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`refresh token stored in ${file}\n`);
}
