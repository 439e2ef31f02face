/**
 * Withdrawal requests and the undo window against a real Redis and real BullMQ queues: a request
 * is never approved (store, API, page, bulk), is linked to the signer it names and removes it from
 * the list; the mail every action sends waits REVIEW_UNDO_SECONDS as a delayed job, and Undo (API
 * and page) cancels it and puts the statuses back, with history; too late is refused.
 */
import { Worker } from 'bullmq';
import { REPLY_QUEUE } from '../../src/jobs/queues';
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let l: Login;
let auth: { authorization: string };
beforeAll(async () => {
  w = await world({ undoSeconds: 60 });
  l = await login(w);
  auth = { authorization: `Bearer ${await w.users.accounts.createToken('alice')}` };
  await seed(w, message('e1', '2026-01-01T10:00:00.000Z', { from: 'Anna <anna@bruecken-kyjiw.de>' }),
    [item({ organisation: 'Brücken nach Kyjiw e.V.', country: 'DE', website: 'bruecken-kyjiw.de', contactEmail: 'anna@bruecken-kyjiw.de' })]);
  await seed(w, message('e2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Other Org', country: 'FR', website: 'other.example', contactEmail: 'o@other.example' })]);
  await seed(w, message('r1', '2026-02-01T10:00:00.000Z', { kind: 'withdrawal', from: 'Anna <anna@bruecken-kyjiw.de>', subject: 'Bitte streichen' }),
    [item({ organisation: 'Brücken nach Kyjiw', country: 'DE', website: null, contactEmail: 'anna@bruecken-kyjiw.de', kind: 'withdrawal' })]);
  await seed(w, message('r2', '2026-02-02T10:00:00.000Z', { kind: 'withdrawal' }), [item({ organisation: 'Nobody Known', website: null, contactEmail: 'x@unknown.example', kind: 'withdrawal' })]);
});

const api = (method: 'GET' | 'POST', url: string, payload?: object) => w.app.inject({ method, url, headers: auth, ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}) });
const page = (url: string) => w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });
const form = (url: string, payload: Record<string, string | string[]> = {}) =>
  w.app.inject({ method: 'POST', url, cookies: { sid: l.cookie }, payload: { _csrf: l.csrf, ...payload } });
const jobState = async (id: string) => (await w.replyQueue.getJob(id))?.getState() ?? 'missing';
const statuses = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await w.store.getItem(id))!.status));

test('a withdrawal request is never approved: store, API (409 with a code), page (no Approve), queue row', async () => {
  await expect(w.store.transition('r1-0', 'approve', 'alice')).rejects.toMatchObject({ code: 'withdrawal_not_approvable' });
  const res = await api('POST', '/api/endorsements/r1-0/approve');
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'withdrawal_not_approvable' });
  expect(res.json().message).toContain('can never be approved onto it');
  expect((await api('POST', '/api/endorsements/r1-0/withdraw')).json().code).toBe('withdrawal_not_approvable');
  expect((await form('/items/r1-0/action', { action: 'approve' })).statusCode).toBe(409);
  expect(await statuses('r1-0')).toEqual(['pending']);
  expect(await w.replyQueue.getJob('confirm-r1-0')).toBeUndefined();
  const item = (await page('/items/r1-0')).body;
  expect(item).not.toContain('value="approve"');
  expect(item).toContain('Reject · no mail');
  const queue = (await page('/')).body;
  const row = /<tr data-id="r1-0">[\s\S]*?<\/tr>/.exec(queue)![0];
  expect(row).not.toContain('value="approve"');
  expect(row).toContain('disabled');
  // Requests first in the queue.
  expect([...queue.matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1])).toEqual(['r1-0', 'r2-0', 'e1-0', 'e2-0']);
});

