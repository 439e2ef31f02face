/**
 * Withdrawals and the undo window in a real Chromium, against a real Redis, a real BullMQ reply
 * worker and a real SMTP sink: a request to be removed, linked from its item page, takes the approved
 * original off the published HTML list and sends exactly one withdrawal note once the window has
 * passed; an approval undone within the window sends nothing.
 */
import { Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPLY_QUEUE, replyPayload, type ReplyPayload } from '../../src/jobs/queues';
import { processReply } from '../../src/jobs/reply';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createReplyService } from '../../src/replies/service';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { closeAll, item, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal, watchedPage, type Watched } from './chromium';

/** Small, so the test waits for the real window; large enough for a loaded machine to press Undo in time. */
const UNDO_SECONDS = 3;

let w: World;
let browser: Browser;
let base: string;
let sink: SmtpSink;
let mailer: Mailer;
let worker: Worker<ReplyPayload>;
let workerConnection: Redis;
const watched: Watched[] = [];

beforeAll(async () => {
  w = await world({ undoSeconds: UNDO_SECONDS });
  sink = await startSmtpSink();
  mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
  const service = createReplyService({
    store: w.store, mailer, redis: w.redis, prefix: w.prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: { fromAddress: 'info@appeal.example', fromName: 'Appeal team', appealTitle: 'Peace Appeal', ownDomains: ['appeal.example'], perRecipientLimit: 1, perRecipientWindowSec: 3600 },
  });
  workerConnection = w.redis.duplicate({ maxRetriesPerRequest: null });
  worker = new Worker<ReplyPayload>(REPLY_QUEUE, async (job: Job<ReplyPayload>, token?: string) => processReply(replyPayload.parse(job.data), service, job, token),
    { connection: workerConnection, prefix: w.prefix });
  await w.users.accounts.add('alice', 'alice password 1');
  await seed(w, message('e1', '2026-01-01T10:00:00.000Z', { from: 'Anna <anna@bruecken-kyjiw.de>' }),
    [item({ organisation: 'Brücken nach Kyjiw e.V.', country: 'DE', website: 'bruecken-kyjiw.de', contactEmail: 'anna@bruecken-kyjiw.de' })]);
  await seed(w, message('e2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Other Org', country: 'FR', website: 'other.example', contactEmail: 'o@other.example' })]);
  await seed(w, message('r1', '2026-02-01T10:00:00.000Z', { kind: 'withdrawal', from: 'Anna <anna@bruecken-kyjiw.de>', subject: 'Please remove our name' }),
    [item({ organisation: 'Brücken nach Kyjiw', country: 'DE', website: null, contactEmail: 'anna@bruecken-kyjiw.de', kind: 'withdrawal' })]);
  // Approved earlier, its confirmation long sent: only what this test's actions send reaches the sink.
  await w.store.transition('e1-0', 'approve', 'bob');
  base = await listenLocal(w.app);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  workerConnection?.disconnect();
  mailer?.close();
  await sink?.close();
  await closeAll();
});

afterEach(() => {
  for (const v of watched.splice(0)) {
    expect(v.requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(v.dialogs).toEqual([]);
  }
});

async function loggedIn(): Promise<Watched> {
  const v = await watchedPage(browser);
  watched.push(v);
  await v.page.goto(`${base}/`);
  await v.page.fill('input[name="user"]', 'alice');
  await v.page.fill('input[name="password"]', 'alice password 1');
  await Promise.all([v.page.waitForURL(`${base}/`), v.page.click('button[type="submit"]')]);
  return v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('a withdrawal removes the approved original from the HTML export and sends one withdrawal note after the undo window', async () => {
  const { page } = await loggedIn();
  await page.goto(`${base}/export`);
  expect(await page.textContent('pre.mail')).toContain('Brücken nach Kyjiw e.V.');

  // The request is first in the queue, with no Approve button; it is opened to be carried out.
  await page.goto(`${base}/`);
  expect(await page.getAttribute('tr[data-id]', 'data-id')).toBe('r1-0');
  expect(await page.locator('tr[data-id="r1-0"] button[value="approve"]').count()).toBe(0);
  await Promise.all([page.waitForURL(/\/items\/r1-0$/), page.click('tr[data-id="r1-0"] a.open')]);
  expect(await page.locator('button[value="approve"]').count()).toBe(0);
  expect(await page.textContent('#withdrawal')).toContain('Suggested match (same signer, same email, same domain): Brücken nach Kyjiw e.V.');
  await Promise.all([page.waitForURL(/done=linked/), page.click('button[data-confirm-match]')]);
  expect(await page.getAttribute('[data-linked]', 'data-linked')).toBe('e1-0');

  await Promise.all([page.waitForURL(/done=removed/), page.click('button:has-text("Remove from the list · emails the requester")')]);
  expect(await page.textContent('.undo-text')).toMatch(new RegExp(`^Withdrawal confirmation to anna@bruecken-kyjiw\\.de in [1-${UNDO_SECONDS}] s$`));
  expect(sink.messages).toHaveLength(0);
  expect((await w.store.getItem('e1-0'))!.status).toBe('withdrawn');
  expect((await w.store.getItem('r1-0'))!.status).toBe('withdrawn');

  await page.goto(`${base}/export`);
  expect(await page.textContent('pre.mail')).not.toContain('Brücken');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/export/endorsements.html"]')]);
  expect(readFileSync(await download.path(), 'utf8')).not.toContain('Brücken');

  await until('the withdrawal note', () => sink.messages.length > 0, 20_000);
  // Past the window and then some: still exactly one.
  await sleep(UNDO_SECONDS * 1000 + 1000);
  expect(sink.messages).toHaveLength(1);
  expect(sink.messages[0]!.to).toEqual(['anna@bruecken-kyjiw.de']);
  const note = await simpleParser(sink.messages[0]!.raw);
  expect(note.messageId!.startsWith('<withdrawal.r1-0.')).toBe(true);
  expect(note.inReplyTo).toBe('<r1@example.net>');
  expect((await w.store.getItem('r1-0'))!.reply).toBe('sent');
});

test('Undo within the window sends nothing and puts the item back', async () => {
  const before = sink.messages.length;
  const { page } = await loggedIn();
  await page.goto(`${base}/items/e2-0`);
  await Promise.all([page.waitForURL(/done=approve/), page.click('button:has-text("Approve · emails the signer")')]);
  expect(await page.textContent('.undo-text')).toMatch(new RegExp(`^Confirmation to o@other\\.example in [1-${UNDO_SECONDS}] s$`));
  await Promise.all([page.waitForURL(/done=undone/), page.click('button.undo')]);
  expect(await page.textContent('.notice')).toBe('Undone: nothing was sent, and the statuses are as they were.');
  expect((await w.store.getItem('e2-0'))!.status).toBe('pending');
  await sleep(UNDO_SECONDS * 1000 + 2000);
  expect(sink.messages).toHaveLength(before);
  expect(await w.replyQueue.getJob('confirm-e2-0')).toBeUndefined();
  expect((await w.store.getItem('e2-0'))!.history.map((h) => h.action).slice(-2)).toEqual(['approve', 'undo']);
});
