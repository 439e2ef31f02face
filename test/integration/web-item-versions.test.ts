/**
 * The item page's forms against a real Redis, with two organisers: a stale form is refused with the
 * colleague's change shown and the organiser's input kept; a refused field shows why beside the
 * field, keeping what was typed; approve and reject go on to the next pending item; presence marks
 * show who else has the item open, and lapse; history shows old and new values.
 */
import { createPresence, PRESENCE_TTL_MS } from '../../src/review/presence';
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let alice: Login;
let bob: Login;
beforeAll(async () => {
  w = await world();
  alice = await login(w, 'alice', 'alice password 12');
  bob = await login(w, 'bob', 'bob password 1234');
});

let n = 0;
async function fresh(over: Parameters<typeof item>[0] = {}): Promise<string> {
  const [id] = await seed(w, message(`f${++n}`, `2026-04-${String(n).padStart(2, '0')}T10:00:00.000Z`), [item({ organisation: `Org ${n}`, country: 'GB', ...over })]);
  return id!;
}

const page = (who: Login, url: string) => w.app.inject({ method: 'GET', url, cookies: { sid: who.cookie } });
const post = (who: Login, url: string, payload: Record<string, string>) =>
  w.app.inject({ method: 'POST', url, cookies: { sid: who.cookie }, payload: { _csrf: who.csrf, ...payload } });
/** The value of the input with this id in a page. */
const inputValue = (body: string, id: string) => new RegExp(`id="${id}" name="[^"]+" value="([^"]*)"`).exec(body)?.[1];
const versionIn = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1];

test('every form on the item page states the version it was rendered from', async () => {
  const id = await fresh();
  const body = (await page(alice, `/items/${id}`)).body;
  const forms = body.match(/<form method="post" action="\/items\/[^"]+\/(?:action|edit|duplicate)"/g) ?? [];
  const versions = body.match(/name="version" value="1"/g) ?? [];
  expect(forms.length).toBeGreaterThanOrEqual(4);
  expect(versions.length).toBe(forms.length);
});

