/**
 * The server-rendered pages against a real Redis: the queue (order, filters, search, counts), the
 * item page and its forms (actions, edits, bulk approval), the messages pages, the exports, and
 * hostile sender input (markup, event handlers, javascript: links) shown only as escaped text.
 */
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let l: Login;
const HOSTILE_ORG = '<script>alert(1)</script>Evil Org';
const HOSTILE_SUBJECT = '<img src=x onerror=alert(2)> Endorsement';
const HOSTILE_TEXT = 'We endorse. <a href="javascript:alert(3)">click</a> <img src="https://tracker.example/p.gif"> <style>body{background:url(https://tracker.example/c)}</style>';

beforeAll(async () => {
  w = await world();
  l = await login(w);
  await seed(w, message('a1', '2026-01-01T10:00:00.000Z'), [item({ organisation: 'Calm Certain Org', country: 'GB', confidence: 0.95 })]);
  await seed(w, message('a2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Unsure Org', country: 'DE', language: 'de', confidence: 0.3 })]);
  await seed(w, message('a3', '2026-01-03T10:00:00.000Z', { subject: HOSTILE_SUBJECT, text: HOSTILE_TEXT, from: '"<b>x</b>" <x@evil.example>', reasons: ['<i>reason</i>'], attachments: [{ filename: '<svg onload=alert(4)>.pdf', contentType: 'application/pdf', size: 1234 }] }),
    [item({ organisation: HOSTILE_ORG, country: 'UA', website: 'evil.example', evidence: { organisation: { source: 'body', confidence: 0.9, snippet: '<script>alert(1)</script>' } } })]);
  await seed(w, message('a4', '2026-01-04T10:00:00.000Z', { kind: 'withdrawal' }), [item({ organisation: 'Leaving Org', kind: 'withdrawal', country: 'FR' })]);
  await seed(w, message('s1', '2026-01-05T10:00:00.000Z', { kind: 'spam', subject: 'Cheap pills' }), []);
});

const page = (url: string) => w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });
const form = (url: string, payload: Record<string, string | string[]>) =>
  w.app.inject({ method: 'POST', url, cookies: { sid: l.cookie }, payload: { _csrf: l.csrf, ...payload } });
