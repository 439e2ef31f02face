/**
 * No lost updates through the JSON API, against a real Redis: every write of an existing item
 * refuses a stale version (in the body or If-Match) with 409, what changed since and by whom, and
 * the item as it is now, writing nothing; the current version goes through and comes back bumped.
 */
import { closeAll, item, message, seed, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
let alice: Record<string, string>;
let bob: Record<string, string>;
beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  await w.users.accounts.add('bob', 'bob password 12');
  alice = { authorization: `Bearer ${await w.users.accounts.createToken('alice')}` };
  bob = { authorization: `Bearer ${await w.users.accounts.createToken('bob')}` };
});

let n = 0;
/** A fresh pending item (version 1), in `status` after bob moves it there. */
async function fresh(status: 'pending' | 'approved' | 'rejected' = 'pending'): Promise<string> {
  const [id] = await seed(w, message(`v${++n}`, `2026-02-${String(n).padStart(2, '0')}T10:00:00.000Z`), [item({ organisation: `Org ${n}` })]);
  if (status !== 'pending') await w.store.transition(id!, status === 'approved' ? 'approve' : 'reject', 'setup');
  return id!;
}

const call = (method: 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload: object = {}) => w.app.inject({ method, url, headers, payload });

/** Each write route: how to call it, and the status the item must be in for it to be allowed. */
const ROUTES: { name: string; from: 'pending' | 'approved' | 'rejected'; method: 'POST' | 'PATCH'; path: (id: string) => string; body: object }[] = [
  { name: 'approve', from: 'pending', method: 'POST', path: (id) => `/api/endorsements/${id}/approve`, body: {} },
  { name: 'reject', from: 'pending', method: 'POST', path: (id) => `/api/endorsements/${id}/reject`, body: { reason: 'not an organisation' } },
  { name: 'withdraw', from: 'approved', method: 'POST', path: (id) => `/api/endorsements/${id}/withdraw`, body: {} },
  { name: 'reopen', from: 'rejected', method: 'POST', path: (id) => `/api/endorsements/${id}/reopen`, body: {} },
  { name: 'PATCH (edit)', from: 'pending', method: 'PATCH', path: (id) => `/api/endorsements/${id}`, body: { country: 'PL' } },
  { name: 'duplicate', from: 'pending', method: 'POST', path: (id) => `/api/endorsements/${id}/duplicate`, body: { of: 'v1-0' } },
];

describe.each(ROUTES)('$name', (r) => {
  test('a stale version in the body is refused with 409, what bob changed, and nothing written', async () => {
    const id = await fresh(r.from);
    const seen = (await w.store.getItem(id))!.version!;
    // Bob edits the organisation meanwhile.
    const edited = await call('PATCH', `/api/endorsements/${id}`, bob, { organisation: 'Bob Fixed Org', version: seen });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().version).toBe(seen + 1);
    const before = (await w.store.getItem(id))!;

    const res = await call(r.method, r.path(id), alice, { ...r.body, version: seen });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 409, code: 'stale_version', error: 'Conflict', yourVersion: seen, currentVersion: seen + 1 });
    expect(body.message).toContain(`you saw version ${seen}, it is now ${seen + 1}`);
    expect(body.message).toContain('bob edit');
    expect(body.changesSince).toEqual([expect.objectContaining({ by: 'bob', action: 'edit', version: seen + 1, changes: { organisation: [`Org ${n}`, 'Bob Fixed Org'] } })]);
    expect(body.current).toMatchObject({ id, organisation: 'Bob Fixed Org', status: r.from, version: seen + 1 });
    expect(await w.store.getItem(id)).toEqual(before);
  });

  test('a stale If-Match is refused too; the current one (body or If-Match) goes through and bumps the version', async () => {
    const id = await fresh(r.from);
    const seen = (await w.store.getItem(id))!.version!;
    const stale = await call(r.method, r.path(id), { ...alice, 'if-match': `"${seen - 1}"` }, r.body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', currentVersion: seen });
    expect((await w.store.getItem(id))!.version).toBe(seen);

    const ok = await call(r.method, r.path(id), { ...alice, 'if-match': `"${seen}"` }, r.body);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(seen + 1);
    expect(ok.headers.etag).toBe(`"${seen + 1}"`);
    const after = (await w.store.getItem(id))!;
    expect(after.version).toBe(seen + 1);
    expect(after.history.at(-1)).toMatchObject({ by: 'alice', version: seen + 1 });
  });
});

