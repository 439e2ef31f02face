/**
 * The JSON API of CONTRACT.md against a real Redis and a real BullMQ queue: the export JSON shape,
 * every review transition (with the confirmation job an approval queues), field edits, and errors
 * with a code and a message that says what is wrong (400 validation, 404 unknown id, 409 illegal).
 */
import { EXPORT_FIELDS } from '../../src/review/export';
import { closeAll, item, message, seed, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
let auth: { authorization: string };
beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  auth = { authorization: `Bearer ${await w.users.accounts.createToken('alice')}` };
  await seed(w, message('m1', '2026-01-01T10:00:00.000Z'), [item(), item({ organisation: 'Beta Union', country: 'UA', contactEmail: 'b@beta.example' })]);
  await seed(w, message('m2', '2026-01-02T10:00:00.000Z', { kind: 'withdrawal' }), [item({ organisation: 'Gamma', kind: 'withdrawal', country: null })]);
});

const get = (url: string) => w.app.inject({ method: 'GET', url, headers: auth });
const post = (url: string, payload: object = {}) => w.app.inject({ method: 'POST', url, headers: auth, payload });

test('GET /api/endorsements?status=all gives the export fields of every item, in received order', async () => {
  const res = await get('/api/endorsements?status=all');
  expect(res.statusCode).toBe(200);
  const rows = res.json() as Record<string, unknown>[];
  expect(rows.map((r) => r.id)).toEqual(['m1-0', 'm1-1', 'm2-0']);
  for (const r of rows) expect(Object.keys(r).sort()).toEqual([...EXPORT_FIELDS].sort());
  expect(rows[1]).toEqual({
    id: 'm1-1', status: 'pending', signerType: 'organisation', organisation: 'Beta Union', name: null, country: 'UA',
    website: 'acme.example', contactName: 'Jane Doe', contactEmail: 'b@beta.example', messageId: '<m1@example.net>',
    receivedAt: '2026-01-01T10:00:00.000Z', duplicateOf: null,
  });
});

test('GET /api/endorsements defaults to approved, like `endorse export`', async () => {
  expect((await get('/api/endorsements')).json()).toEqual([]);
});

test('approve: 200 with the new status, recorded with who did it, and one confirmation job queued', async () => {
  const res = await post('/api/endorsements/m1-0/approve');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ id: 'm1-0', status: 'approved' });
  const stored = (await w.store.getItem('m1-0'))!;
  expect(stored.history.at(-1)).toMatchObject({ by: 'alice', action: 'approve' });
  const job = await w.replyQueue.getJob('confirm-m1-0');
  expect(job?.data).toEqual({ type: 'confirmation', id: 'm1-0' });
  expect((await get('/api/endorsements')).json().map((r: { id: string }) => r.id)).toEqual(['m1-0']);
});

test('approving again is 409 with a message naming the status', async () => {
  const res = await post('/api/endorsements/m1-0/approve');
  expect(res.statusCode).toBe(409);
  expect(res.json()).toEqual({ statusCode: 409, code: 'illegal_transition', error: 'Conflict', message: 'Endorsement m1-0 is approved, so it cannot be approved.' });
});

test('reject with a reason keeps the reason; reopen undoes it; withdraw; reopen again', async () => {
  const r = await post('/api/endorsements/m1-1/reject', { reason: 'not an organisation' });
  expect(r.statusCode).toBe(200);
  expect(r.json().status).toBe('rejected');
  expect((await w.store.getItem('m1-1'))!.reason).toBe('not an organisation');
  expect((await post('/api/endorsements/m1-1/reopen')).json().status).toBe('pending');
  expect((await post('/api/endorsements/m1-1/withdraw')).json().status).toBe('withdrawn');
  // No confirmation for anything but an approval; a withdrawal queues the note that the signer was taken off.
  expect(await w.replyQueue.getJob('confirm-m1-1')).toBeUndefined();
  expect((await w.replyQueue.getJob('withdraw-m1-1'))?.data).toEqual({ type: 'withdrawal', id: 'm1-1' });
  expect((await post('/api/endorsements/m1-1/reopen')).json().status).toBe('pending');
  const actions = (await w.store.getItem('m1-1'))!.history.map((h) => h.action);
  expect(actions).toEqual(['received', 'reject', 'reopen', 'withdraw', 'reopen']);
  // Reopened before a worker took it, the note is cancelled rather than left to be suppressed.
  expect(await w.replyQueue.getJob('withdraw-m1-1')).toBeUndefined();
  expect(await w.replyQueue.getJob('withdraw-m1-0')).toBeUndefined();
});