test('candidates: the signer the request names comes first; a request cannot be removed before it is linked', async () => {
  const c = (await api('GET', '/api/endorsements/r1-0/candidates')).json() as { id: string; why: string[] }[];
  expect(c.map((x) => [x.id, x.why])).toEqual([['e1-0', ['same signer', 'same email', 'same domain']]]);
  expect(((await api('GET', '/api/endorsements/r2-0/candidates?q=other')).json() as { id: string }[]).map((x) => x.id)).toEqual(['e2-0']);
  const early = await api('POST', '/api/endorsements/r1-0/remove');
  expect(early.statusCode).toBe(409);
  expect(early.json().code).toBe('withdrawal_not_linked');
  expect((await api('POST', '/api/endorsements/r1-0/link', { of: 'r2-0' })).json().code).toBe('bad_link');
  expect((await api('POST', '/api/endorsements/e2-0/link', { of: 'e1-0' })).json().code).toBe('not_a_withdrawal');
  expect((await api('POST', '/api/endorsements/r1-0/link', { of: 'zz-0' })).statusCode).toBe(404);
  const p = (await page('/items/r1-0')).body;
  expect(p).toContain('Suggested match (same signer, same email, same domain)');
  expect(p).toContain('Confirm this match');
  expect(p).not.toContain('data-remove');
});

test('remove from the list (API): the approved original is withdrawn and leaves the exports, the request is done, the note waits; Undo puts it all back', async () => {
  expect((await api('POST', '/api/endorsements/e1-0/approve')).statusCode).toBe(200);
  expect(await jobState('confirm-e1-0')).toBe('delayed');
  expect((await api('GET', '/api/endorsements/e1-0/undo')).json()).toMatchObject({ action: 'approve', reply: 'confirmation', to: 'anna@bruecken-kyjiw.de', jobId: 'confirm-e1-0' });

  const linked = await api('POST', '/api/endorsements/r1-0/link', { of: 'e1-0' });
  expect(linked.json()).toMatchObject({ id: 'r1-0', withdraws: 'e1-0', status: 'pending' });
  const res = await api('POST', '/api/endorsements/r1-0/remove');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ request: { id: 'r1-0', status: 'withdrawn' }, original: { id: 'e1-0', status: 'withdrawn' }, originalWas: 'approved' });
  expect((await api('GET', '/api/endorsements')).json()).toEqual([]);
  expect((await page('/export/endorsements.html')).body).not.toContain('Brücken');
  // The confirmation still waiting for the original is cancelled; the withdrawal note to the requester waits.
  expect(await jobState('confirm-e1-0')).toBe('missing');
  expect(await jobState('withdraw-r1-0')).toBe('delayed');
  expect((await w.replyQueue.getJob('withdraw-r1-0'))!.opts.delay).toBe(60_000);
  expect((await api('GET', '/api/endorsements/r1-0/undo')).json()).toMatchObject({ action: 'remove', reply: 'withdrawal', to: 'anna@bruecken-kyjiw.de' });
  expect((await w.store.getItem('e1-0'))!.history.at(-1)).toMatchObject({ by: 'alice', action: 'withdraw', detail: 'at the request of r1-0' });
  expect((await w.store.getItem('r1-0'))!.history.at(-1)).toMatchObject({ by: 'alice', action: 'remove-from-list', detail: 'e1-0 withdrawn' });

  const undo = await api('POST', '/api/endorsements/r1-0/undo');
  expect(undo.statusCode).toBe(200);
  expect(undo.json()).toMatchObject({ action: 'remove', reply: 'withdrawal', to: 'anna@bruecken-kyjiw.de', changedSince: null });
  expect(await jobState('withdraw-r1-0')).toBe('missing');
  expect(await statuses('r1-0', 'e1-0')).toEqual(['pending', 'approved']);
  // The original's confirmation, cancelled by the removal, waits again.
  expect(await jobState('confirm-e1-0')).toBe('delayed');
  for (const id of ['r1-0', 'e1-0']) {
    expect((await w.store.getItem(id))!.history.at(-1)).toMatchObject({ by: 'alice', action: 'undo', detail: 'remove undone; the withdrawal to anna@bruecken-kyjiw.de was not sent' });
  }
  expect((await api('GET', '/api/endorsements')).json().map((r: { id: string }) => r.id)).toEqual(['e1-0']);
  const again = await api('POST', '/api/endorsements/r1-0/undo');
  expect(again.statusCode).toBe(409);
  expect(again.json().code).toBe('nothing_to_undo');
});

