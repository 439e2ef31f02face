/**
 * A real OAuth2 authorization server on 127.0.0.1 (node:http) for tests: a token endpoint for the
 * client-credentials, refresh-token, JWT-bearer, device-code and authorization-code (PKCE) grants,
 * issuing short-lived random access tokens; token introspection (RFC 7662) for Dovecot's oauth2
 * passdb; device authorization (RFC 8628) and an authorization endpoint that redirects at once
 * (the test plays the user). Tokens can be revoked or expire, as a provider's do.
 */
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface OAuthServerOptions {
  /** The mailbox user every token is for. */
  user: string;
  clientId: string;
  clientSecret?: string;
  /** Refresh tokens accepted at start. */
  refreshTokens?: string[];
  /** expires_in of issued access tokens, seconds. Default 3600. */
  lifetimeS?: number;
  /** Issue a new refresh token with each refresh (as Microsoft does). */
  rotate?: boolean;
  /** PEM public key that JWT-bearer assertions must be signed with. */
  assertionKey?: string;
}

export interface TokenRequest {
  grant_type: string;
  [k: string]: string;
}

export interface OAuthServer {
  url: string;
  tokenUrl: string;
  introspectionUrl: string;
  deviceUrl: string;
  authorizeUrl: string;
  /** Every token request received, in order (form fields). */
  requests: TokenRequest[];
  /** expires_in of tokens issued from now on, seconds (tests shorten it to see tokens expire). */
  lifetimeS: number;
  /** Access tokens issued, in order. */
  issued: string[];
  /** Tokens Dovecot (or anyone) asked about, in order, with the answer. */
  introspected: { token: string; active: boolean }[];
  /** Refresh tokens issued by device-code and authorization-code grants or rotation. */
  refreshTokens: Set<string>;
  /** Make an access token invalid (introspection answers active: false). */
  revoke(token: string): void;
  /** True while the access token is issued, unexpired and not revoked. */
  active(token: string): boolean;
  /** Approve the pending device authorization with this user code (the user signed in). */
  approveDevice(userCode: string): void;
  close(): Promise<void>;
}

interface Issued {
  expiresAt: number;
  revoked: boolean;
}

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function verifyAssertion(jwt: string, key: string, audience: string): Record<string, unknown> | null {
  const [h, c, s] = jwt.split('.');
  if (!h || !c || !s) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'RS256') return null;
  if (!createVerify('RSA-SHA256').update(`${h}.${c}`).verify(key, Buffer.from(s, 'base64url'))) return null;
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  const now = Date.now() / 1000;
  if (claims.aud !== audience || Number(claims.exp) < now || Number(claims.iat) > now + 60) return null;
  return claims;
}

