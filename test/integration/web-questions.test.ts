/**
 * The questions inbox and the messages page through the app (inject), on a real Redis and, where
 * mail is sent, the real reply service and an SMTP sink: which messages become questions, states,
 * notes, assignment, saved replies, an answer sent as written in the thread, the sent reply readable
 * on the message page, and the messages list searched, filtered and paged by keyset.
 */
import { join } from 'node:path';
import { replyPayload } from '../../src/jobs/queues';
import { processReply } from '../../src/jobs/reply';
import { createQuestionInbox, type QuestionInbox } from '../../src/questions/inbox';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createReplyService } from '../../src/replies/service';
import type { MessageRecord } from '../../src/review/types';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

let w: World;
let me: Login;
let inbox: QuestionInbox;
let sink: SmtpSink;
let mailer: Mailer;

const question = (key: string, at: string, over: Partial<MessageRecord> = {}) => message(key, at, {
  kind: 'question', subject: 'Can local groups sign?', acknowledgeDue: false, reply: 'none', reasons: ['asks a question'],
  text: 'Hello,\nCan local groups sign, or only national ones?\nMaria', asked: ['Can local groups sign, or only national ones?'],
  from: 'Maria Rossi <maria@pace.example>', messageId: `<${key}@pace.example>`, references: ['<call-1@appeal.example>', `<${key}@pace.example>`], language: 'it', ...over,
});

async function seedQuestion(rec: MessageRecord): Promise<void> {
  await seed(w, rec, []);
  await inbox.openFor(rec);
}

/** An attribute value as the browser reads it (the page escapes `=` and `&`). */
const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
const get = (url: string, who: Login = me) => w.app.inject({ method: 'GET', url, cookies: { sid: who.cookie } });
const post = (url: string, payload: Record<string, string>, who: Login = me) =>
  w.app.inject({ method: 'POST', url, cookies: { sid: who.cookie }, payload: { _csrf: who.csrf, ...payload } });

beforeAll(async () => {
  w = await world();
  me = await login(w, 'alice');
  inbox = createQuestionInbox(w.redis, w.prefix);
  sink = await startSmtpSink();
  mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
}, 60_000);

afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await closeAll();
});

test('questions and endorsements that also ask are in the inbox; plain endorsements are not; the header counts them', async () => {
  await seedQuestion(question('q1', '2026-02-01T10:00:00.000Z'));
  const alsoAsks = message('e1', '2026-02-02T10:00:00.000Z', { asked: ['May we send a speaker to the rally?'], reasons: ['endorsing wording', 'also asks something: needs a personal answer too'] });
  await seed(w, alsoAsks, [item()]);
  expect(await inbox.openFor(alsoAsks)).toMatchObject({ origin: 'also-asks', state: 'open' });
  const plain = message('e2', '2026-02-03T10:00:00.000Z');
  await seed(w, plain, [item()]);
  expect(await inbox.openFor(plain)).toBeNull();
  // Opening again (a re-run intake job) changes nothing.
  await inbox.openFor(question('q1', '2026-02-01T10:00:00.000Z'));

  const list = await get('/questions');
  expect(list.statusCode).toBe(200);
  expect(list.body).toContain('Can local groups sign, or only national ones?');
  expect(list.body).toContain('May we send a speaker to the rally?');
  expect(list.body).toContain('in an endorsement');
  expect(list.body).not.toContain('/questions/e2');
  expect(list.body).toMatch(/open \(2\)/);
  // Every page's header carries the count.
  for (const url of ['/', '/messages', '/messages/e2', '/export']) expect((await get(url)).body).toContain('Questions (2 open)');
});

