/**
 * Failures that recover on their own, under a real BullMQ worker, Redis and SMTP sink: a quota
 * refusal (a 5xx look-alike) pauses sending instead of failing the reply, and the next reply waits
 * without touching SMTP; a reply that ran out of attempts on transient errors keeps its reason on the
 * record, is left alone while SMTP is down, and is sent once SMTP answers (the worker's repair round);
 * a permanent refusal is never retried.
 */
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { replyJobId, replyJobOptions, replyPayload, REPLY_QUEUE, type ReplyPayload } from '../../src/jobs/queues';
import { failedTransientReplies, processReply, retryWhenSmtpRecovers } from '../../src/jobs/reply';
import { pauseState } from '../../src/replies/breaker';
import { createMailer } from '../../src/replies/mailer';
import { createReplyService } from '../../src/replies/service';
import { createReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { freePort, waitFor } from '../helpers/ports';
import { useReplyServers } from './replies-servers';

const servers = useReplyServers();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function message(key: string, from: string): MessageRecord {
  return {
    key, messageId: `<${key}@amis.example>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from, replyTo: null, subject: 'Our endorsement', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  };
}

/** A reply queue and its worker, as the container builds them, on a fresh prefix. */
async function world() {
  const { redis } = servers;
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  const service = createReplyService({
    store, mailer: servers.mailer, redis, prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: { fromAddress: 'info@appeal.example', fromName: '', appealTitle: 'The appeal', ownDomains: ['appeal.example'], perRecipientLimit: 1, perRecipientWindowSec: 60, maxPerDay: 1000 },
  });
  const connection = new Redis(servers.redisServer.url, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(servers.redisServer.url, { maxRetriesPerRequest: null });
  const queue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
  const events = new QueueEvents(REPLY_QUEUE, { connection: eventsConnection, prefix });
  const worker = new Worker<ReplyPayload>(REPLY_QUEUE, async (job: Job<ReplyPayload>, token?: string) => processReply(replyPayload.parse(job.data), service, job, token),
    { connection, prefix, concurrency: 2 });
  closers.push(async () => { connection.disconnect(); eventsConnection.disconnect(); }, () => queue.close(), () => events.close(), () => worker.close());
  await events.waitUntilReady();
  const add = async (key: string, from: string) => {
    await store.recordMessage(message(key, from), [], [], { key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
    const p: ReplyPayload = { type: 'acknowledgement', id: key };
    return queue.add('acknowledgement', p, { ...replyJobOptions, backoff: { type: 'exponential', delay: 20 }, jobId: replyJobId(p) });
  };
  return { prefix, store, queue, events, add, records: { redis, prefix, store } };
}

test('a daily quota refusal (550 5.4.5) pauses sending: no reply fails, the next one waits without SMTP', async () => {
  const w = await world();
  servers.sink.failNext(550, 1, '5.4.5 Daily user sending quota exceeded. s124sm6149838wme.29 - gsmtp');
  const first = await w.add('q1', 'jonas@verein.example');
  await waitFor('the first reply parked', async () => (await first.getState()) === 'delayed');
  const paused = await pauseState(servers.redis, w.prefix);
  expect(paused).toMatchObject({ paused: true, reason: expect.stringContaining('Daily user sending quota exceeded') });
  // At least an hour: the quota of a rolling day frees no sooner.
  expect(Date.parse(paused.until!) - Date.now()).toBeGreaterThan(3500_000);
  expect(await w.store.getMessage('q1')).toMatchObject({ reply: 'queued', replyDetail: expect.stringContaining('sending paused: 550') });

  const second = await w.add('q2', 'marie@verein.example');
  await waitFor('the second reply parked', async () => (await second.getState()) === 'delayed');
  // The sink would have accepted it: nothing was sent while paused, and nothing failed.
  expect(servers.sink.messages).toHaveLength(0);
  expect(await w.queue.getFailedCount()).toBe(0);
});

test('out of attempts on 421: the reason stays on the record, SMTP down leaves it, SMTP back sends it', async () => {
  const w = await world();
  servers.sink.failNext(421, replyJobOptions.attempts!, 'service not available, closing channel');
  servers.sink.failNext(550, 1, '5.1.1 <nobody@verein.example>: Recipient address rejected: User unknown');
  const job = await w.add('t1', 'jonas@verein.example');
  await waitFor('the reply out of attempts', async () => (await job.getState()) === 'failed', 30_000);
  const refused = await w.add('t2', 'nobody@verein.example');
  await waitFor('the refused reply failed', async () => (await refused.getState()) === 'failed');
  expect(await w.store.getMessage('t1')).toMatchObject({ reply: 'queued', replyDetail: expect.stringContaining('not sent yet: 421') });
  expect(await w.store.getMessage('t2')).toMatchObject({ reply: 'failed' });
  expect((await failedTransientReplies(w.queue, w.records)).map((j) => j.id)).toEqual([job.id]);

  const down = createMailer({ host: '127.0.0.1', port: await freePort(), secure: false, pool: true, allowPlaintext: true });
  const whileDown = await retryWhenSmtpRecovers(w.queue, w.records, () => down.verify());
  expect(whileDown).toMatchObject({ waiting: 1, retried: 0, smtpError: expect.stringMatching(/ECONNREFUSED/) });
  expect(await job.getState()).toBe('failed');

  const back = await retryWhenSmtpRecovers(w.queue, w.records, () => servers.mailer.verify());
  expect(back).toEqual({ waiting: 1, retried: 1 });
  await waitFor('the reply sent', async () => (await w.store.getMessage('t1'))?.reply === 'sent');
  expect(servers.sink.messages.map((m) => m.to)).toEqual([['jonas@verein.example']]);
  expect(await refused.getState()).toBe('failed');
  expect(await failedTransientReplies(w.queue, w.records)).toEqual([]);
}, 60_000);