test('reject without a body works; reopening a pending item is 409', async () => {
  expect((await post('/api/endorsements/m2-0/reject')).json().status).toBe('rejected');
  expect((await post('/api/endorsements/m2-0/reopen')).statusCode).toBe(200);
  const again = await post('/api/endorsements/m2-0/reopen');
  expect(again.statusCode).toBe(409);
  expect(again.json().message).toBe('Endorsement m2-0 is pending, so it cannot be reopened.');
});

test('unknown ids are 404 with the id in the message', async () => {
  for (const res of [await post('/api/endorsements/nope-0/approve'), await get('/api/endorsements/nope-0')]) {
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', message: 'There is no endorsement with id nope-0.' });
  }
});

test('validation errors are 400 and say which input is wrong and why', async () => {
  const status = await get('/api/endorsements?status=done');
  expect(status.statusCode).toBe(400);
  expect(status.json().code).toBe('invalid_request');
  expect(status.json().message).toMatch(/status/);

  const extra = await post('/api/endorsements/m1-1/reject', { reason: 'x', by: 'mallory' });
  expect(extra.statusCode).toBe(400);
  expect(extra.json().message).toMatch(/by/);

  const long = await post('/api/endorsements/m1-1/reject', { reason: 'x'.repeat(2001) });
  expect(long.statusCode).toBe(400);
  expect(long.json().message).toMatch(/reason/);

  const badId = await post('/api/endorsements/a%20b/approve');
  expect(badId.statusCode).toBe(400);
  expect(badId.json().message).toMatch(/id: is not an endorsement id/);

  const badJson = await w.app.inject({ method: 'POST', url: '/api/endorsements/m1-1/reject', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"reason":' });
  expect(badJson.statusCode).toBe(400);
  expect(badJson.json().statusCode).toBe(400);
  expect((await w.store.getItem('m1-1'))!.status).toBe('pending');
});

test('PATCH corrects fields, records the edit in history, and refuses malformed values', async () => {
  const res = await w.app.inject({ method: 'PATCH', url: '/api/endorsements/m1-1', headers: auth, payload: { country: 'pl', website: 'https://Beta.example/join', organisation: '  Beta   Union Warsaw ' } });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ country: 'PL', website: 'beta.example', organisation: 'Beta Union Warsaw' });
  const stored = (await w.store.getItem('m1-1'))!;
  expect(stored).toMatchObject({ country: 'PL', website: 'beta.example', organisation: 'Beta Union Warsaw', status: 'pending' });
  expect(stored.history.at(-1)).toMatchObject({ by: 'alice', action: 'edit' });
  expect(stored.history.at(-1)!.detail).toContain('country: "PL"');

  const bad = await w.app.inject({ method: 'PATCH', url: '/api/endorsements/m1-1', headers: auth, payload: { country: 'Atlantis', contactEmail: 'nope' } });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().message).toMatch(/country: is not a country we know/);
  expect(bad.json().message).toMatch(/contactEmail: must be an email address/);
  const unknownField = await w.app.inject({ method: 'PATCH', url: '/api/endorsements/m1-1', headers: auth, payload: { status: 'approved' } });
  expect(unknownField.statusCode).toBe(400);
  expect((await w.store.getItem('m1-1'))!.status).toBe('pending');
});