test('notes, assignment (with the "mine" filter), close and reopen; a stale move is refused with 409', async () => {
  await seedQuestion(question('q2', '2026-02-04T10:00:00.000Z', { subject: 'Deadline?' }));
  expect((await post('/questions/q2/notes', { text: 'Asked the legal team, wait for them.' })).headers.location).toBe('/questions/q2?done=note');
  expect((await post('/questions/q2/assign', { assignee: 'bob' })).statusCode).toBe(303);
  let page = (await get('/questions/q2')).body;
  expect(page).toContain('Asked the legal team, wait for them.');
  expect(page).toMatch(/<dt>Assigned to<\/dt><dd>bob/);
  expect((await get('/questions?mine=1')).body).not.toContain('/questions/q2');
  await post('/questions/q2/assign', { assignee: 'alice' });
  expect((await get('/questions?mine=1')).body).toContain('/questions/q2');

  expect((await post('/questions/q2/close', {})).headers.location).toBe('/questions/q2?done=close');
  expect(await inbox.get('q2')).toMatchObject({ state: 'closed', assignee: 'alice' });
  expect((await get('/questions?state=closed')).body).toContain('/questions/q2');
  expect((await get('/questions')).body).not.toContain('/questions/q2');
  const stale = await post('/questions/q2/close', {});
  expect(stale.statusCode).toBe(409);
  expect(stale.body).toContain('This question is closed now');
  await post('/questions/q2/reopen', {});
  expect((await inbox.get('q2'))!.state).toBe('open');
  page = (await get('/questions/q2')).body;
  expect(page).toMatch(/alice<\/span> closed/);
  expect(page).toMatch(/alice<\/span> reopened/);
  expect((await get('/questions/nope')).statusCode).toBe(404);
});