test('remove from the list also withdraws the signer\'s endorsements flagged as its duplicates; Undo puts them back too', async () => {
  await seed(w, message('d1', '2026-03-01T10:00:00.000Z'), [item({ organisation: 'Friedensnetz Köln e.V.', country: 'DE', website: 'friedensnetz-koeln.de', contactEmail: 'info@friedensnetz-koeln.de' })]);
  await seed(w, message('d2', '2026-03-02T10:00:00.000Z'), [item({ organisation: 'Friedensnetz Koeln', country: 'DE', website: 'friedensnetz-koeln.de', contactEmail: 'info@friedensnetz-koeln.de' })]);
  await seed(w, message('d3', '2026-03-03T10:00:00.000Z'), [item({ organisation: 'Friedensnetz Köln (Jugend)', country: 'DE', website: null, contactEmail: 'jugend@friedensnetz-koeln.de' })]);
  await seed(w, message('r3', '2026-03-04T10:00:00.000Z', { kind: 'withdrawal' }), [item({ organisation: 'Friedensnetz Köln', country: 'DE', website: null, contactEmail: 'info@friedensnetz-koeln.de', kind: 'withdrawal' })]);
  await w.store.setDuplicate('d2-0', 'd1-0', 'alice');
  for (const id of ['d1-0', 'd2-0', 'd3-0']) expect((await api('POST', `/api/endorsements/${id}/approve`)).statusCode).toBe(200);
  // Two spellings of one signer are two public names: the list folds only exact repeats.
  expect((await page('/export/endorsements.html')).body).toContain('Friedensnetz Koeln');

  expect((await api('POST', '/api/endorsements/r3-0/link', { of: 'd1-0' })).statusCode).toBe(200);
  const res = await api('POST', '/api/endorsements/r3-0/remove');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ original: { id: 'd1-0', status: 'withdrawn' }, originalWas: 'approved', duplicates: [{ id: 'd2-0', was: 'approved' }] });
  // Both spellings leave the list; an endorsement not flagged as a duplicate stays.
  expect(await statuses('d1-0', 'd2-0', 'd3-0')).toEqual(['withdrawn', 'withdrawn', 'approved']);
  const list = (await page('/export/endorsements.html')).body;
  expect(list).not.toContain('Friedensnetz Koeln');
  expect(list).not.toContain('Friedensnetz Köln e.V.');
  expect(list).toContain('Friedensnetz Köln (Jugend)');
  expect((await w.store.getItem('d2-0'))!.history.at(-1)).toMatchObject({ by: 'alice', action: 'withdraw', detail: 'at the request of r3-0' });
  expect(await jobState('confirm-d2-0')).toBe('missing');

  expect((await api('POST', '/api/endorsements/r3-0/undo')).statusCode).toBe(200);
  expect(await statuses('r3-0', 'd1-0', 'd2-0', 'd3-0')).toEqual(['pending', 'approved', 'approved', 'approved']);
  expect(await jobState('confirm-d2-0')).toBe('delayed');
});

test('the item page: confirm the match, "Remove from the list · emails the requester", the notice says what goes to whom, Undo', async () => {
  await w.store.linkWithdrawal('r1-0', null, 'alice');
  const confirm = await form('/items/r1-0/link', { of: 'e1-0' });
  expect(confirm.headers.location).toBe('/items/r1-0?done=linked');
  expect((await w.store.getItem('r1-0'))!.withdraws).toBe('e1-0');
  // The queue (read through its cache of decoded items) sees the link at once.
  const queue = (await page('/')).body;
  const row = (id: string) => /<tr data-id="[^"]+">[\s\S]*?<\/tr>/g.exec(queue.slice(queue.indexOf(`<tr data-id="${id}">`)))![0];
  expect(row('r1-0')).not.toContain('not linked');
  expect(row('r2-0')).toContain('<span class="flag">not linked</span>');
  expect((await page('/items/r1-0')).body).toContain('Remove from the list · emails the requester');
  const removed = await form('/items/r1-0/remove');
  expect(removed.headers.location).toBe('/items/r1-0?done=removed');
  const after = (await page('/items/r1-0?done=removed')).body;
  expect(after).toMatch(/<span class="undo-text">Withdrawal confirmation to anna@bruecken-kyjiw\.de in (60|59) s<\/span> — <form method="post" action="\/items\/r1-0\/undo"/);
  expect(await statuses('r1-0', 'e1-0')).toEqual(['withdrawn', 'withdrawn']);
  const undone = await form('/items/r1-0/undo', { back: '/items/r1-0' });
  expect(undone.headers.location).toBe('/items/r1-0?done=undone');
  expect(await statuses('r1-0', 'e1-0')).toEqual(['pending', 'approved']);
  expect(await jobState('withdraw-r1-0')).toBe('missing');
  expect((await page('/items/r1-0?done=undone')).body).not.toContain('undo-text');
});