test('a stale edit is refused: the colleague\'s change is shown, what was typed is kept, nothing is overwritten', async () => {
  const id = await fresh();
  const seen = versionIn((await page(alice, `/items/${id}`)).body)!;
  // Bob corrects the country first.
  expect((await post(bob, `/items/${id}/edit`, { country: 'PL', version: seen })).statusCode).toBe(303);

  const res = await post(alice, `/items/${id}/edit`, { signerType: 'organisation', organisation: 'Alice Typed Org', name: '', country: 'GB', website: '', contactName: 'Jane Doe', contactEmail: 'jane@example.net', version: seen });
  expect(res.statusCode).toBe(409);
  expect(res.body).toContain('Not saved: this item changed since you opened it');
  expect(res.body).toMatch(/bob edit at [0-9: -]+ \(country &#34;GB&#34; → &#34;PL&#34;\)/);
  expect(inputValue(res.body, 'f-organisation')).toBe('Alice Typed Org');
  expect(inputValue(res.body, 'f-country')).toBe('GB');
  expect(res.body).toContain('bob changed this to “PL” since you loaded the page');
  expect(await w.store.getItem(id)).toMatchObject({ organisation: `Org ${n}`, country: 'PL', version: 2 });

  // The conflict page carries the current version: submitting again applies Alice's values deliberately.
  expect(versionIn(res.body)).toBe('2');
  const again = await post(alice, `/items/${id}/edit`, { organisation: 'Alice Typed Org', country: 'PL', version: '2' });
  expect(again.statusCode).toBe(303);
  expect(await w.store.getItem(id)).toMatchObject({ organisation: 'Alice Typed Org', country: 'PL', version: 3 });
});

test('a stale reject of an item a colleague approved is refused, with the reason kept in its field', async () => {
  const id = await fresh();
  const seen = versionIn((await page(alice, `/items/${id}`)).body)!;
  expect((await post(bob, `/items/${id}/action`, { action: 'approve', version: seen, back: `/items/${id}` })).statusCode).toBe(303);
  const res = await post(alice, `/items/${id}/action`, { action: 'reject', reason: 'looks like a fake', version: seen, back: `/items/${id}`, next: 'pending' });
  expect(res.statusCode).toBe(409);
  expect(res.body).toContain('Your rejection was not applied');
  expect(res.body).toMatch(/bob approve at [0-9: -]+ \(status &#34;pending&#34; → &#34;approved&#34;\)/);
  expect(res.body).toContain('<span class="status status-approved">approved</span>');
  expect(res.body).toContain('value="looks like a fake"');
  expect((await w.store.getItem(id))!).toMatchObject({ status: 'approved', version: 2 });
});

test('the queue\'s row buttons state the version in their URL; a stale row action is refused', async () => {
  const id = await fresh();
  const queue = (await page(alice, '/')).body;
  expect(queue).toContain(`formaction="/items/${id}/action?version&#61;1" name="action" value="reject"`);
  await post(bob, `/items/${id}/action?version=1`, { action: 'approve' });
  const res = await post(alice, `/items/${id}/action?version=1`, { action: 'reject', back: '/' });
  expect(res.statusCode).toBe(409);
  expect(res.body).toContain('bob approve');
  expect((await w.store.getItem(id))!.status).toBe('approved');
});

test('a stale duplicate mark is refused too', async () => {
  const id = await fresh();
  await post(bob, `/items/${id}/edit`, { name: 'Bob', version: '1' });
  const res = await post(alice, `/items/${id}/duplicate`, { of: 'f1-0', version: '1' });
  expect(res.statusCode).toBe(409);
  expect((await w.store.getItem(id))!.duplicateOf).toBeNull();
});

test('a form without a version (an old page, a script) is applied unchecked', async () => {
  const id = await fresh();
  await post(bob, `/items/${id}/edit`, { name: 'Bob', version: '1' });
  expect((await post(alice, `/items/${id}/action`, { action: 'approve' })).statusCode).toBe(303);
  expect((await w.store.getItem(id))!.status).toBe('approved');
});

test('a refused field: the reason beside it, everything typed kept, nothing saved, no dead end', async () => {
  const id = await fresh();
  const res = await post(alice, `/items/${id}/edit`, { organisation: 'Kept Org', country: 'Atlantis', contactEmail: 'not-an-address', version: '1' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toMatch(/id="f-country" name="country" value="Atlantis" aria-invalid="true" aria-describedby="e-country"><div class="field-error" id="e-country" role="alert">is not a country we know/);
  expect(res.body).toMatch(/id="f-contactEmail" name="contactEmail" value="not-an-address" aria-invalid="true"[^>]*><div class="field-error" id="e-contactEmail" role="alert">must be an email address/);
  expect(inputValue(res.body, 'f-organisation')).toBe('Kept Org');
  expect(res.body).toContain('<form method="post" action="/items/' + id + '/edit" id="edit">');
  expect((await w.store.getItem(id))!).toMatchObject({ organisation: `Org ${n}`, country: 'GB', version: 1 });

  const ok = await post(alice, `/items/${id}/edit`, { country: 'Schweden', version: '1' });
  expect(ok.statusCode).toBe(303);
  expect((await w.store.getItem(id))!.country).toBe('SE');
});

test('a bad duplicate id is shown beside its field, typed value kept', async () => {
  const id = await fresh();
  const res = await post(alice, `/items/${id}/duplicate`, { of: 'a b', version: '1' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toMatch(/id="f-of" name="of" placeholder="id of the original" value="a b"[^>]*>.*<span class="field-error" id="e-of">must be an endorsement id/);
});

test('history shows old and new values', async () => {
  const id = await fresh();
  await post(alice, `/items/${id}/edit`, { country: 'Україна', version: '1' });
  await post(alice, `/items/${id}/action`, { action: 'reject', reason: 'spam', version: '2' });
  const body = (await page(alice, `/items/${id}`)).body;
  expect(body).toContain('country: <del>GB</del> → <ins>UA</ins>');
  expect(body).toContain('status: <del>pending</del> → <ins>rejected</ins>; reason: <del>none</del> → <ins>spam</ins>');
});

/**
 * A world of its own for one describe: one organiser, one item per [key, organisation, country,
 * confidence], received a day apart in that order; GET and POST as that organiser.
 */
function queueWorld(user: string, items: [string, string, string, number][]) {
  let q: World;
  let ql: Login;
  beforeAll(async () => {
    q = await world();
    ql = await login(q, user, `${user} password 1234`);
    for (const [i, [key, organisation, country, confidence]] of items.entries()) {
      await seed(q, message(key, `2026-05-0${i + 1}T10:00:00.000Z`), [item({ organisation, country, confidence })]);
    }
  });
  return {
    qpage: (url: string) => q.app.inject({ method: 'GET', url, cookies: { sid: ql.cookie } }),
    qpost: (url: string, payload: Record<string, string>) => q.app.inject({ method: 'POST', url, cookies: { sid: ql.cookie }, payload: { _csrf: ql.csrf, ...payload } }),
  };
}

describe('moving through the queue', () => {
  // Queue order: doubtful first, then as received.
  const { qpage, qpost } = queueWorld('carol', [['q1', 'Q One', 'GB', 0.9], ['q2', 'Q Two', 'GB', 0.3], ['q3', 'Q Three', 'GB', 0.9]]);

  test('previous and next (j/k) follow the queue\'s order; past either end, back to the queue', async () => {
    const body = (await qpage('/items/q1-0')).body;
    expect(body).toContain('<a rel="prev" href="/items/q1-0/prev">previous (k)</a> · <a rel="next" href="/items/q1-0/next">next (j)</a>');
    const at = async (url: string) => (await qpage(url)).headers.location;
    expect(await at('/items/q1-0/prev')).toBe('/items/q2-0');
    expect(await at('/items/q1-0/next')).toBe('/items/q3-0');
    expect(await at('/items/q2-0/prev')).toBe('/');
    expect(await at('/items/q3-0/next')).toBe('/');
    expect((await qpage('/items/zz-0/next')).statusCode).toBe(404);
  });

  test('approve and reject from the item page go on to the next pending item; after the last, back to the queue', async () => {
    const a = await qpost('/items/q1-0/action', { action: 'approve', version: '1', back: '/items/q1-0', next: 'pending' });
    expect(a.headers.location).toBe('/items/q3-0?done=approve');
    expect((await qpage('/items/q3-0?done=approve')).body).toContain('<p class="notice" role="status">Approved.</p>');
    const r = await qpost('/items/q3-0/action', { action: 'reject', version: '1', back: '/items/q3-0', next: 'pending' });
    expect(r.headers.location).toBe('/items/q2-0?done=reject');
    const last = await qpost('/items/q2-0/action', { action: 'approve', version: '1', back: '/items/q2-0', next: 'pending' });
    expect(last.headers.location).toBe('/?done=approve');
  });
});

describe('moving through a filtered queue', () => {
  // Queue order: doubtful first (g1, f3), then as received (f1, f2); filtered to FR: f3, f1, f2.
  const { qpage, qpost } = queueWorld('dave', [['f1', 'F One', 'FR', 0.9], ['g1', 'G One', 'GB', 0.3], ['f2', 'F Two', 'FR', 0.9], ['f3', 'F Three', 'FR', 0.3]]);
  const at = async (url: string) => (await qpage(url)).headers.location;

  test('an item opened from the filtered queue keeps the filter in its links, and j/k stay within it', async () => {
    // The page escapes `=` in attributes (&#61;); a browser reads it back as `=`.
    expect((await qpage('/?country=FR')).body).toContain('<a class="open" href="/items/f1-0?country&#61;FR">');
    const body = (await qpage('/items/f1-0?country=FR')).body;
    expect(body).toContain('<a href="/?country&#61;FR">← queue</a> · <a rel="prev" href="/items/f1-0/prev?country&#61;FR">previous (k)</a> · <a rel="next" href="/items/f1-0/next?country&#61;FR">next (j)</a>');
    expect(body).toContain('<input type="hidden" name="next" value="pending"><input type="hidden" name="country" value="FR">');
    expect(await at('/items/f1-0/next?country=FR')).toBe('/items/f2-0?country=FR');
    expect(await at('/items/f3-0/prev?country=FR')).toBe('/?country=FR');
    expect(await at('/items/f3-0/prev')).toBe('/items/g1-0');
  });

  test('approve, then the next pending item within the filter; the unfiltered queue would give another', async () => {
    const a = await qpost('/items/f2-0/action', { action: 'approve', version: '1', back: '/items/f2-0?country=FR', next: 'pending', country: 'FR' });
    expect(a.headers.location).toBe('/items/f3-0?country=FR&done=approve');
    const r = await qpost('/items/f3-0/action', { action: 'reject', version: '1', back: '/items/f3-0', next: 'pending' });
    expect(r.headers.location).toBe('/items/f1-0?done=reject');
  });
});

describe('presence', () => {
  test('the item page lists who else has it open; the page\'s ping answers the same', async () => {
    const id = await fresh();
    await page(alice, `/items/${id}`);
    const seenByBob = (await page(bob, `/items/${id}`)).body;
    expect(seenByBob).toContain('<p class="presence" data-presence aria-live="polite">alice is looking at this item.</p>');
    const ping = await w.app.inject({ method: 'POST', url: `/items/${id}/presence`, cookies: { sid: alice.cookie }, headers: { 'x-csrf-token': alice.csrf }, payload: {} });
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toEqual({ others: ['bob'], at: expect.any(Number) });
    const refused = await w.app.inject({ method: 'POST', url: `/items/${id}/presence`, cookies: { sid: alice.cookie }, payload: {} });
    expect(refused.statusCode).toBe(403);
    // Leaving (the page's beacon: a form body with the token and its mark's time) takes the mark off at
    // once, but not a newer mark of the same user (their next page of the same item).
    const newer = await post(alice, `/items/${id}/presence`, { leave: String(ping.json().at - 1) });
    expect(newer.json()).toEqual({ others: ['alice', 'bob'] });
    const left = await post(alice, `/items/${id}/presence`, { leave: String(ping.json().at) });
    expect(left.json()).toEqual({ others: ['bob'] });
    expect((await page(bob, `/items/${id}`)).body).toContain('<p class="presence" data-presence aria-live="polite"></p>');
  });

  test('a mark not refreshed within the TTL lapses; the key expires with it', async () => {
    let t = 1_000_000;
    const p = createPresence(w.redis, `${w.prefix}x`, () => t);
    await p.touch('i-0', 'maria');
    expect(await p.touch('i-0', 'alice')).toEqual({ others: ['maria'], at: t });
    t += PRESENCE_TTL_MS - 1;
    expect(await p.who('i-0')).toEqual(['alice', 'maria']);
    t += 2;
    expect((await p.touch('i-0', 'alice')).others).toEqual([]);
    expect(await w.redis.pttl(`${w.prefix}x:presence:i-0`)).toBeGreaterThan(PRESENCE_TTL_MS - 5000);
  });
});
