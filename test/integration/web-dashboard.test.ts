/**
 * GET /dashboard against a real Redis: strangers are sent to the login page, the page carries the
 * strict CSP and no inline code, and its tables show the numbers of the records seeded here (counted
 * by hand below), in UTC and in another time zone.
 */
import { createQuestionInbox } from '../../src/questions/inbox';
import { acknowledgementCounts } from '../../src/review/campaign-reads';
import { buildApp } from '../../src/web/app';
import { saveAnswer, saveQuestion, setQuestionReply } from '../../src/replies/questions';
import { CSP } from '../../src/web/security';
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let l: Login;

beforeAll(async () => {
  w = await world();
  l = await login(w);
  await seed(w, message('m1', '2026-03-01T10:00:00.000Z', { reply: 'sent', acknowledged: true }), [
    item({ organisation: 'Kyiv Peace Union', country: 'UA' }), item({ organisation: 'Lviv Choir', country: 'UA' }),
  ]);
  // 23:30 UTC: 1 March in UTC, 2 March in Kyiv.
  await seed(w, message('m2', '2026-03-01T23:30:00.000Z', { reply: 'sent', acknowledged: true }), [item({ organisation: 'Krakow Friends', country: 'PL' })]);
  await seed(w, message('m3', '2026-03-03T08:00:00.000Z', { reply: 'failed' }), [item({ organisation: 'Nowhere Group', country: null })]);
  await seed(w, message('m4', '2026-03-03T09:00:00.000Z', { kind: 'withdrawal', reply: 'none' }), [item({ organisation: 'Kyiv Peace Union', kind: 'withdrawal', country: 'UA' })]);
  await seed(w, message('s1', '2026-03-03T10:00:00.000Z', { kind: 'spam', reply: 'suppressed' }), []);
  const q1 = message('q1', '2026-03-03T11:00:00.000Z', { kind: 'question', reply: 'none', text: 'Can our town sign?', asked: ['Can our town sign?'] });
  await seed(w, q1, []);
  await w.store.transition('m1-0', 'approve', 'alice');
  await w.store.transition('m2-0', 'approve', 'alice');
  await w.store.transition('m3-0', 'reject', 'alice');
  await w.store.setItemReply('m2-0', 'sent');
  // An organiser asked m1's sender something (it failed) and answered q1's question (sent).
  const inbox = createQuestionInbox(w.redis, w.prefix);
  await inbox.ensure((await w.store.getMessage('m1'))!, 'alice');
  const asked = await saveQuestion(w.redis, w.prefix, { messageKey: 'm1', text: 'Which city are you in?', by: 'alice' });
  await setQuestionReply(w.redis, w.prefix, asked.id, 'failed', '550 no such user');
  await inbox.openFor(q1);
  const answered = await saveAnswer(w.redis, w.prefix, { messageKey: 'q1', text: 'Yes, it can.', by: 'alice' });
  await setQuestionReply(w.redis, w.prefix, answered.id, 'sent');
});

const get = (url: string) => w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });

/** The rows of one table of the page: first cell (or the row's data attribute) to the numbers after it. */
function rows(body: string, tableId: string, attr: string): Record<string, number[]> {
  const table = new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`).exec(body);
  if (!table) throw new Error(`no table ${tableId}`);
  const out: Record<string, number[]> = {};
  for (const m of table[1]!.matchAll(new RegExp(`<tr ${attr}="([^"]+)">([\\s\\S]*?)</tr>`, 'g'))) {
    out[m[1]!] = [...m[2]!.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((c) => Number(c[1]!.replace('%', '')));
  }
  return out;
}

test('strangers are sent to the login page', async () => {
  const res = await w.app.inject({ method: 'GET', url: '/dashboard' });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toMatch(/^\/login(\?|$)/);
});

