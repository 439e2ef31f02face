/**
 * Where the app sends a browser after login and after a form (`next`, `back`): only to one of its
 * own pages, whatever shape an attacker gives the link (encoded slashes, tabs the browser strips,
 * backslashes, CR/LF, other schemes). Against a real Redis, through the real routes.
 */
import { closeAll, cookiesOf, csrfIn, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let l: Login;
beforeAll(async () => {
  w = await world();
  await seed(w, message('m1', '2026-01-01T00:00:00.000Z'), [item()]);
  l = await login(w);
});

/** Each as it would arrive after query/form decoding (the raw link encodes it once more). */
const HOSTILE = [
  '//evil.example/', '///evil.example/', '/\\evil.example/', '\\\\evil.example/', '/\\/evil.example/',
  '/\t/evil.example/', '/%09/evil.example/', '/\n/evil.example/', '/\r\n/evil.example/', '/%0d%0a/evil.example/',
  '%2f%2fevil.example/', '%2F%2Fevil.example', '/%2f%2fevil.example', '/%5cevil.example', '/%5C%5Cevil.example',
  'https://evil.example/', 'http:/evil.example', 'javascript:alert(1)', 'data:text/html,x', ' //evil.example',
  '/ /evil.example', '/\u3000/evil.example', '/\u2028/evil.example', 'evil.example', '', '/login', '/login?next=//evil.example',
  '/healthz', '/api/messages', '/no/such/page', '/items', '/./\\evil.example', '/..//evil.example', '/\x00/evil.example',
];

/**
 * True when a browser following `location` from this site would leave it: resolve it as the
 * browser does (the WHATWG parser strips tabs and newlines and reads backslashes as slashes).
 */
function leavesSite(location: string): boolean {
  return new URL(location, 'https://review.example/').origin !== 'https://review.example';
}

describe('GET /login?next= for a logged-in organiser', () => {
  test('the reported link /login?next=/%09/evil.example/ stays on the site', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/login?next=/%09/evil.example/', cookies: { sid: l.cookie } });
    expect(res.statusCode).toBe(303);
    expect(leavesSite(res.headers.location!)).toBe(false);
    expect(res.headers.location).toBe('/');
  });

  test.each(HOSTILE)('next=%j goes home', async (next) => {
    const res = await w.app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(next)}`, cookies: { sid: l.cookie } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  test('raw (unencoded) tab, backslash and double-encoded shapes in the link go home too', async () => {
    for (const url of ['/login?next=/%09/evil.example/', '/login?next=/%5C/evil.example', '/login?next=%252f%252fevil.example', '/login?next=/%252f%252fevil.example',
      '/login?next=%2F%2Fevil.example', '/login?next=/%0D%0A/evil.example', '/login?next=https:evil.example', '/login?next=/&next=//evil.example']) {
      const res = await w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });
      expect(leavesSite(res.headers.location!)).toBe(false);
    }
  });

  test.each([
    ['/messages', '/messages'], ['/items/m1-0', '/items/m1-0'], ['/?status=all&q=acme%20peace', '/?status=all&q=acme%20peace'],
    ['/messages/m1#section', '/messages/m1'], ['/export', '/export'], ['/export/endorsements.csv', '/export/endorsements.csv'],
    ['/admin/queues', '/admin/queues'],
  ])('an own page %s is kept (as %s)', async (next, expected) => {
    const res = await w.app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(next)}`, cookies: { sid: l.cookie } });
    expect(res.headers.location).toBe(expected);
  });
});

describe('POST /login with next', () => {
  test.each(HOSTILE)('next=%j leads home after a right password', async (next) => {
    const form = await w.app.inject({ method: 'GET', url: '/login' });
    expect(form.body).not.toMatch(/evil\.example/);
    const res = await w.app.inject({
      method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user: 'alice', password: 'correct horse battery', next },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  test('the login page shown for a hostile next carries "/" in its form, never the hostile value', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/login?next=/%09/evil.example/' });
    expect(res.body).toContain('name="next" value="/"');
  });
});

describe('`back` of the review forms', () => {
  /** Reject then reopen the item (both allowed from where it is), each with `back`; the two redirects. */
  async function roundTrip(back: string): Promise<string[]> {
    const out: string[] = [];
    for (const action of ['reject', 'reopen']) {
      const res = await w.app.inject({ method: 'POST', url: '/items/m1-0/action', cookies: { sid: l.cookie }, payload: { action, back, _csrf: l.csrf } });
      expect(res.statusCode).toBe(303);
      out.push(res.headers.location!);
    }
    return out;
  }

  test.each(['/\t/evil.example/', '//evil.example', '/\\evil.example', 'https://evil.example', '/%09/evil.example'])('back=%j returns to the queue', async (back) => {
    expect(await roundTrip(back)).toEqual(['/?done=reject', '/?done=reopen']);
  });

  test('an own page in back is kept', async () => {
    expect(await roundTrip('/messages/m1')).toEqual(['/messages/m1?done=reject', '/messages/m1?done=reopen']);
  });
});
