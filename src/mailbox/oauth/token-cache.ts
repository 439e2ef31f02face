/**
 * The access token every IMAP and SMTP connection logs in with: fetched once, shared, renewed a
 * margin before it expires (so a token never dies mid-login), and dropped when a server refused it
 * (revoked, or the clocks disagree) so the next connect gets a fresh one.
 */
import type { Grant } from './token-endpoint';

/** Where connections get their OAuth2 access token. */
export interface AccessTokenSource {
  /** The mailbox login name the token is for. */
  readonly user: string;
  /** A token valid for at least the margin; fetched when there is none. */
  token(): Promise<string>;
  /**
   * Forget the cached token after a server refused it. With `refused`, only when it is still the
   * cached one, so several connections failing with the same token cause one refresh, not several.
   */
  invalidate(refused?: string): void;
  /** When the cached token expires (epoch ms), or null when none is cached. */
  expiresAt(): number | null;
}

export interface TokenCacheOptions {
  user: string;
  /** Obtain a new token (one of the grants). */
  fetchToken: () => Promise<Grant>;
  /** Renew this long before expiry. Default 60 s. */
  marginMs?: number;
  now?: () => number;
}

/** Build the cache; concurrent callers share one request to the token endpoint. */
export function createTokenCache(opts: TokenCacheOptions): AccessTokenSource {
  const margin = opts.marginMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let current: Grant | null = null;
  let pending: Promise<Grant> | null = null;

  return {
    user: opts.user,
    async token() {
      if (current && current.expiresAt - margin > now()) return current.accessToken;
      pending ??= opts.fetchToken().finally(() => {
        pending = null;
      });
      const grant = await pending;
      current = grant;
      return grant.accessToken;
    },
    invalidate(refused) {
      if (refused === undefined || current?.accessToken === refused) current = null;
    },
    expiresAt: () => current?.expiresAt ?? null,
  };
}
