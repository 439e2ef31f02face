/**
 * `endorse auth`: obtain the OAuth2 refresh token the worker logs in with (OAUTH_FLOW=refresh_token)
 * and store it, owner-only, where the worker reads it (OAUTH_REFRESH_TOKEN_FILE or --out). Microsoft
 * 365 uses the device-code flow (works on a headless server); Google the loopback redirect.
 */
import { loadConfig, type Config } from '../config';
import { deviceCodeFlow } from '../mailbox/oauth/device-code';
import { loopbackConsent } from '../mailbox/oauth/loopback-consent';
import { writeRefreshToken } from '../mailbox/oauth/refresh-token-file';
import { environment, UsageError } from './context';

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

/** `endorse auth microsoft|google` (CONTRACT.md): the provider named on the command line. */
export type AuthProviderArg = 'microsoft' | 'google';

const PROVIDER_OF_ARG = { microsoft: 'microsoft365', google: 'google' } as const;

/**
 * The environment for `endorse auth [microsoft|google]`: the named provider, and the refresh-token
 * flow, unless the environment already says so (a contradiction is a usage error).
 */
export function authEnvironment(env: Record<string, string | undefined>, provider?: AuthProviderArg): Record<string, string | undefined> {
  if (!provider) return env;
  const wanted = PROVIDER_OF_ARG[provider];
  if (env.OAUTH_PROVIDER && env.OAUTH_PROVIDER !== wanted) throw new UsageError(`endorse auth ${provider}, but OAUTH_PROVIDER is ${env.OAUTH_PROVIDER}`);
  return { ...env, MAIL_AUTH: env.MAIL_AUTH ?? 'oauth2', OAUTH_FLOW: env.OAUTH_FLOW ?? 'refresh_token', OAUTH_PROVIDER: wanted };
}

/** The command: instructions on standard error, the file written on standard output. */
export async function authCommand(provider: AuthProviderArg | undefined, opts: AuthOptions): Promise<void> {
  const config = loadConfig(authEnvironment(environment(), provider));
  const file = await obtainRefreshToken(config, opts, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`refresh token stored in ${file}\n`);
}
