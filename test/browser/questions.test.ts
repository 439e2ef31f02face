/**
 * The questions inbox in a real Chromium, against a real Redis, the app listening on 127.0.0.1, a
 * BullMQ reply worker and an SMTP sink: an organiser opens a question from the header's count, picks
 * a saved reply, rewrites it in the composer and sends it; the sink gets the organiser's words,
 * unwrapped, threaded under the question, and the question is marked answered.
 */
import { Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { replyPayload, REPLY_QUEUE, type ReplyPayload } from '../../src/jobs/queues';
import { processReply } from '../../src/jobs/reply';
import { parseMail } from '../../src/mail/parse';
import { createQuestionInbox } from '../../src/questions/inbox';
import { createSavedReplies } from '../../src/questions/saved';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createReplyService } from '../../src/replies/service';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { closeAll, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal, watchedPage } from './chromium';

let w: World;
let browser: Browser;
let base: string;
let sink: SmtpSink;
let mailer: Mailer;
let worker: Worker<ReplyPayload>;
let workerRedis: Redis;

beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  const rec = message('qb1', '2026-03-01T10:00:00.000Z', {
    kind: 'question', subject: 'Frage zur Unterzeichnung', language: 'de', acknowledgeDue: false, reply: 'none',
    from: 'Jonas Weber <jonas@verein.example>', messageId: '<qb1@verein.example>', references: ['<call@appeal.example>', '<qb1@verein.example>'],
    text: 'Hallo,\nkönnen auch Ortsgruppen unterschreiben?\nJonas', asked: ['können auch Ortsgruppen unterschreiben?'], reasons: ['asks a question'],
  });
  await seed(w, rec, []);
  await createQuestionInbox(w.redis, w.prefix).openFor(rec);
  await createSavedReplies(w.redis, w.prefix).save({ language: 'de', title: 'Ortsgruppen', text: 'Ja, Ortsgruppen können unterschreiben.', by: 'bob' });

  sink = await startSmtpSink();
  mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
  const service = createReplyService({
    store: w.store, mailer, redis: w.redis, prefix: w.prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: { fromAddress: 'appeal@appeal.example', fromName: 'Appeal team', appealTitle: 'Peace Appeal', ownDomains: ['appeal.example'], perRecipientLimit: 1, perRecipientWindowSec: 86400 },
  });
  workerRedis = new Redis({ host: '127.0.0.1', port: w.redis.options.port, maxRetriesPerRequest: null });
  worker = new Worker<ReplyPayload>(REPLY_QUEUE, async (job: Job<ReplyPayload>, token?: string) => processReply(replyPayload.parse(job.data), service, job, token),
    { connection: workerRedis, prefix: w.prefix });

  base = await listenLocal(w.app);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  workerRedis?.disconnect();
  mailer?.close();
  await sink?.close();
  await closeAll();
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a question answered from the composer is sent threaded, as written, and marked answered', async () => {
  const v = await watchedPage(browser);
  const { page } = v;
  await page.goto(`${base}/`);
  await page.fill('input[name="user"]', 'alice');
  await page.fill('input[name="password"]', 'alice password 1');
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);

  // The header counts the open question on every page, and leads to it.
  expect(await page.textContent('header nav a[href="/questions"]')).toBe('Questions (1 open)');
  await page.click('header nav a[href="/questions"]');
  await Promise.all([page.waitForURL(/\/questions\/qb1$/), page.click('a[href="/questions/qb1"]')]);
  expect(await page.getAttribute('[data-state]', 'data-state')).toBe('open');

  // A saved reply fills the composer; the organiser adds their own words before sending.
  await Promise.all([page.waitForURL(/reply=/), page.click('ul.saved a:has-text("Use")')]);
  expect(await page.inputValue('#answer-text')).toBe('Ja, Ortsgruppen können unterschreiben.');
  expect(await page.inputValue('#answer-language')).toBe('de');
  const words = 'Lieber Jonas,\n\nja, Ortsgruppen können unterschreiben. Schreibt uns einfach euren Namen und Ort.\n\nAlice';
  await page.fill('#answer-text', words);
  await Promise.all([page.waitForURL(/done=answered/), page.click('#composer button[type="submit"]')]);
  expect(await page.getAttribute('[data-state]', 'data-state')).toBe('answered');
  expect(await page.textContent('header nav a[href="/questions"]')).toBe('Questions (0 open)');

  await until(() => sink.messages.length === 1);
  const sent = sink.messages[0]!;
  const raw = sent.raw.toString('utf8');
  expect(sent.to).toEqual(['jonas@verein.example']);
  expect(raw).toMatch(/^In-Reply-To: <qb1@verein\.example>\r$/m);
  expect(raw).toMatch(/^References: <call@appeal\.example> <qb1@verein\.example>\r$/m);
  expect(raw).toMatch(/^Subject: Re: Frage zur Unterzeichnung\r$/m);
  // The body is the organiser's words, nothing around them.
  const parsed = await parseMail(sent.raw);
  expect(parsed.text.trim()).toBe(words);
  expect(raw).not.toContain('Before we go ahead');

  // The message page shows the reply as sent, with its words.
  await page.goto(`${base}/messages/qb1`);
  await page.waitForSelector('ul.sent li');
  expect(await page.textContent('ul.sent')).toContain('Schreibt uns einfach euren Namen und Ort.');
  expect(v.requests.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
});
