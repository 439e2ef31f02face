/**
 * Which login the mailbox uses, from the configuration: a password, or OAuth2 with one of three grants
 * (client credentials, refresh token, Google service account), the provider's token endpoint and
 * scopes filled in from its preset (Microsoft 365, Google) unless given. Every missing piece is named,
 * so a half-done OAuth2 setup fails at start, not at the first login.
 */
import { readFileSync } from 'node:fs';

export type OAuthProvider = 'microsoft365' | 'google' | 'generic';
export type OAuthFlow = 'client_credentials' | 'refresh_token' | 'service_account';

/** The variables read here (already validated and trimmed by config.ts; '' never reaches this). */
export interface MailAuthEnv {
  IMAP_USER: string;
  IMAP_PASSWORD: string;
  MAIL_AUTH?: 'password' | 'oauth2' | undefined;
  /** The provider preset of issue 9 (gmail, microsoft365, ...), used when OAUTH_PROVIDER is unset. */
  MAIL_PROVIDER?: string | undefined;
  OAUTH_PROVIDER?: OAuthProvider | undefined;
  OAUTH_FLOW?: OAuthFlow | undefined;
  OAUTH_TOKEN_URL?: string | undefined;
  OAUTH_DEVICE_URL?: string | undefined;
  OAUTH_AUTHORIZE_URL?: string | undefined;
  OAUTH_CLIENT_ID?: string | undefined;
  OAUTH_CLIENT_SECRET?: string | undefined;
  OAUTH_REFRESH_TOKEN?: string | undefined;
  OAUTH_REFRESH_TOKEN_FILE?: string | undefined;
  OAUTH_SCOPE?: string | undefined;
  OAUTH_TENANT?: string | undefined;
  GOOGLE_SERVICE_ACCOUNT_FILE?: string | undefined;
}

/** A Google service account key (the JSON file the console downloads). */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  keyId?: string;
}

/** Everything the token source and `endorse auth` need. */
export interface OAuthSettings {
  provider: OAuthProvider;
  flow: OAuthFlow;
  /** The mailbox login (IMAP_USER); a service account acts for this user. */
  user: string;
  tokenUrl: string;
  /** Space-separated; '' sends no scope parameter. */
  scope: string;
  clientId?: string;
  clientSecret?: string;
  /** Given inline (OAUTH_REFRESH_TOKEN); otherwise read from `refreshTokenFile` at each refresh. */
  refreshToken?: string;
  refreshTokenFile?: string;
  serviceAccount?: ServiceAccountKey;
  /** Device authorization endpoint (RFC 8628), for `endorse auth`. */
  deviceUrl?: string;
  /** Authorization endpoint (browser consent), for `endorse auth`. */
  authorizeUrl?: string;
}

const MS_LOGIN = 'https://login.microsoftonline.com';
/** Delegated access to one's own (or a shared) mailbox; offline_access yields a refresh token. */
export const MS_DELEGATED_SCOPE = 'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access';
/** App-only access (client credentials), granted per mailbox by an Exchange service principal. */
export const MS_APP_SCOPE = 'https://outlook.office365.com/.default';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_SCOPE = 'https://mail.google.com/';

function preset(provider: OAuthProvider, flow: OAuthFlow, tenant: string | undefined): Partial<Pick<OAuthSettings, 'tokenUrl' | 'scope' | 'deviceUrl' | 'authorizeUrl'>> {
  if (provider === 'microsoft365') {
    const t = tenant ?? 'organizations';
    return {
      tokenUrl: `${MS_LOGIN}/${t}/oauth2/v2.0/token`,
      deviceUrl: `${MS_LOGIN}/${t}/oauth2/v2.0/devicecode`,
      authorizeUrl: `${MS_LOGIN}/${t}/oauth2/v2.0/authorize`,
      scope: flow === 'client_credentials' ? MS_APP_SCOPE : MS_DELEGATED_SCOPE,
    };
  }
  if (provider === 'google') {
    return { tokenUrl: GOOGLE_TOKEN_URL, authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth', scope: GOOGLE_SCOPE };
  }
  return { scope: '' };
}

const PROVIDER_OF_MAIL_PROVIDER: Record<string, OAuthProvider> = { gmail: 'google', google: 'google', microsoft365: 'microsoft365' };

function readServiceAccount(path: string): ServiceAccountKey | string {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `GOOGLE_SERVICE_ACCOUNT_FILE: cannot read ${path} as JSON (${e.code ?? e.message})`;
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    return `GOOGLE_SERVICE_ACCOUNT_FILE: ${path} has no client_email and private_key (is it a service account key?)`;
  }
  return { clientEmail: key.client_email, privateKey: key.private_key, ...(typeof key.private_key_id === 'string' ? { keyId: key.private_key_id } : {}) };
}