test('saved replies per language: saved, picked into the composer, replaced by title, deleted', async () => {
  await seedQuestion(question('q3', '2026-02-05T10:00:00.000Z'));
  await post('/questions/saved', { language: 'it', title: 'Local groups', text: 'Sì, anche i gruppi locali possono firmare.', back: '/questions/q3' });
  await post('/questions/saved', { language: 'en', title: 'Local groups', text: 'Yes, local groups can sign too.', back: '/questions/q3' });
  await post('/questions/saved', { language: 'it', title: 'Local groups', text: 'Sì, i gruppi locali possono firmare.', back: '/questions/q3' });
  expect((await post('/questions/saved', { language: 'Italian!', title: 'x', text: 'y' })).statusCode).toBe(400);
  const page = (await get('/questions/q3')).body;
  const use = [...page.matchAll(/href="(\/questions\/q3\?reply[^"]+)"/g)].map((m) => unescape(m[1]!));
  expect(use.every((u) => u.endsWith('#composer'))).toBe(true);
  expect(use).toHaveLength(2);
  // The question is in Italian: its saved reply comes first, and picking it fills the composer.
  const filled = (await get(use[0]!)).body;
  expect(filled).toMatch(/<textarea id="answer-text"[^>]*>Sì, i gruppi locali possono firmare\.<\/textarea>/);
  expect(filled).toMatch(/<option selected>it<\/option>/);
  const sid = /\?reply=([^"#&]+)/.exec(use[1]!)![1]!;
  await post(`/questions/saved/${sid}/delete`, { back: '/questions/q3' });
  expect([...(await get('/questions/q3')).body.matchAll(/\?reply&#61;/g)]).toHaveLength(1);
});

test('an answer is sent as written, threaded, marked answered, and readable on the message page', async () => {
  const rec = question('q4', '2026-02-06T10:00:00.000Z', { subject: 'Domanda: firme locali' });
  await seedQuestion(rec);
  const words = 'Dear Maria,\n\nyes: local groups can sign.\n\nAlice, for the appeal team';
  const res = await post('/questions/q4/answer', { text: words, language: 'en' });
  expect(res.headers.location).toBe('/questions/q4?done=answered');
  expect((await inbox.get('q4'))!.state).toBe('answered');

  const jobs = await w.replyQueue.getJobs(['waiting', 'delayed', 'prioritized']);
  const job = jobs.find((j) => j.name === 'answer');
  expect(job).toBeDefined();
  const service = createReplyService({
    store: w.store, mailer, redis: w.redis, prefix: w.prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: { fromAddress: 'appeal@appeal.example', fromName: 'Appeal team', appealTitle: 'Peace Appeal', ownDomains: ['appeal.example'], perRecipientLimit: 1, perRecipientWindowSec: 86400 },
  });
  expect(await processReply(replyPayload.parse(job!.data), service)).toBe('sent');
  expect(sink.messages).toHaveLength(1);
  const raw = sink.messages[0]!.raw.toString('utf8');
  expect(sink.messages[0]!.to).toEqual(['maria@pace.example']);
  expect(raw).toMatch(/^In-Reply-To: <q4@pace\.example>\r$/m);
  expect(raw).toMatch(/^References: <call-1@appeal\.example> <q4@pace\.example>\r$/m);
  expect(raw).toMatch(/^Subject: Re: Domanda: firme locali\r$/m);
  expect(raw).toMatch(/^Content-Language: en\r$/m);
  expect(raw).toContain('yes: local groups can sign.');
  expect(raw).not.toContain('Before we go ahead');
  // A person wrote it: not marked as an automatic response (RFC 3834).
  expect(raw).not.toMatch(/^Auto-Submitted:/im);

  // A second answer to the same sender the same day is not held back by a per-recipient limit.
  await post('/questions/q4/answer', { text: 'One more thing: the deadline is 1 May.' });
  const second = (await w.replyQueue.getJobs(['waiting'])).find((j) => j.name === 'answer' && j.id !== job!.id);
  expect(await processReply(replyPayload.parse(second!.data), service)).toBe('sent');
  expect(sink.messages).toHaveLength(2);

  const msgPage = (await get('/messages/q4')).body;
  expect(msgPage).toContain('<h2>Replies sent</h2>');
  expect(msgPage).toMatch(/<strong>answer<\/strong> to maria@pace\.example/);
  expect(msgPage).toContain('Subject: Re: Domanda: firme locali');
  expect(msgPage).toContain('yes: local groups can sign.');
  expect((await get('/questions/q4')).body).toMatch(/reply-sent/);
  // A closed question takes no answer.
  await post('/questions/q4/close', {});
  expect((await post('/questions/q4/answer', { text: 'late' })).statusCode).toBe(409);
});

test('"Ask the sender" on the message page keeps its template and puts the thread in the inbox as answered', async () => {
  const rec = message('e3', '2026-02-07T10:00:00.000Z');
  await seed(w, rec, [item()]);
  await post('/messages/e3/questions', { text: 'In which country is your network based?' });
  expect(await inbox.get('e3')).toMatchObject({ origin: 'organiser', state: 'answered' });
  expect((await inbox.log('e3')).map((e) => e.action)).toEqual(['opened', 'asked', 'answer']);
  expect((await w.replyQueue.getJobs(['waiting'])).some((j) => j.name === 'needs-information')).toBe(true);
});

describe('the messages list', () => {
  let v: World;
  let who: Login;
  const at = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 3600_000).toISOString();
  beforeAll(async () => {
    v = await world();
    who = await login(v, 'alice');
    for (let i = 0; i < 120; i++) {
      // Every tenth pair arrives in the same millisecond: the keyset must not lose or repeat either.
      const time = at(i % 10 === 1 ? i - 1 : i);
      const over: Partial<MessageRecord> = i % 40 === 7
        ? { kind: 'question', subject: `Leaflets ${i}`, text: 'Do you have Leaflets in Ukrainian?', reply: 'none' }
        : { subject: `Endorsement ${i}`, from: i === 33 ? 'Olena <olena@kyiv.example>' : i === 34 ? 'ŻANETA Łukasiewicz <z@wroclaw.example>' : `Sender ${i} <s${i}@example.net>`, reply: i % 3 === 0 ? 'sent' : 'queued' };
      await v.store.recordMessage(message(`m${String(i).padStart(3, '0')}`, time, over), [], [], { key: `m${i}`, mailbox: 'INBOX', uidValidity: '7', uid: i, folder: null });
    }
  });
  const rows = (body: string) => [...body.matchAll(/<a href="\/messages\/(m\d+)">/g)].map((m) => m[1]!);
  const nextOf = (body: string) => {
    const m = /<a href="([^"]+)" rel="next">/.exec(body);
    return m ? unescape(m[1]!) : null;
  };

  test('pages of 50, newest first, by keyset: every message once, none repeated', async () => {
    const seen: string[] = [];
    let url: string | null = '/messages';
    let pages = 0;
    while (url && pages < 5) {
      const res = await v.app.inject({ method: 'GET', url, cookies: { sid: who.cookie } });
      expect(res.statusCode).toBe(200);
      seen.push(...rows(res.body));
      url = nextOf(res.body);
      pages++;
    }
    expect(url).toBeNull();
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('m119');
    expect(seen[119]).toBe('m000');
  });

  test('a search pages by keyset too: 117 hits, every one once', async () => {
    const seen: string[] = [];
    let url: string | null = '/messages?q=endorsement';
    while (url && seen.length < 500) {
      const res = await v.app.inject({ method: 'GET', url, cookies: { sid: who.cookie } });
      seen.push(...rows(res.body));
      url = nextOf(res.body);
    }
    expect(seen).toHaveLength(117);
    expect(new Set(seen).size).toBe(117);
  });

  test('search in sender, subject and text; filters by kind, reply state and date', async () => {
    const list = async (q: string) => rows((await v.app.inject({ method: 'GET', url: `/messages?${q}`, cookies: { sid: who.cookie } })).body);
    expect(await list('q=leaflets+in+UKRAINIAN')).toEqual(['m087', 'm047', 'm007']);
    expect(await list('q=olena%40kyiv')).toEqual(['m033']);
    expect(await list('q=Endorsement+11')).toEqual(['m119', 'm118', 'm117', 'm116', 'm115', 'm114', 'm113', 'm112', 'm111', 'm110', 'm011']);
    expect(await list('kind=question')).toEqual(['m087', 'm047', 'm007']);
    expect(await list('kind=question&reply=none&q=leaflets+87')).toEqual(['m087']);
    const sent = await list('reply=sent');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((k) => Number(k.slice(1)) % 3 === 0 && Number(k.slice(1)) % 40 !== 7)).toBe(true);
    // 2026-03-02 holds messages 24..47 (one an hour from 1 March 00:00 UTC).
    const day = await list('since=2026-03-02&until=2026-03-02');
    expect(day[0]).toBe('m047');
    expect(day.at(-1)).toBe('m024');
    expect(day).toHaveLength(24);
    expect(await list('q=nothing+like+this')).toEqual([]);
    // Letters beyond ASCII are folded too (matched outside Redis, whose lower() folds ASCII only).
    expect(await list('q=%C5%BCaneta+%C5%82ukasiewicz')).toEqual(['m034']);
    const counts = (await v.app.inject({ method: 'GET', url: '/messages', cookies: { sid: who.cookie } })).body;
    expect(counts).toContain('all (120)');
    expect(counts).toContain('question (3)');
    expect(counts).toContain('endorsement (117)');
    expect((await v.app.inject({ method: 'GET', url: '/messages?since=yesterday', cookies: { sid: who.cookie } })).statusCode).toBe(400);
  });

  test('a search longer than one Redis call (1,000 rows each) finds the oldest match and pages past it', async () => {
    const big = await world();
    const rec = (i: number, over: Partial<MessageRecord> = {}) => message(`n${String(i).padStart(4, '0')}`, at(i), over);
    for (let s = 0; s < 1300; s += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => s + j).map((i) =>
        big.store.recordMessage(rec(i, i === 0 || i === 1299 ? { subject: `Needle ${i}` } : {}), [], [], { key: `n${i}`, mailbox: 'INBOX', uidValidity: '7', uid: i, folder: null })));
    }
    const first = await big.store.pageMessages({ q: 'needle', limit: 1 });
    expect(first.messages.map((m) => m.key)).toEqual(['n1299']);
    const second = await big.store.pageMessages({ q: 'needle', limit: 1, after: first.next! });
    expect(second.messages.map((m) => m.key)).toEqual(['n0000']);
    expect(second.next).toBeNull();
    expect((await big.store.pageMessages({ q: 'needle', limit: 5 })).messages.map((m) => m.key)).toEqual(['n1299', 'n0000']);
  });
});
