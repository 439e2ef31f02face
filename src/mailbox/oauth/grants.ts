/**
 * The three ways the worker obtains an access token (RFC 6749 4.4 client credentials, 6 refresh
 * token, RFC 7523 JWT bearer for a Google service account), each a request to the token endpoint,
 * behind the shared cache of token-cache.ts.
 */
import { signAssertion, JWT_BEARER_GRANT } from './jwt';
import { readRefreshToken, writeRefreshToken } from './refresh-token-file';
import type { OAuthSettings } from './settings';
import { createTokenCache, type AccessTokenSource } from './token-cache';
import { OAuthError, requestToken, type Grant } from './token-endpoint';

export interface TokenSourceOptions {
  now?: () => number;
  /** Renew this long before expiry (default 60 s). */
  marginMs?: number;
  /** A rotated refresh token could not be saved (the old one still works until it ages out). */
  onSaveError?: (err: Error) => void;
}

const client = (s: OAuthSettings): Record<string, string> => ({
  ...(s.clientId ? { client_id: s.clientId } : {}),
  ...(s.clientSecret ? { client_secret: s.clientSecret } : {}),
});

/** The access-token source for these settings: one cache, shared by every IMAP and SMTP connection. */
export function createTokenSource(s: OAuthSettings, opts: TokenSourceOptions = {}): AccessTokenSource {
  const now = opts.now ?? Date.now;
  let rotated: string | undefined;

  function currentRefreshToken(): string {
    if (rotated ?? s.refreshToken) return (rotated ?? s.refreshToken)!;
    const file = s.refreshTokenFile!;
    let token = '';
    try {
      token = readRefreshToken(file);
    } catch (err) {
      throw new OAuthError('no_refresh_token', `OAUTH_REFRESH_TOKEN_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): run \`endorse auth\``);
    }
    if (!token) throw new OAuthError('no_refresh_token', `OAUTH_REFRESH_TOKEN_FILE ${file} is empty: run \`endorse auth\``);
    return token;
  }

  async function fetchToken(): Promise<Grant> {
    const scope: Record<string, string> = s.scope ? { scope: s.scope } : {};
    if (s.flow === 'client_credentials') {
      return requestToken(s.tokenUrl, { grant_type: 'client_credentials', ...client(s), ...scope }, now);
    }
    if (s.flow === 'service_account') {
      const key = s.serviceAccount!;
      const assertion = signAssertion({
        issuer: key.clientEmail, subject: s.user, scope: s.scope, audience: s.tokenUrl, privateKey: key.privateKey,
        ...(key.keyId ? { keyId: key.keyId } : {}), now: now(),
      });
      return requestToken(s.tokenUrl, { grant_type: JWT_BEARER_GRANT, assertion }, now);
    }
    const used = currentRefreshToken();
    // Google refuses a scope on refresh that differs from the consent; Microsoft wants it.
    const grant = await requestToken(s.tokenUrl, {
      grant_type: 'refresh_token', refresh_token: used, ...client(s), ...(s.provider === 'google' ? {} : scope),
    }, now);
    if (grant.refreshToken && grant.refreshToken !== used) {
      rotated = grant.refreshToken;
      if (s.refreshTokenFile) {
        try {
          writeRefreshToken(s.refreshTokenFile, grant.refreshToken);
          rotated = undefined; // the file holds it now, and `endorse auth` may replace it later
        } catch (err) {
          opts.onSaveError?.(err as Error);
        }
      }
    }
    return grant;
  }

  return createTokenCache({ user: s.user, fetchToken, now, ...(opts.marginMs !== undefined ? { marginMs: opts.marginMs } : {}) });
}