/**
 * The mailbox login: `settings` null for a password, else OAuth2's; `problems` names what is missing.
 * MAIL_AUTH defaults to oauth2 when OAUTH_FLOW or GOOGLE_SERVICE_ACCOUNT_FILE is set, else password.
 */
export function resolveMailAuth(env: MailAuthEnv): { settings: OAuthSettings | null; problems: string[] } {
  const mode = env.MAIL_AUTH ?? (env.OAUTH_FLOW || env.GOOGLE_SERVICE_ACCOUNT_FILE ? 'oauth2' : 'password');
  if (mode === 'password') {
    const problems = env.IMAP_PASSWORD ? [] : ['IMAP_PASSWORD is required (or log in with OAuth2: MAIL_AUTH=oauth2 and OAUTH_FLOW)'];
    return { settings: null, problems };
  }
  const problems: string[] = [];
  const need = (name: keyof MailAuthEnv, why: string) => {
    if (!env[name]) problems.push(`${name} is required ${why}`);
  };
  const provider = env.OAUTH_PROVIDER ?? PROVIDER_OF_MAIL_PROVIDER[(env.MAIL_PROVIDER ?? '').trim().toLowerCase()] ?? 'generic';
  const flow = env.OAUTH_FLOW ?? (env.GOOGLE_SERVICE_ACCOUNT_FILE ? 'service_account' : undefined);
  if (!flow) return { settings: null, problems: ['OAUTH_FLOW is required with MAIL_AUTH=oauth2 (client_credentials, refresh_token or service_account)'] };
  // A service account is Google's; its token endpoint and scope are Google's whatever the provider says.
  const p = preset(flow === 'service_account' ? 'google' : provider, flow, env.OAUTH_TENANT);
  const settings: OAuthSettings = {
    provider, flow, user: env.IMAP_USER,
    tokenUrl: env.OAUTH_TOKEN_URL ?? p.tokenUrl ?? '',
    scope: env.OAUTH_SCOPE ?? p.scope ?? '',
    ...(env.OAUTH_CLIENT_ID ? { clientId: env.OAUTH_CLIENT_ID } : {}),
    ...(env.OAUTH_CLIENT_SECRET ? { clientSecret: env.OAUTH_CLIENT_SECRET } : {}),
    ...(env.OAUTH_DEVICE_URL ?? p.deviceUrl ? { deviceUrl: env.OAUTH_DEVICE_URL ?? p.deviceUrl } : {}),
    ...(env.OAUTH_AUTHORIZE_URL ?? p.authorizeUrl ? { authorizeUrl: env.OAUTH_AUTHORIZE_URL ?? p.authorizeUrl } : {}),
  };
  if (!settings.tokenUrl) problems.push(`OAUTH_TOKEN_URL is required for OAUTH_PROVIDER=${provider}`);
  if (flow === 'client_credentials') {
    need('OAUTH_CLIENT_ID', 'for OAUTH_FLOW=client_credentials');
    need('OAUTH_CLIENT_SECRET', 'for OAUTH_FLOW=client_credentials');
    if (provider === 'microsoft365' && !env.OAUTH_TENANT && !env.OAUTH_TOKEN_URL) problems.push('OAUTH_TENANT is required for Microsoft 365 client credentials (the directory id or domain)');
    if (provider === 'google') problems.push('OAUTH_FLOW=client_credentials does not reach Gmail: use refresh_token or service_account');
  } else if (flow === 'refresh_token') {
    need('OAUTH_CLIENT_ID', 'for OAUTH_FLOW=refresh_token');
    if (env.OAUTH_REFRESH_TOKEN && env.OAUTH_REFRESH_TOKEN_FILE) problems.push('OAUTH_REFRESH_TOKEN and OAUTH_REFRESH_TOKEN_FILE are both set: keep one');
    else if (!env.OAUTH_REFRESH_TOKEN && !env.OAUTH_REFRESH_TOKEN_FILE) problems.push('OAUTH_REFRESH_TOKEN_FILE is required for OAUTH_FLOW=refresh_token (`endorse auth` writes the token there)');
    if (env.OAUTH_REFRESH_TOKEN) settings.refreshToken = env.OAUTH_REFRESH_TOKEN;
    if (env.OAUTH_REFRESH_TOKEN_FILE) settings.refreshTokenFile = env.OAUTH_REFRESH_TOKEN_FILE;
  } else {
    if (!env.GOOGLE_SERVICE_ACCOUNT_FILE) problems.push('GOOGLE_SERVICE_ACCOUNT_FILE is required for OAUTH_FLOW=service_account');
    else {
      const key = readServiceAccount(env.GOOGLE_SERVICE_ACCOUNT_FILE);
      if (typeof key === 'string') problems.push(key);
      else settings.serviceAccount = key;
    }
  }
  return { settings: problems.length ? null : settings, problems };
}