/** Signer names in the order the queue table shows them. */
const order = (body: string) => [...body.matchAll(/<a class="open" href="\/items\/[^"]+">([^<]*)<\/a>/g)].map((m) => m[1]);

describe('queue page', () => {
  test('pending only by default, withdrawal requests first, then doubtful, then as received; counts per status', async () => {
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(order(res.body)).toEqual(['Leaving Org', 'Unsure Org', 'Calm Certain Org', '&#60;script&#62;alert(1)&#60;/script&#62;Evil Org']);
    expect(res.body).toContain('pending (4)');
    expect(res.body).toContain('approved (0)');
    expect(res.body).toContain('all (4)');
  });

  test('filters by kind, country and language, and searches', async () => {
    expect(order((await page('/?kind=withdrawal')).body)).toEqual(['Leaving Org']);
    expect(order((await page('/?country=de')).body)).toEqual(['Unsure Org']);
    expect(order((await page('/?language=de')).body)).toEqual(['Unsure Org']);
    expect(order((await page('/?q=CALM')).body)).toEqual(['Calm Certain Org']);
    expect(order((await page('/?q=nothing-matches')).body)).toEqual([]);
  });

  test('a malformed filter is a 400 page that says what is wrong', async () => {
    const res = await page('/?status=finished');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('status');
  });
});

describe('item page and forms', () => {
  test('shows fields with their evidence, the message text, reasons and history', async () => {
    const res = await page('/items/a1-0');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="Calm Certain Org"');
    expect(res.body).toContain('from body, confidence 0.90');
    expect(res.body).toContain('<mark>Acme Peace Network endorses</mark>');
    expect(res.body).toContain('says &#34;we endorse&#34;');
    expect(res.body).toMatch(/<td>intake<\/td><td>received/);
  });

  test('item and message pages show the weighed signals behind the kind, escaped', async () => {
    const signals = [{ name: 'endorse-word', weight: 2, text: 'unterstützen' }, { name: 'question', weight: -3, text: '<b>können wir?</b>' }];
    // A world of its own: the other tests count this file's seeded messages.
    const own = await world();
    const ownLogin = await login(own);
    const [id] = await seed(own, message('sig1', '2026-11-02T10:00:00.000Z', { signals }), [item()]);
    for (const url of [`/items/${id}`, '/messages/sig1']) {
      const res = await own.app.inject({ method: 'GET', url, cookies: { sid: ownLogin.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<tr><td>endorse-word</td><td>+2</td><td>unterstützen</td></tr>');
      expect(res.body).toContain('<tr><td>question</td><td>-3</td><td>&#60;b&#62;können wir?&#60;/b&#62;</td></tr>');
    }
  });

  test('approve through the form: redirect back with a notice; the item is approved by the logged-in user', async () => {
    const res = await form('/items/a1-0/action', { action: 'approve', back: '/items/a1-0' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/items/a1-0?done=approve');
    expect((await page(res.headers.location as string)).body).toContain('Approved.');
    const it = (await w.store.getItem('a1-0'))!;
    expect(it.status).toBe('approved');
    expect(it.history.at(-1)).toMatchObject({ by: 'alice', action: 'approve' });
    expect(await w.replyQueue.getJob('confirm-a1-0')).toBeDefined();
  });

  test('an illegal action through the form is a 409 page', async () => {
    const res = await form('/items/a1-0/action', { action: 'approve' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('is approved, so it cannot be approved');
  });

  test('reject with a reason, then reopen (undo)', async () => {
    await form('/items/a4-0/action', { action: 'reject', reason: 'duplicate of another' });
    expect((await w.store.getItem('a4-0'))!).toMatchObject({ status: 'rejected', reason: 'duplicate of another' });
    expect((await page('/items/a4-0')).body).toContain('Reason: duplicate of another');
    await form('/items/a4-0/action', { action: 'reopen' });
    expect((await w.store.getItem('a4-0'))!.status).toBe('pending');
  });

  test('edit through the form; a bad value is refused with the reason', async () => {
    const ok = await form('/items/a2-0/edit', { signerType: 'organisation', organisation: 'Sure Org e.V.', name: '', country: 'at', website: '', contactName: 'Jane Doe', contactEmail: 'jane@example.net' });
    expect(ok.statusCode).toBe(303);
    expect((await w.store.getItem('a2-0'))!).toMatchObject({ organisation: 'Sure Org e.V.', country: 'AT', website: null });
    const bad = await form('/items/a2-0/edit', { country: 'Atlantis' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a country we know');
    expect((await w.store.getItem('a2-0'))!.country).toBe('AT');
  });

  test('bulk approve of the selected items; a withdrawal request among them is refused, never approved', async () => {
    const res = await form('/bulk/approve', { id: ['a2-0', 'a4-0'], back: '/?status=pending' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Approved 1 of 2; not approved: a4-0');
    expect((await w.store.getItem('a2-0'))!.status).toBe('approved');
    expect((await w.store.getItem('a4-0'))!.status).toBe('pending');
    expect((await w.store.getItem('a3-0'))!.status).toBe('pending');
  });

  test('bulk approve states each row\'s version: an item a colleague changed since is left for a second look', async () => {
    const { version: before, country } = (await w.store.getItem('a3-0'))!;
    const row = /<tr data-id="a3-0">[\s\S]*?<\/tr>/.exec((await page('/')).body)![0];
    expect(row).toContain(`name="v:a3-0" value="${before!}"`);
    await w.store.editItem('a3-0', { country: 'PL' }, 'maria');
    const res = await form('/bulk/approve', { id: ['a3-0'], 'v:a3-0': String(before!), back: '/' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Approved 0 of 1; not approved: a3-0');
    expect(res.body).toContain('maria');
    expect((await w.store.getItem('a3-0'))!.status).toBe('pending');
    await w.store.editItem('a3-0', { country }, 'maria');
  });

  test('mark as duplicate from the item page: the queue flags it; "not a duplicate" clears it', async () => {
    const res = await form('/items/a3-0/duplicate', { of: 'a1-0' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/items/a3-0?done=duplicate');
    expect((await w.store.getItem('a3-0'))!.duplicateOf).toBe('a1-0');
    expect((await page('/items/a3-0')).body).toContain('possible duplicate</span> of <a href="/items/a1-0">a1-0</a>');
    expect((await page('/')).body).toMatch(/<tr data-id="a3-0">[\s\S]*?possible duplicate[\s\S]*?<\/tr>/);
    const bad = await form('/items/a3-0/duplicate', { of: 'a b' });
    expect(bad.statusCode).toBe(400);
    await form('/items/a3-0/duplicate', { of: '' });
    expect((await w.store.getItem('a3-0'))!.duplicateOf).toBeNull();
  });

  test('unknown item: 404 page', async () => {
    expect((await page('/items/zz-9')).statusCode).toBe(404);
  });
});

describe('hostile sender input is shown as text, never markup', () => {
  const NO_SENDER_MARKUP = /<script>alert|<img src|onerror=alert|<svg|<style>body|<b>x<\/b>|<i>reason|href="javascript:/i;

  test.each(['/', '/?status=all', '/items/a3-0', '/messages', '/messages/a3', '/export'])('%s', async (url) => {
    const res = await page(url);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(NO_SENDER_MARKUP);
    // No link or resource to another host appears anywhere in our pages.
    expect(res.body).not.toMatch(/(?:href|src|action)="(?:https?:)?\/\//i);
  });

  test('the item page shows the escaped text where a reader can see it', async () => {
    const body = (await page('/items/a3-0')).body;
    expect(body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;Evil Org');
    expect(body).toContain('&#60;img src&#61;x onerror&#61;alert(2)&#62; Endorsement');
    expect(body).toContain('&#60;a href&#61;&#34;javascript:alert(3)&#34;&#62;click&#60;/a&#62;');
    expect(body).toContain('&#60;svg onload&#61;alert(4)&#62;.pdf');
  });

  test('the HTML export carries no sender markup', async () => {
    await w.store.transition('a3-0', 'approve', 'test');
    const res = await page('/export/endorsements.html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="endorsements-approved.html"');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;Evil Org');
    expect(res.body.replace(/<\/?(div|p|section|h3|h4|ul|li|span)( class="[a-z-]+")?( lang="[a-z-]+")?>/gi, '')).not.toMatch(/[<>]/);
  });
});

describe('messages and exports', () => {
  test('the messages page lists every message with counts by kind, and filters by kind', async () => {
    const all = (await page('/messages')).body;
    expect(all).toContain('all (5)');
    expect(all).toContain('spam (1)');
    expect(all).toContain('Cheap pills');
    const spam = (await page('/messages?kind=spam')).body;
    expect(spam).toContain('Cheap pills');
    expect(spam).not.toContain('Leaving Org');
    expect((await page('/messages/s1')).body).toContain('Cheap pills');
    expect((await page('/messages/nope')).statusCode).toBe(404);
  });

  test('CSV and JSON downloads hold the approved items by default, every item with status=all', async () => {
    const csv = await page('/export/endorsements.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('id,status,signerType,organisation,name,country,website,contactName,contactEmail,messageId,receivedAt,duplicateOf');
    const approvedIds = (await w.store.listItems({ status: 'approved' })).map((i) => i.id).sort();
    expect(JSON.parse((await page('/export/endorsements.json')).body).map((r: { id: string }) => r.id).sort()).toEqual(approvedIds);
    expect(JSON.parse((await page('/export/endorsements.json?status=all')).body)).toHaveLength(4);
  });

  test('a signer added by hand on a message page becomes a pending item', async () => {
    const msgPage = (await page('/messages/s1')).body;
    expect(msgPage).toContain('Add a signer by hand');
    // The contact defaults to the sender's address.
    expect(msgPage).toContain('<input id="a-contactEmail" name="contactEmail" value="jane@example.net">');
    const res = await form('/messages/s1/signers', { signerType: 'organisation', organisation: 'Hidden Real Org', name: '', country: 'se', website: '', contactName: '', contactEmail: 'real@org.example' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/items/s1-0?done=added');
    expect((await page(res.headers.location as string)).body).toContain('Signer added; it waits for review.');
    expect((await w.store.getItem('s1-0'))!).toMatchObject({ organisation: 'Hidden Real Org', country: 'SE', status: 'pending', messageKey: 's1' });
    await w.store.transition('s1-0', 'reject', 'test', 'cleanup');
  });
});
