/**
 * How every IMAP connection of ours logs in: with the password, or with an OAuth2 access token fresh
 * from the shared token source (imapflow then speaks OAUTHBEARER or XOAUTH2, whichever the server
 * offers). A refused token (revoked, or expired early) is dropped and the login tried once more with
 * a new one, so a token the provider withdrew costs one failed login, not a stopped worker.
 */
import type { AccessTokenSource } from './oauth/token-cache';

/** The login part of a connection's settings. */
export interface ImapCredentials {
  user: string;
  /** Ignored when `oauth` is set. */
  password: string;
  /** OAuth2 instead of the password. */
  oauth?: AccessTokenSource | undefined;
}

/** imapflow's `auth` option. */
export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

/** imapflow marks a login the server refused (tagged NO/BAD) with `authenticationFailed`. */
const refused = (err: unknown) => Boolean((err as { authenticationFailed?: boolean } | null)?.authenticationFailed);

/**
 * Run `attempt` (build a client with this auth, connect) with the credentials; with OAuth2, once more
 * with a new token when the server refused the first.
 */
export async function loginWithRetry<T>(c: ImapCredentials, attempt: (auth: ImapAuth) => Promise<T>): Promise<T> {
  if (!c.oauth) return attempt({ user: c.user, pass: c.password });
  const token = await c.oauth.token();
  try {
    return await attempt({ user: c.user, accessToken: token });
  } catch (err) {
    if (!refused(err)) throw err;
    c.oauth.invalidate(token);
    return attempt({ user: c.user, accessToken: await c.oauth.token() });
  }
}