test('without a version (older scripts, CONTRACT.md) a write is not checked', async () => {
  const id = await fresh();
  await call('PATCH', `/api/endorsements/${id}`, bob, { name: 'Someone' });
  const res = await call('POST', `/api/endorsements/${id}/approve`, alice);
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ status: 'approved', version: 3 });
});

test('a body and an If-Match that disagree, or a malformed If-Match, are 400', async () => {
  const id = await fresh();
  const both = await call('POST', `/api/endorsements/${id}/approve`, { ...alice, 'if-match': '"1"' }, { version: 2 });
  expect(both.statusCode).toBe(400);
  expect(both.json().message).toMatch(/If-Match says version 1 but the body says 2/);
  const bad = await call('POST', `/api/endorsements/${id}/approve`, { ...alice, 'if-match': 'yesterday' });
  expect(bad.statusCode).toBe(400);
  const neg = await call('POST', `/api/endorsements/${id}/approve`, alice, { version: -1 });
  expect(neg.statusCode).toBe(400);
  expect((await w.store.getItem(id))!.status).toBe('pending');
});

test('GET one item gives its version and the same ETag', async () => {
  const id = await fresh('approved');
  const res = await w.app.inject({ method: 'GET', url: `/api/endorsements/${id}`, headers: alice });
  expect(res.json().version).toBe(2);
  expect(res.headers.etag).toBe('"2"');
});

test('the stale reject of an item a colleague approved is refused (the lost update of issue 10)', async () => {
  const id = await fresh();
  const seen = (await w.store.getItem(id))!.version!;
  expect((await call('POST', `/api/endorsements/${id}/approve`, bob, { version: seen })).statusCode).toBe(200);
  const res = await call('POST', `/api/endorsements/${id}/reject`, alice, { version: seen, reason: 'looks fake' });
  expect(res.statusCode).toBe(409);
  expect(res.json().changesSince).toEqual([expect.objectContaining({ by: 'bob', action: 'approve', changes: { status: ['pending', 'approved'] } })]);
  expect(res.json().message).toContain('bob approve at');
  expect((await w.store.getItem(id))!).toMatchObject({ status: 'approved' });
  expect((await w.store.getItem(id))!.reason).toBeUndefined();
});

test('history records old and new values of status, reason and duplicate marks', async () => {
  const id = await fresh();
  await call('POST', `/api/endorsements/${id}/reject`, alice, { reason: 'spam' });
  await call('POST', `/api/endorsements/${id}/reopen`, alice);
  await call('POST', `/api/endorsements/${id}/duplicate`, alice, { of: 'v1-0' });
  const changes = (await w.store.getItem(id))!.history.slice(1).map((h) => [h.action, h.version, h.changes]);
  expect(changes).toEqual([
    ['reject', 2, { status: ['pending', 'rejected'], reason: ['', 'spam'] }],
    ['reopen', 3, { status: ['rejected', 'pending'], reason: ['spam', ''] }],
    ['duplicate', 4, { duplicateOf: ['', 'v1-0'] }],
  ]);
});

test('an item stored before versions existed counts as version 0 and is not refused for lacking one', async () => {
  const id = await fresh();
  await w.redis.hdel(`${w.prefix}:item:${id}`, 'version');
  expect((await w.store.getItem(id))!.version).toBe(0);
  expect((await call('POST', `/api/endorsements/${id}/approve`, alice, { version: 1 })).statusCode).toBe(409);
  const ok = await call('POST', `/api/endorsements/${id}/approve`, alice, { version: 0 });
  expect(ok.statusCode).toBe(200);
  expect(ok.json().version).toBe(1);
});

test('adding a signer to a message creates an item at version 1 (a new item: nothing to be stale against)', async () => {
  await seed(w, message('q1', '2026-03-01T10:00:00.000Z', { kind: 'question' }), []);
  const res = await call('POST', '/api/messages/q1/endorsements', alice, { organisation: 'Added Org' });
  expect(res.statusCode).toBe(201);
  expect(res.json()).toMatchObject({ id: 'q1-0', version: 1 });
});
