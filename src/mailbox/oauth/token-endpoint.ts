/**
 * The one HTTP exchange every OAuth2 grant ends in (RFC 6749 section 3.2): a form POST to the
 * provider's token endpoint answered with JSON. Kept apart so the grants, `endorse auth` and the
 * device-code poll read errors (`invalid_grant`, `authorization_pending`) the same way.
 */

/** What a token endpoint granted. */
export interface Grant {
  accessToken: string;
  /** Epoch ms after which the token is no longer valid. */
  expiresAt: number;
  /** A new refresh token, when the provider rotates it (Microsoft does). */
  refreshToken?: string;
}

/** Codes that mean our credentials are wrong or withdrawn: retrying soon will not help. */
const CREDENTIAL_CODES = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope', 'access_denied', 'no_refresh_token']);

/** The token endpoint refused (RFC 6749 5.2) or answered something that is not a token. */
export class OAuthError extends Error {
  override name = 'OAuthError';
  /**
   * True when the credentials were refused, like imapflow's flag of the same name, so a login that
   * fails at the token endpoint is reported and backed off as an authentication failure.
   */
  readonly authenticationFailed: boolean;
  constructor(
    /** The `error` code, e.g. `invalid_grant`, `authorization_pending`; `http_<status>` when absent. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.authenticationFailed = CREDENTIAL_CODES.has(code) || code === 'http_401';
  }
}

/** A token whose lifetime is not stated is trusted this long (RFC 6749 leaves `expires_in` optional). */
const UNSTATED_LIFETIME_S = 300;
/** A hung token endpoint must not hang a connect for ever. */
const TIMEOUT_MS = 30_000;

/** POST `params` as a form to `url` and return the JSON answer; OAuthError when it is an error. */
export async function postForm(url: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new OAuthError('unreachable', `token endpoint ${new URL(url).origin} unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: reported by status below.
  }
  if (!res.ok || typeof body.error === 'string') {
    const code = typeof body.error === 'string' ? body.error : `http_${res.status}`;
    const detail = typeof body.error_description === 'string' ? `: ${body.error_description.split(/\r?\n/)[0]}` : '';
    throw new OAuthError(code, `token endpoint ${new URL(url).origin} refused (${code}${detail})`);
  }
  return body;
}

/** Request a token with a grant's parameters and read the access token and its lifetime. */
export async function requestToken(url: string, params: Record<string, string>, now: () => number = Date.now): Promise<Grant> {
  const body = await postForm(url, params);
  if (typeof body.access_token !== 'string' || !body.access_token) {
    throw new OAuthError('no_access_token', `token endpoint ${new URL(url).origin} answered without an access_token`);
  }
  const lifetime = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    expiresAt: now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : UNSTATED_LIFETIME_S) * 1000,
    ...(typeof body.refresh_token === 'string' && body.refresh_token ? { refreshToken: body.refresh_token } : {}),
  };
}
