/**
 * The authorization-code grant with a loopback redirect and PKCE (RFC 8252, RFC 7636), how `endorse
 * auth` gets a Google refresh token: we listen on 127.0.0.1 on a free port, the organiser opens the
 * consent URL in a browser on the same machine (or tunnels the port), and the provider sends the
 * browser back to us with the code, which we exchange.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthError, requestToken, type Grant } from './token-endpoint';

export interface ConsentSettings {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | undefined;
  scope: string;
  /** The mailbox, so the provider preselects the right account. */
  loginHint?: string;
}

/** The consent page must be answered within this time. */
const WAIT_MS = 5 * 60_000;

/** Run the grant: show the consent URL, wait for the redirect, exchange the code. */
export async function loopbackConsent(s: ConsentSettings, show: (url: string) => void, waitMs = WAIT_MS): Promise<Grant> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  let settle: (r: { code?: string; error?: string }) => void = () => undefined;
  const answered = new Promise<{ code?: string; error?: string }>((resolve) => {
    settle = resolve;
  });
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (!q.has('code') && !q.has('error')) {
      res.writeHead(404).end();
      return;
    }
    if (q.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('This answer belongs to another sign-in.');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Signed in. You may close this window and return to the terminal.');
    settle(q.has('code') ? { code: q.get('code')! } : { error: q.get('error')! });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const url = new URL(s.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code', client_id: s.clientId, redirect_uri: redirectUri, scope: s.scope, state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    // Google issues a refresh token only with offline access, and again only on a new consent.
    access_type: 'offline', prompt: 'consent',
    ...(s.loginHint ? { login_hint: s.loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  let timer: NodeJS.Timeout | undefined;
  try {
    show(url.toString());
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OAuthError('timeout', 'no answer from the browser in time: run `endorse auth` again')), waitMs);
    });
    const r = await Promise.race([answered, timeout]);
    if (r.error) throw new OAuthError(r.error, `consent refused (${r.error})`);
    return await requestToken(s.tokenUrl, {
      grant_type: 'authorization_code', code: r.code!, redirect_uri: redirectUri, client_id: s.clientId,
      code_verifier: verifier, ...(s.clientSecret ? { client_secret: s.clientSecret } : {}),
    });
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
}