test('the page: strict CSP, no inline script or style, linked from the navigation', async () => {
  const res = await get('/dashboard');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-security-policy']).toBe(CSP);
  expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
  expect(res.body).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/app\.js")|style=|\son\w+=/);
  expect(res.body.match(/<svg class="chart" role="img" aria-label="[^"]+"/g)).toHaveLength(5);
  expect(res.body).toContain('<a href="/dashboard" aria-current="page">Dashboard</a>');
  expect((await get('/')).body).toContain('<a href="/dashboard">Dashboard</a>');
});

test('per day (UTC), by country, by kind, funnel and replies', async () => {
  const { body } = await get('/dashboard');
  expect(rows(body, 'days-table', 'data-day')).toEqual({ '2026-03-01': [3, 2], '2026-03-02': [0, 0], '2026-03-03': [1, 0] });
  expect(rows(body, 'countries-table', 'data-country')).toEqual({ UA: [2, 1], PL: [1, 1], none: [1, 0] });
  expect(body).toMatch(/<tr data-country="UA"><th scope="row">Ukraine<\/th>/);
  const kinds = rows(body, 'kinds-table', 'data-kind');
  expect(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v[0]]))).toEqual({
    endorsement: 3, withdrawal: 1, question: 1, auto_reply: 0, bounce: 0, bulk: 0, spam: 1,
  });
  const funnel = rows(body, 'funnel-table', 'data-step');
  expect(Object.fromEntries(Object.entries(funnel).map(([k, v]) => [k, v[0]]))).toEqual({
    mail: 6, 'endorsement-mail': 3, signers: 4, approved: 2, published: 2,
  });
  // sent, suppressed, failed, queued
  expect(rows(body, 'replies-table', 'data-reply')).toEqual({
    acknowledgement: [2, 1, 1, 0], confirmation: [1, 0, 0, 0], withdrawal: [0, 0, 0, 0], 'needs-information': [0, 0, 1, 0], answer: [1, 0, 0, 0],
  });
});

test('days in Kyiv: the 23:30 UTC endorsement belongs to 2 March', async () => {
  const { body } = await get('/dashboard?tz=Europe%2FKyiv');
  expect(rows(body, 'days-table', 'data-day')).toEqual({ '2026-03-01': [2, 1], '2026-03-02': [1, 1], '2026-03-03': [1, 0] });
  expect(body).toContain('value="Europe/Kyiv"');
});

test('an unknown time zone is a 400 page naming the field', async () => {
  const res = await get('/dashboard?tz=Mars%2FOlympus');
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('tz');
});

test('a review change shows on the next view', async () => {
  await w.store.transition('m1-1', 'approve', 'alice');
  const { body } = await get('/dashboard');
  expect(rows(body, 'days-table', 'data-day')['2026-03-01']).toEqual([3, 3]);
  expect(rows(body, 'countries-table', 'data-country').UA).toEqual([2, 2]);
});

test('acknowledgement states counted inside Redis, across call boundaries, equal the store\'s own list', async () => {
  const listed: Record<string, number> = {};
  for (const { reply } of await w.store.replyStates()) listed[reply] = (listed[reply] ?? 0) + 1;
  expect(listed).toEqual({ sent: 2, failed: 1, none: 2, suppressed: 1 });
  for (const chunk of [1, 2, 4, 1000]) expect(await acknowledgementCounts(w.redis, w.prefix, chunk)).toEqual(listed);
});

test('an app without a Redis of its own for replies counts the acknowledgements through the store', async () => {
  const app = await buildApp({ store: w.store, users: w.users, config: { APPEAL_TITLE: 'Peace Appeal', REPLIES: false } });
  try {
    const { id } = await w.users.sessions.create('alice');
    const res = await app.inject({ method: 'GET', url: '/dashboard', cookies: { sid: id } });
    expect(res.statusCode).toBe(200);
    expect(rows(res.body, 'replies-table', 'data-reply')).toEqual({
      acknowledgement: [2, 1, 1, 0], confirmation: [1, 0, 0, 0], withdrawal: [0, 0, 0, 0], 'needs-information': [0, 0, 0, 0], answer: [0, 0, 0, 0],
    });
  } finally {
    await app.close();
  }
});