test('duplicate marking: set, refuse unknown ids and self, clear; the status is left alone', async () => {
  const set = await post('/api/endorsements/m2-0/duplicate', { of: 'm1-0' });
  expect(set.statusCode).toBe(200);
  expect(set.json()).toMatchObject({ id: 'm2-0', duplicateOf: 'm1-0', status: 'pending' });
  const unknown = await post('/api/endorsements/m2-0/duplicate', { of: 'zz-0' });
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('There is no endorsement with id zz-0.');
  const self = await post('/api/endorsements/m2-0/duplicate', { of: 'm2-0' });
  expect(self.statusCode).toBe(400);
  expect(self.json()).toMatchObject({ code: 'review_error', message: 'An endorsement cannot be a duplicate of itself.' });
  expect((await post('/api/endorsements/m2-0/duplicate', {})).statusCode).toBe(400);
  expect((await w.store.getItem('m2-0'))!.duplicateOf).toBe('m1-0');
  const clear = await post('/api/endorsements/m2-0/duplicate', { of: null });
  expect(clear.json().duplicateOf).toBeNull();
  expect((await w.store.getItem('m2-0'))!.history.slice(-2).map((h) => [h.action, h.detail])).toEqual([['duplicate', 'of m1-0'], ['not-duplicate', undefined]]);
});

test('a signer added to a message by hand: 201, pending, in the message\'s endorsement ids; errors for unknown messages and bad fields', async () => {
  await seed(w, message('q9', '2026-01-05T10:00:00.000Z', { kind: 'question' }), []);
  const res = await post('/api/messages/q9/endorsements', { organisation: 'Asked First Org', country: 'pl', contactEmail: 'Ask@Example.net' });
  expect(res.statusCode).toBe(201);
  expect(res.json()).toEqual({
    id: 'q9-0', status: 'pending', signerType: 'organisation', organisation: 'Asked First Org', name: null, country: 'PL', website: null,
    contactName: null, contactEmail: 'ask@example.net', messageId: '<q9@example.net>', receivedAt: '2026-01-05T10:00:00.000Z', duplicateOf: null, version: 1,
  });
  expect((await w.store.getMessage('q9'))!.endorsementIds).toEqual(['q9-0']);
  expect((await w.store.getItem('q9-0'))!.history).toEqual([expect.objectContaining({ by: 'alice', action: 'added' })]);
  const second = await post('/api/messages/q9/endorsements', { signerType: 'individual', name: 'Ann Person' });
  expect(second.json()).toMatchObject({ id: 'q9-1', signerType: 'individual', name: 'Ann Person', organisation: null });
  expect((await w.store.getMessage('q9'))!.endorsementIds).toEqual(['q9-0', 'q9-1']);

  const unknown = await post('/api/messages/nope/endorsements', { organisation: 'X' });
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('There is no message with key nope.');
  const bad = await post('/api/messages/q9/endorsements', { organisation: 'X', status: 'approved' });
  expect(bad.statusCode).toBe(400);
  expect((await w.store.getMessage('q9'))!.endorsementIds).toHaveLength(2);
});

test('GET /api/messages gives the messages --json fields', async () => {
  const res = await get('/api/messages');
  expect(res.statusCode).toBe(200);
  const rows = res.json() as Record<string, unknown>[];
  expect(rows.map((r) => r.messageId)).toEqual(['<m1@example.net>', '<m2@example.net>', '<q9@example.net>']);
  expect(rows[1]).toMatchObject({ kind: 'withdrawal', receivedAt: '2026-01-02T10:00:00.000Z', from: 'Jane Doe <jane@example.net>', subject: 'We endorse the appeal', acknowledged: false, folder: null, endorsementIds: ['m2-0'] });
});

test('with REPLIES=false an approval queues no confirmation', async () => {
  const quiet = await world({ replies: false });
  await quiet.users.accounts.add('alice', 'alice password 1');
  const token = await quiet.users.accounts.createToken('alice');
  await seed(quiet, message('q1', '2026-01-01T10:00:00.000Z'), [item()]);
  const res = await quiet.app.inject({ method: 'POST', url: '/api/endorsements/q1-0/approve', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(200);
  expect(await quiet.replyQueue.getJob('confirm-q1-0')).toBeUndefined();
});