test('approve from the queue: back to the queue with the pending confirmation and its Undo; Reopen within the window cancels the mail too', async () => {
  const res = await form('/items/e2-0/action', { action: 'approve', back: '/?status=pending' });
  expect(res.headers.location).toBe('/?status=pending&done=approve&undo=e2-0');
  const q = (await page(res.headers.location as string)).body;
  expect(q).toMatch(/Confirmation to o@other\.example in (60|59) s/);
  expect(q).toContain('action="/items/e2-0/undo"');
  expect(await jobState('confirm-e2-0')).toBe('delayed');
  expect((await page('/items/e2-0')).body).toContain('Reopen · no mail');
  await form('/items/e2-0/action', { action: 'reopen', back: '/items/e2-0' });
  expect(await jobState('confirm-e2-0')).toBe('missing');
  expect((await api('GET', '/api/endorsements/e2-0/undo')).statusCode).toBe(404);
});

test('bulk approval: one notice and one Undo per confirmation waiting', async () => {
  await seed(w, message('b1', '2026-01-03T10:00:00.000Z'), [item({ organisation: 'Bulk One', contactEmail: 'one@bulk.example' }), item({ organisation: 'Bulk Two', contactEmail: 'two@bulk.example' })]);
  const res = await form('/bulk/approve', { id: ['b1-0', 'b1-1'], back: '/' });
  expect(res.headers.location).toBe('/?done=bulk&undo=b1-0&undo=b1-1');
  const q = (await page(res.headers.location as string)).body;
  expect([...q.matchAll(/<span class="undo-text">Confirmation to (\S+) in/g)].map((m) => m[1])).toEqual(['one@bulk.example', 'two@bulk.example']);
  await form('/items/b1-1/undo', { back: '/' });
  expect(await jobState('confirm-b1-1')).toBe('missing');
  expect(await jobState('confirm-b1-0')).toBe('delayed');
  expect(await statuses('b1-0', 'b1-1')).toEqual(['approved', 'pending']);
});

test('undo after a colleague changed the item: the mail stays cancelled and their change stays', async () => {
  await api('POST', '/api/endorsements/e2-0/approve');
  await w.store.transition('e2-0', 'reject', 'bob', 'fake');
  // A rejection through the store alone (not the workflow) leaves the job: Undo still cancels it.
  const res = await api('POST', '/api/endorsements/e2-0/undo');
  expect(res.json()).toMatchObject({ action: 'approve', changedSince: { id: 'e2-0', status: 'rejected' } });
  expect(await jobState('confirm-e2-0')).toBe('missing');
  expect(await statuses('e2-0')).toEqual(['rejected']);
  await api('POST', '/api/endorsements/e2-0/reopen');
});

test('too late: once a worker has taken the reply, Undo is refused and nothing changes', async () => {
  const fast = await world({ undoSeconds: 1 });
  await seed(fast, message('t1', '2026-03-01T10:00:00.000Z'), [item({ contactEmail: 'fast@example.org' })]);
  const token = await fast.users.accounts.add('carol', 'carol password 1').then(() => fast.users.accounts.createToken('carol'));
  const call = (url: string) => fast.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: {} });
  expect((await call('/api/endorsements/t1-0/approve')).statusCode).toBe(200);
  // A real worker on the same queue; its processor records the run instead of sending (the mail side has its own tests).
  const ran: string[] = [];
  const connection = fast.redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker(REPLY_QUEUE, async (job) => { ran.push(job.id!); }, { connection, prefix: fast.prefix });
  try {
    const deadline = Date.now() + 15_000;
    while (!ran.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ran).toEqual(['confirm-t1-0']);
    const res = await call('/api/endorsements/t1-0/undo');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'too_late' });
    expect(res.json().message).toContain('the confirmation to fast@example.org has gone out or is being sent');
    expect((await fast.store.getItem('t1-0'))!.status).toBe('approved');
  } finally {
    await worker.close();
    connection.disconnect();
  }
});