export async function startOAuthServer(o: OAuthServerOptions): Promise<OAuthServer> {
  const tokens = new Map<string, Issued>();
  const refreshTokens = new Set(o.refreshTokens ?? []);
  const devices = new Map<string, { userCode: string; approved: boolean }>();
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const introspected: { token: string; active: boolean }[] = [];
  let base = '';
  const api = { lifetimeS: o.lifetimeS ?? 3600 } as OAuthServer;

  const issue = (withRefresh: boolean) => {
    const accessToken = `at-${randomBytes(12).toString('hex')}`;
    const lifetime = api.lifetimeS;
    tokens.set(accessToken, { expiresAt: Date.now() + lifetime * 1000, revoked: false });
    issued.push(accessToken);
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime };
    if (withRefresh) {
      const rt = `rt-${randomBytes(12).toString('hex')}`;
      refreshTokens.add(rt);
      body.refresh_token = rt;
    }
    return body;
  };
  const isActive = (t: string) => {
    const rec = tokens.get(t);
    return Boolean(rec && !rec.revoked && rec.expiresAt > Date.now());
  };
  const clientOk = (f: Record<string, string>, secretRequired: boolean) =>
    f.client_id === o.clientId && (!secretRequired || !o.clientSecret || f.client_secret === o.clientSecret);

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const f = Object.fromEntries(new URLSearchParams(await readBody(req))) as TokenRequest;
    requests.push(f);
    switch (f.grant_type) {
      case 'client_credentials':
        if (!clientOk(f, true)) return json(res, 401, { error: 'invalid_client' });
        return json(res, 200, issue(false));
      case 'refresh_token':
        if (!clientOk(f, false)) return json(res, 401, { error: 'invalid_client' });
        if (!refreshTokens.has(f.refresh_token ?? '')) return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token unknown or revoked' });
        return json(res, 200, issue(Boolean(o.rotate)));
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        const claims = o.assertionKey ? verifyAssertion(f.assertion ?? '', o.assertionKey, `${base}/token`) : null;
        if (!claims || claims.sub !== o.user) return json(res, 400, { error: 'invalid_grant', error_description: 'bad assertion' });
        return json(res, 200, issue(false));
      }
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const d = devices.get(f.device_code ?? '');
        if (!d || !clientOk(f, false)) return json(res, 400, { error: 'invalid_grant' });
        if (!d.approved) return json(res, 400, { error: 'authorization_pending' });
        devices.delete(f.device_code!);
        return json(res, 200, issue(true));
      }
      case 'authorization_code': {
        const c = codes.get(f.code ?? '');
        if (!c || !clientOk(f, true) || f.redirect_uri !== c.redirectUri) return json(res, 400, { error: 'invalid_grant' });
        const challenge = createHash('sha256').update(f.code_verifier ?? '').digest('base64url');
        if (challenge !== c.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verifier mismatch' });
        codes.delete(f.code!);
        return json(res, 200, issue(true));
      }
      default:
        return json(res, 400, { error: 'unsupported_grant_type' });
    }
  }

  async function introspect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const t = new URLSearchParams(body).get('token') ?? '';
    const active = isActive(t);
    introspected.push({ token: t, active });
    json(res, 200, active ? { active: 'true', username: o.user } : { active: 'false' });
  }

  async function deviceCode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const f = Object.fromEntries(new URLSearchParams(await readBody(req)));
    if (f.client_id !== o.clientId) return json(res, 400, { error: 'invalid_client' });
    const deviceCode = randomBytes(16).toString('hex');
    const userCode = randomBytes(4).toString('hex').toUpperCase();
    devices.set(deviceCode, { userCode, approved: false });
    json(res, 200, { device_code: deviceCode, user_code: userCode, verification_uri: `${base}/device`, interval: 1, expires_in: 60 });
  }

  function authorize(req: IncomingMessage, res: ServerResponse): void {
    const q = new URL(req.url ?? '/', base).searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== o.clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !/^http:\/\/127\.0\.0\.1:\d+\//.test(redirect)) {
      res.writeHead(400).end('bad authorization request');
      return;
    }
    const code = randomBytes(12).toString('hex');
    codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: redirect });
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    to.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: to.toString() }).end();
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = req.method === 'POST' && path === '/token' ? token(req, res)
      : req.method === 'POST' && path === '/introspect' ? introspect(req, res)
        : req.method === 'POST' && path === '/devicecode' ? deviceCode(req, res)
          : req.method === 'GET' && path === '/authorize' ? Promise.resolve(authorize(req, res))
            : Promise.resolve(void res.writeHead(404).end());
    route.catch(() => res.writeHead(500).end());
  });
  // Dovecot's HTTP client keeps an idle connection for 60 s; Node's default 5 s would close it under
  // Dovecot's next request and stall that login for seconds.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  Object.assign(api, {
    url: base, tokenUrl: `${base}/token`, introspectionUrl: `${base}/introspect`, deviceUrl: `${base}/devicecode`, authorizeUrl: `${base}/authorize`,
    requests, issued, introspected, refreshTokens,
    revoke(t: string) {
      const rec = tokens.get(t);
      if (rec) rec.revoked = true;
    },
    active: isActive,
    approveDevice(userCode: string) {
      for (const d of devices.values()) if (d.userCode === userCode) d.approved = true;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
  return api;
}
