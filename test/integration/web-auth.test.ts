/**
 * The web app's door, against a real Redis: every route but login, /healthz and the assets refuses
 * strangers (401 JSON for the API, a redirect to the login page for pages); logins, sessions, API
 * tokens, CSRF and cross-site posts, login rate limiting, and the security headers.
 */
import { closeAll, cookiesOf, csrfIn, item, login, message, seed, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
beforeAll(async () => {
  w = await world();
  await seed(w, message('m1', '2026-01-01T00:00:00.000Z'), [item()]);
});

const PAGES: [string, string][] = [
  ['GET', '/'], ['GET', '/?status=all'], ['GET', '/items/m1-0'], ['GET', '/messages'], ['GET', '/messages/m1'],
  ['GET', '/export'], ['GET', '/export/endorsements.csv'], ['GET', '/export/endorsements.json'], ['GET', '/export/endorsements.html'],
  ['GET', '/admin/queues'], ['GET', '/no/such/page'],
  ['POST', '/items/m1-0/action'], ['POST', '/items/m1-0/edit'], ['POST', '/items/m1-0/duplicate'], ['POST', '/messages/m1/signers'], ['POST', '/bulk/approve'], ['POST', '/logout'],
];
const API: [string, string][] = [
  ['GET', '/api/endorsements'], ['GET', '/api/endorsements?status=all'], ['GET', '/api/endorsements/m1-0'], ['GET', '/api/messages'],
  ['POST', '/api/endorsements/m1-0/approve'], ['POST', '/api/endorsements/m1-0/reject'], ['POST', '/api/endorsements/m1-0/withdraw'],
  ['POST', '/api/endorsements/m1-0/reopen'], ['POST', '/api/endorsements/m1-0/duplicate'], ['POST', '/api/messages/m1/endorsements'], ['PATCH', '/api/endorsements/m1-0'], ['GET', '/admin/queues/api/queues'],
];

describe('strangers', () => {
  test.each(PAGES)('%s %s redirects to the login page', async (method, url) => {
    const res = await w.app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : { action: 'approve' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login(\?|$)/);
  });

  test.each(API)('%s %s answers 401 JSON', async (method, url) => {
    const res = await w.app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    expect(res.json().message).toMatch(/Bearer/);
  });

  test('a wrong or malformed token, or a forged session cookie, is a stranger', async () => {
    for (const headers of [{ authorization: 'Bearer et_' + 'A'.repeat(43) }, { authorization: 'Bearer nonsense' }, { authorization: 'Basic YTpi' }]) {
      expect((await w.app.inject({ method: 'GET', url: '/api/messages', headers })).statusCode).toBe(401);
    }
    expect((await w.app.inject({ method: 'GET', url: '/api/messages', cookies: { sid: 'B'.repeat(43) } })).statusCode).toBe(401);
  });

  test('the item is untouched by all those attempts', async () => {
    expect((await w.store.getItem('m1-0'))!.status).toBe('pending');
  });

  test('/healthz, the login page and the assets are public', async () => {
    const h = await w.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ ok: true });
    expect((await w.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
    expect((await w.app.inject({ method: 'GET', url: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    expect((await w.app.inject({ method: 'GET', url: '/assets/app.css' })).headers['content-type']).toMatch(/css/);
  });

  test('a page request keeps where it was going in the login redirect', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/items/m1-0' });
    expect(res.headers.location).toBe('/login?next=%2Fitems%2Fm1-0');
  });
});

describe('login and sessions', () => {
  test('a right password gives an HttpOnly, SameSite session cookie (not Secure over plain HTTP) and goes to `next`', async () => {
    await w.users.accounts.add('bob', 'a long enough password');
    const form = await w.app.inject({ method: 'GET', url: '/login?next=/messages' });
    const res = await w.app.inject({
      method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user: 'bob', password: 'a long enough password', next: '/messages' },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/messages');
    const sid = res.cookies.find((c) => c.name === 'sid')!;
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(sid.secure).toBeFalsy();
    expect(sid.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await w.app.inject({ method: 'GET', url: '/messages', cookies: { sid: sid.value } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('bob');
    // Redis holds a hash of the session id, never the id itself.
    expect(await w.redis.keys(`${w.prefix}:web:session:*`)).not.toContainEqual(expect.stringContaining(sid.value));
  });

  test('behind a trusted TLS proxy the session cookie is Secure', async () => {
    const t = await world({ trustProxy: true });
    await t.users.accounts.add('bob', 'a long enough password');
    const headers = { 'x-forwarded-proto': 'https' };
    const form = await t.app.inject({ method: 'GET', url: '/login', headers });
    expect(form.cookies.find((c) => c.name === 'login_csrf')!.secure).toBe(true);
    const res = await t.app.inject({
      method: 'POST', url: '/login', headers, cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user: 'bob', password: 'a long enough password' },
    });
    expect(res.statusCode).toBe(303);
    expect(res.cookies.find((c) => c.name === 'sid')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  test('`next` never leads off the site', async () => {
    const form = await w.app.inject({ method: 'GET', url: '/login' });
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await w.app.inject({
        method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
        payload: { _csrf: csrfIn(form.body), user: 'bob', password: 'a long enough password', next },
      });
      expect(res.headers.location).toBe('/');
    }
  });

  test('a wrong password or unknown user is refused with the same answer', async () => {
    const form = await w.app.inject({ method: 'GET', url: '/login' });
    const post = (user: string, password: string) => w.app.inject({
      method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user, password },
    });
    const wrong = await post('bob', 'not the password');
    const unknown = await post('nobody', 'not the password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Wrong user name or password.');
      expect(res.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    }
  });

  test('a login form posted without its double-submit token is refused (login CSRF)', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/login', payload: { user: 'bob', password: 'a long enough password' } });
    expect(res.statusCode).toBe(403);
    expect(res.cookies.find((c) => c.name === 'sid')).toBeUndefined();
  });

  test('a second login page (another tab, the favicon) keeps the first form valid', async () => {
    const first = await w.app.inject({ method: 'GET', url: '/login' });
    const cookie = cookiesOf(first).login_csrf!;
    const second = await w.app.inject({ method: 'GET', url: '/login', cookies: { login_csrf: cookie } });
    expect(csrfIn(second.body)).toBe(csrfIn(first.body));
    expect((await w.app.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(204);
  });

  test('logout ends the session in Redis: the old cookie no longer opens anything', async () => {
    const l = await login(w);
    const out = await w.app.inject({ method: 'POST', url: '/logout', cookies: { sid: l.cookie }, payload: { _csrf: l.csrf } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    const after = await w.app.inject({ method: 'GET', url: '/', cookies: { sid: l.cookie } });
    expect(after.statusCode).toBe(303);
  });

  test('a session expires in Redis', async () => {
    const l = await login(w);
    const keys = await w.redis.keys(`${w.prefix}:web:session:*`);
    const ttls = await Promise.all(keys.map((k) => w.redis.ttl(k)));
    expect(Math.min(...ttls)).toBeGreaterThan(0);
    for (const k of keys) await w.redis.del(k);
    expect((await w.app.inject({ method: 'GET', url: '/', cookies: { sid: l.cookie } })).statusCode).toBe(303);
  });
});

describe('rate limiting', () => {
  test('after five failures for one name from one address, even the right password is refused until the window ends', async () => {
    const r = await world({ limits: { perUser: 5, perIp: 50, windowSeconds: 60 } });
    await r.users.accounts.add('carol', 'carol password 1');
    const form = await r.app.inject({ method: 'GET', url: '/login' });
    const post = (password: string, ip = '127.0.0.1') => r.app.inject({
      method: 'POST', url: '/login', remoteAddress: ip, cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user: 'carol', password },
    });
    for (let i = 0; i < 5; i++) expect((await post('wrong')).statusCode).toBe(401);
    const blocked = await post('carol password 1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toMatch(/Too many failed logins/);
    // Another address is not blocked by this one's failures.
    expect((await post('carol password 1', '127.0.0.2')).statusCode).toBe(303);
    // Counted in Redis with an expiry: when the window lapses, the right password works again.
    const key = (await r.redis.keys(`${r.prefix}:web:login:127.0.0.1:*`))[0]!;
    expect(await r.redis.ttl(key)).toBeGreaterThan(0);
    await r.redis.del(key, `${r.prefix}:web:login-ip:127.0.0.1`);
    expect((await post('carol password 1')).statusCode).toBe(303);
  });
});

describe('API tokens', () => {
  test('a token from the account store opens the API; it is stored only hashed', async () => {
    await w.users.accounts.add('dave', 'dave password 12');
    const token = await w.users.accounts.createToken('dave');
    const res = await w.app.inject({ method: 'GET', url: '/api/messages', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const stored = await w.redis.keys(`${w.prefix}:web:token:*`);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.join(' ')).not.toContain(token.slice(3));
  });

  test('a token for an unknown account cannot be made', async () => {
    await expect(w.users.accounts.createToken('nobody')).rejects.toThrow(/no user/);
  });
});

describe('CSRF and cross-site posts', () => {
  test('a forged cross-site form post with the victim\'s cookie but no token is refused, and changes nothing', async () => {
    const l = await login(w);
    const res = await w.app.inject({
      method: 'POST', url: '/items/m1-0/action', cookies: { sid: l.cookie },
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'action=approve',
    });
    expect(res.statusCode).toBe(403);
    expect((await w.store.getItem('m1-0'))!.status).toBe('pending');
  });

  test('a cross-site post is refused even if it carries a stolen token; a same-site post with no token too', async () => {
    const l = await login(w);
    const crossSite = await w.app.inject({
      method: 'POST', url: '/items/m1-0/action', cookies: { sid: l.cookie }, headers: { origin: 'https://evil.example' },
      payload: { action: 'approve', _csrf: l.csrf },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('cross_origin');
    const noToken = await w.app.inject({ method: 'POST', url: '/items/m1-0/action', cookies: { sid: l.cookie }, payload: { action: 'approve' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf');
    const otherToken = await w.app.inject({ method: 'POST', url: '/items/m1-0/action', cookies: { sid: l.cookie }, payload: { action: 'approve', _csrf: 'x'.repeat(43) } });
    expect(otherToken.statusCode).toBe(403);
    expect((await w.store.getItem('m1-0'))!.status).toBe('pending');
  });

  test('a session-authenticated API post needs the token too (header), a Bearer one does not', async () => {
    const l = await login(w);
    const bare = await w.app.inject({ method: 'POST', url: '/api/endorsements/m1-0/withdraw', cookies: { sid: l.cookie }, payload: {} });
    expect(bare.statusCode).toBe(403);
    const ok = await w.app.inject({ method: 'POST', url: '/api/endorsements/m1-0/withdraw', cookies: { sid: l.cookie }, headers: { 'x-csrf-token': l.csrf }, payload: {} });
    expect(ok.statusCode).toBe(200);
    const token = await w.users.accounts.createToken('alice');
    const back = await w.app.inject({ method: 'POST', url: '/api/endorsements/m1-0/reopen', headers: { authorization: `Bearer ${token}` }, payload: {} });
    expect(back.statusCode).toBe(200);
    expect((await w.store.getItem('m1-0'))!.status).toBe('pending');
  });
});

describe('headers', () => {
  test('every page has a strict CSP that loads nothing from outside, and refuses framing', async () => {
    const l = await login(w);
    for (const url of ['/', '/items/m1-0', '/messages', '/messages/m1', '/export', '/login']) {
      const res = await w.app.inject({ method: 'GET', url, cookies: url === '/login' ? {} : { sid: l.cookie } });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // No inline script or style in our pages: the CSP would block it.
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  test('the queue dashboard refuses cross-site calls, and is read-only even to a logged-in admin', async () => {
    const l = await login(w);
    await w.users.accounts.setRole('alice', 'admin');
    const url = '/admin/queues/api/queues/reply/pause';
    const evil = await w.app.inject({ method: 'PUT', url, cookies: { sid: l.cookie }, headers: { origin: 'https://evil.example' } });
    expect(evil.statusCode).toBe(403);
    const none = await w.app.inject({ method: 'PUT', url, cookies: { sid: l.cookie } });
    expect(none.statusCode).toBe(403);
    expect(await w.replyQueue.isPaused()).toBe(false);
    // Past the origin check, Bull Board's read-only mode refuses the write: pausing or emptying a
    // queue by hand could lose mail in flight.
    const same = await w.app.inject({ method: 'PUT', url, cookies: { sid: l.cookie }, headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' } });
    expect(same.statusCode).toBe(405);
    expect(await w.replyQueue.isPaused()).toBe(false);
    const read = await w.app.inject({ method: 'GET', url: '/admin/queues/api/queues', cookies: { sid: l.cookie } });
    expect(read.statusCode).toBe(200);
  });

  test('the queue dashboard is served behind login, with scripts from our origin only', async () => {
    const l = await login(w);
    await w.users.accounts.setRole('alice', 'admin');
    const res = await w.app.inject({ method: 'GET', url: '/admin/queues', cookies: { sid: l.cookie } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self';/);
    const api = await w.app.inject({ method: 'GET', url: '/admin/queues/api/queues', cookies: { sid: l.cookie } });
    expect(api.statusCode).toBe(200);
    expect(api.json().queues.map((q: { name: string }) => q.name)).toEqual(['reply']);
  });
});