test('with REVIEW_UNDO_SECONDS 0 the reply is queued at once and there is no undo', async () => {
  const now = await world({ undoSeconds: 0 });
  await seed(now, message('n1', '2026-03-02T10:00:00.000Z'), [item()]);
  const token = await now.users.accounts.add('dave', 'dave password 1').then(() => now.users.accounts.createToken('dave'));
  await now.app.inject({ method: 'POST', url: '/api/endorsements/n1-0/approve', headers: { authorization: `Bearer ${token}` }, payload: {} });
  expect(await (await now.replyQueue.getJob('confirm-n1-0'))!.getState()).toBe('waiting');
  expect(await now.store.undos.get('n1-0')).toBeNull();
});

test('link and remove state the version they saw: a stale one is refused with 409 and nothing changes', async () => {
  await seed(w, message('e9', '2026-03-01T10:00:00.000Z'), [item({ organisation: 'Versioned Org', country: 'PL', contactEmail: 'v@versioned.example', website: 'versioned.example' })]);
  await seed(w, message('r9', '2026-03-02T10:00:00.000Z', { kind: 'withdrawal' }), [item({ organisation: 'Versioned Org', contactEmail: 'v@versioned.example', website: null, kind: 'withdrawal' })]);
  const v0 = (await w.store.getItem('r9-0'))!.version!;
  expect((await api('POST', '/api/endorsements/r9-0/link', { of: 'e9-0', version: v0 })).statusCode).toBe(200);
  // The same version again: a colleague's link moved the request on since.
  const stale = await api('POST', '/api/endorsements/r9-0/link', { of: null, version: v0 });
  expect(stale.statusCode).toBe(409);
  expect(stale.json()).toMatchObject({ code: 'stale_version', currentVersion: v0 + 1 });
  expect((await w.store.getItem('r9-0'))!.withdraws).toBe('e9-0');
  const removeStale = await w.app.inject({ method: 'POST', url: '/api/endorsements/r9-0/remove', headers: { ...auth, 'if-match': `"${v0}"` }, payload: {} });
  expect(removeStale.statusCode).toBe(409);
  expect(await statuses('r9-0', 'e9-0')).toEqual(['pending', 'pending']);
  // On the page, a stale removal re-renders the item with the conflict instead of removing.
  const pageStale = await form('/items/r9-0/remove', { version: String(v0) });
  expect(pageStale.statusCode).toBe(409);
  expect(pageStale.body).toContain('Not saved: this item changed since you opened it');
  const removed = await api('POST', '/api/endorsements/r9-0/remove', { version: v0 + 1 });
  expect(removed.statusCode).toBe(200);
  expect(await statuses('r9-0', 'e9-0')).toEqual(['withdrawn', 'withdrawn']);
});

test('the undo notice names the address the confirmation goes to, by the reply service\'s rule (REPLY_AUTHSERV_ID)', async () => {
  // List mail: From is the list, Reply-To the sender's own; no contact was extracted.
  const viaList = { from: 'Jane Doe <jane@lists.example.com>', replyTo: 'Jane Doe <jane@peace.example.org>' };
  const ours = await world({ undoSeconds: 60, recipients: { authservId: 'mx.ours.example' } });
  await login(ours);
  const token = `Bearer ${await ours.users.accounts.createToken('alice')}`;
  const approve = async (key: string, authResults: string) => {
    await seed(ours, message(key, '2026-03-05T10:00:00.000Z', { ...viaList, authResults: [authResults] }), [item({ organisation: `List Org ${key}`, contactEmail: null })]);
    expect((await ours.app.inject({ method: 'POST', url: `/api/endorsements/${key}-0/approve`, headers: { authorization: token }, payload: {} })).statusCode).toBe(200);
    return (await ours.app.inject({ method: 'GET', url: `/api/endorsements/${key}-0/undo`, headers: { authorization: token } })).json() as { to: string };
  };
  // Our own server saw the Reply-To's domain sign the message: the reply goes there.
  expect((await approve('l1', 'mx.ours.example; dkim=pass header.d=peace.example.org')).to).toBe('jane@peace.example.org');
  // Another server's word proves nothing: the reply goes to From.
  expect((await approve('l2', 'mx.elsewhere.example; dkim=pass header.d=peace.example.org')).to).toBe('jane@lists.example.com');
});
