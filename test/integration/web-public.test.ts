/**
 * The public list for the appeal's website against a real Redis: no login, approved public fields
 * only, open to other origins and frames, cached with an ETag, and never more than a minute stale.
 */
import { closeAll, item, message, seed, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
beforeAll(async () => {
  w = await world();
  await seed(w, message('m1', '2026-01-01T10:00:00.000Z'), [
    item({ organisation: 'Kyiv Peace Forum', country: 'UA', contactEmail: 'secret@kyiv.example', website: 'kyiv.example' }),
    item({ organisation: 'Pending Union', country: 'DE' }),
  ]);
  await seed(w, message('m2', '2026-01-02T10:00:00.000Z'), [item({ signerType: 'individual', organisation: null, name: 'Olena Petrenko', country: 'UA', contactName: 'Olena Petrenko' })]);
  await w.store.transition('m1-0', 'approve', 'alice');
  await w.store.transition('m2-0', 'approve', 'alice');
});

const get = (url: string, headers: Record<string, string> = {}) => w.app.inject({ method: 'GET', url, headers });

test('JSON: no cookie needed, approved public fields only, CORS open, cacheable', async () => {
  const res = await get('/public/signatories.json');
  expect(res.statusCode).toBe(200);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['cache-control']).toBe('public, max-age=60');
  expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  const body = res.json();
  expect(body).toMatchObject({ total: 2, organisations: 1, individuals: 1, countries: 1, byCountry: { UA: 2 } });
  expect(body.signatories).toEqual([
    { name: 'Kyiv Peace Forum', type: 'organisation', country: 'UA', countryName: 'Ukraine' },
    { name: 'Olena Petrenko', type: 'individual', country: 'UA', countryName: 'Ukraine' },
  ]);
  for (const hidden of ['secret@kyiv.example', 'kyiv.example', 'Pending Union', 'Jane Doe', 'm1-0']) expect(res.body).not.toContain(hidden);
});

test('HTML: the grouped fragment, embeddable in another site, headings and countries in the asked language', async () => {
  const res = await get('/public/signatories.html?language=uk');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['x-frame-options']).toBeUndefined();
  expect(res.headers['content-security-policy']).toContain('frame-ancestors *');
  expect(res.body).toContain('<h3>Організації <span class="signatories-count">(1)</span></h3>');
  expect(res.body).toContain('Україна');
  expect(res.body).not.toContain('Pending Union');
});

test('a garbage language gives the English list, not an error', async () => {
  const res = await get('/public/signatories.json?language=%3Cscript%3E');
  expect(res.statusCode).toBe(200);
  expect(res.json().language).toBe('en');
});

test('revalidation: the same ETag answers 304 with no body', async () => {
  const first = await get('/public/signatories.json');
  const again = await get('/public/signatories.json', { 'if-none-match': String(first.headers.etag) });
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe('');
});

test('the review pages stay closed to the same stranger', async () => {
  expect((await get('/export/endorsements.json')).statusCode).toBe(303);
  expect((await get('/api/endorsements', { accept: 'application/json' })).statusCode).toBe(401);
});

test('a newly approved signer appears once the minute of caching is over', async () => {
  const clock = { now: Date.now() };
  const { default: Fastify } = await import('fastify');
  const { publicRoutes } = await import('../../src/web/routes/public');
  const app = Fastify();
  publicRoutes(app, w.store, () => clock.now);
  try {
    expect((await app.inject({ url: '/public/signatories.json' })).json().total).toBe(2);
    await w.store.transition('m1-1', 'approve', 'alice');
    clock.now += 59_000;
    expect((await app.inject({ url: '/public/signatories.json' })).json().total).toBe(2);
    clock.now += 2_000;
    expect((await app.inject({ url: '/public/signatories.json' })).json().total).toBe(3);
  } finally {
    await app.close();
  }
});
