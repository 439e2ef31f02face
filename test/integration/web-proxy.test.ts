/**
 * The web app behind a TLS reverse proxy and on an open network, against a real Redis: with
 * WEB_TRUST_PROXY the login limit counts each client (X-Forwarded-For) instead of one counter for
 * the proxy, HSTS is sent when the site is served over TLS, and a request body dribbled byte by byte
 * is cut off (a raw socket on 127.0.0.1, as a slow-loris client would do it).
 */
import { connect } from 'node:net';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/web/app';
import { closeAll, cookiesOf, csrfIn, world, type World } from './web-world';

afterAll(closeAll);

const BASE_ENV = { IMAP_HOST: 'imap.example', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: 'smtp.example', FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Peace Appeal' };

/** POST /login as `client` (its X-Forwarded-For), through a proxy on 127.0.0.1. */
async function attempt(w: World, password: string, forwardedFor: string, user = 'carol') {
  const headers = { 'x-forwarded-for': forwardedFor };
  const form = await w.app.inject({ method: 'GET', url: '/login', headers });
  return w.app.inject({
    method: 'POST', url: '/login', remoteAddress: '127.0.0.1', headers, cookies: { login_csrf: cookiesOf(form).login_csrf! },
    payload: { _csrf: csrfIn(form.body), user, password },
  });
}

describe('login limit behind a proxy', () => {
  const limits = { perUser: 3, perIp: 6, windowSeconds: 60 };

  test('without WEB_TRUST_PROXY every client behind the proxy shares one counter (why the setting exists)', async () => {
    const w = await world({ limits });
    await w.users.accounts.add('carol', 'carol password 1');
    for (let i = 0; i < 6; i++) expect((await attempt(w, 'wrong', `203.0.113.${i + 1}`, `user${i}`)).statusCode).toBe(401);
    // A client that never failed is refused: the proxy's address hit its limit.
    expect((await attempt(w, 'carol password 1', '198.51.100.7')).statusCode).toBe(429);
  });

  test('with WEB_TRUST_PROXY=true each client is counted by its own address from X-Forwarded-For', async () => {
    const { WEB_TRUST_PROXY } = loadConfig({ ...BASE_ENV, WEB_TRUST_PROXY: 'true' });
    const w = await world({ limits, trustProxy: WEB_TRUST_PROXY });
    await w.users.accounts.add('carol', 'carol password 1');
    for (let i = 0; i < 3; i++) expect((await attempt(w, 'wrong', '203.0.113.5')).statusCode).toBe(401);
    expect((await attempt(w, 'carol password 1', '203.0.113.5')).statusCode).toBe(429);
    // Putting a made-up address first does not make a new client: the proxy's own entry (the last) counts.
    expect((await attempt(w, 'carol password 1', '192.0.2.99, 203.0.113.5')).statusCode).toBe(429);
    // Another client is not held back by that one's failures.
    expect((await attempt(w, 'carol password 1', '198.51.100.7')).statusCode).toBe(303);
    expect(await w.redis.exists(`${w.prefix}:web:login-ip:203.0.113.5`)).toBe(1);
    expect(await w.redis.exists(`${w.prefix}:web:login-ip:127.0.0.1`)).toBe(0);
  });

  test('with WEB_TRUST_PROXY=true a client reaching the app directly from a public address cannot make up its address', async () => {
    const w = await world({ limits, trustProxy: true });
    await w.users.accounts.add('carol', 'carol password 1');
    const direct = async (password: string, forwardedFor: string) => {
      const headers = { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' };
      const form = await w.app.inject({ method: 'GET', url: '/login', remoteAddress: '203.0.113.77', headers });
      expect(form.headers['strict-transport-security']).toBeUndefined();
      return w.app.inject({
        method: 'POST', url: '/login', remoteAddress: '203.0.113.77', headers, cookies: { login_csrf: cookiesOf(form).login_csrf! },
        payload: { _csrf: csrfIn(form.body), user: 'carol', password },
      });
    };
    for (let i = 0; i < 3; i++) expect((await direct('wrong', `198.51.100.${i + 1}`)).statusCode).toBe(401);
    expect((await direct('carol password 1', '198.51.100.50')).statusCode).toBe(429);
    expect(await w.redis.exists(`${w.prefix}:web:login-ip:203.0.113.77`)).toBe(1);
  });
});

describe('HSTS', () => {
  test('sent behind a trusted TLS proxy, or when WEB_PUBLIC_URL is https; not on plain HTTP or for an untrusted header', async () => {
    const proxied = await world({ trustProxy: true });
    const https = { 'x-forwarded-proto': 'https' };
    expect((await proxied.app.inject({ method: 'GET', url: '/login', headers: https })).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await proxied.app.inject({ method: 'GET', url: '/login' })).headers['strict-transport-security']).toBeUndefined();

    const direct = await world();
    expect((await direct.app.inject({ method: 'GET', url: '/login', headers: https })).headers['strict-transport-security']).toBeUndefined();

    const { WEB_PUBLIC_URL } = loadConfig({ ...BASE_ENV, WEB_PUBLIC_URL: 'https://review.example.org' });
    const published = await world({ publicUrl: WEB_PUBLIC_URL });
    expect((await published.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('timeouts', () => {
  test('the app has request, idle and keep-alive timeouts by default', async () => {
    const w = await world();
    expect(w.app.server.requestTimeout).toBeGreaterThan(0);
    expect(w.app.server.requestTimeout).toBeLessThanOrEqual(60_000);
    expect(w.app.server.timeout).toBeGreaterThan(0);
    expect(w.app.server.keepAliveTimeout).toBeGreaterThan(0);
  });

  test('a request body dribbled one byte at a time is cut off at the request timeout', async () => {
    const w = await world();
    const app = await buildApp({ store: w.store, users: w.users, config: { APPEAL_TITLE: 'Peace Appeal', REPLIES: false }, timeouts: { requestMs: 1000, idleMs: 5000, keepAliveMs: 1000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    try {
      const body = 'user=carol&password=' + 'x'.repeat(40);
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
      const start = Date.now();
      socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`);
      // One byte every 150 ms: the whole body would take 9 s.
      let sent = 0;
      const dribble = setInterval(() => {
        if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
      }, 150);
      await Promise.race([closed, new Promise((r) => setTimeout(r, 12_000))]);
      clearInterval(dribble);
      const elapsed = Date.now() - start;
      expect(socket.destroyed || socket.readableEnded).toBe(true);
      expect(sent).toBeLessThan(body.length);
      expect(elapsed).toBeLessThan(6000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      socket.destroy();
    } finally {
      await app.close();
    }
  });
});
