/**
 * The reply job under a real BullMQ worker, Redis and SMTP sink: a 421 is retried with backoff until
 * the reply is delivered once; a 550 ends the job at once with the server's words on the record; past
 * REPLY_MAX_PER_HOUR the job waits in `delayed` (no attempt spent) and the pause is visible.
 */
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { replyJobId, replyJobOptions, replyPayload, REPLY_QUEUE, type ReplyPayload } from '../../src/jobs/queues';
import { processReply } from '../../src/jobs/reply';
import { pauseState } from '../../src/replies/breaker';
import type { Mailer } from '../../src/replies/mailer';
import { createReplyService, type ReplyServiceConfig } from '../../src/replies/service';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { useReplyServers } from './replies-servers';

const servers = useReplyServers();
let redis: Redis;
let mailer: Mailer;
beforeAll(() => {
  ({ redis, mailer } = servers);
});
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function message(key: string, from: string): MessageRecord {
  return {
    key, messageId: `<${key}@amis.example>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from, replyTo: null, subject: 'Unser Aufruf', kind: 'endorsement', language: 'de',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  };
}

/** A queue, its worker (processReply as in the container) and events, on a fresh prefix. */
async function world(over: Partial<ReplyServiceConfig> = {}) {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const store: ReviewStore = createReviewStore(redis, prefix);
  const service = createReplyService({
    store, mailer, redis, prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: { fromAddress: 'info@appeal.example', fromName: '', appealTitle: 'Der Aufruf', ownDomains: ['appeal.example'], perRecipientLimit: 1, perRecipientWindowSec: 60, ...over },
  });
  const connection = new Redis(servers.redisServer.url, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(servers.redisServer.url, { maxRetriesPerRequest: null });
  const queue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
  const events = new QueueEvents(REPLY_QUEUE, { connection: eventsConnection, prefix });
  const worker = new Worker<ReplyPayload>(REPLY_QUEUE, async (job: Job<ReplyPayload>, token?: string) => processReply(replyPayload.parse(job.data), service, job, token),
    { connection, prefix, concurrency: 2 });
  // Closed in reverse: the worker first, then events and queue, then the connections we opened.
  closers.push(async () => { connection.disconnect(); eventsConnection.disconnect(); }, () => queue.close(), () => events.close(), () => worker.close());
  await events.waitUntilReady();
  const add = async (key: string, from: string) => {
    await store.recordMessage(message(key, from), [], [], { key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
    const p: ReplyPayload = { type: 'acknowledgement', id: key };
    // The production options, with a short first backoff so the test does not wait seconds.
    return queue.add('acknowledgement', p, { ...replyJobOptions, backoff: { type: 'exponential', delay: 50, jitter: 0.5 }, jobId: replyJobId(p) });
  };
  return { prefix, store, queue, events, add };
}

test('421 twice, then delivered once: two retries with backoff, the record says sent', async () => {
  const w = await world();
  servers.sink.failNext(421, 2, 'too busy, come back later');
  const job = await w.add('j1', 'jonas@verein.example');
  expect(await job.waitUntilFinished(w.events, 20_000)).toBe('sent');
  const done = (await w.queue.getJob(job.id!))!;
  expect(done.attemptsMade).toBe(3);
  expect(servers.sink.messages).toHaveLength(1);
  expect(servers.sink.messages[0]!.raw.toString('utf8')).toMatch(/^Content-Language: de\r$/m);
  expect(await w.store.getMessage('j1')).toMatchObject({ reply: 'sent', acknowledged: true });
});

test('550: one attempt only, the job fails, the record carries the server\'s words', async () => {
  const w = await world();
  servers.sink.failNext(550, 1, 'mailbox unknown');
  const job = await w.add('j2', 'gone@verein.example');
  await expect(job.waitUntilFinished(w.events, 20_000)).rejects.toThrow(/550.*mailbox unknown/);
  const failed = (await w.queue.getJob(job.id!))!;
  expect(failed.attemptsMade).toBe(1);
  expect(await failed.getState()).toBe('failed');
  const rec = await w.store.getMessage('j2');
  expect(rec).toMatchObject({ reply: 'failed', acknowledged: false });
  expect(rec!.replyDetail).toMatch(/550.*mailbox unknown/);
  expect(servers.sink.messages).toHaveLength(0);
});

test('circuit breaker at 2 per hour: the third reply waits in delayed, nothing dropped, the pause is recorded', async () => {
  const w = await world({ maxPerHour: 2 });
  const jobs = [];
  for (const [k, from] of [['b1', 'a@one.example'], ['b2', 'b@two.example']] as const) jobs.push(await w.add(k, from));
  for (const j of jobs) expect(await j.waitUntilFinished(w.events, 20_000)).toBe('sent');
  expect((await pauseState(redis, w.prefix)).paused).toBe(false);

  const third = await w.add('b3', 'c@three.example');
  const deadline = Date.now() + 10_000;
  while ((await third.getState()) !== 'delayed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const waiting = (await w.queue.getJob(third.id!))!;
  expect(await waiting.getState()).toBe('delayed');
  expect(waiting.attemptsMade).toBe(0);
  // It waits until the oldest of the two leaves the hour (plus up to 5 s of spread).
  expect(waiting.timestamp + waiting.delay).toBeGreaterThan(Date.now() + 3500_000);
  expect(servers.sink.messages).toHaveLength(2);
  expect(await w.store.getMessage('b3')).toMatchObject({ reply: 'queued', acknowledged: false });
  const state = await pauseState(redis, w.prefix);
  expect(state).toMatchObject({ paused: true, maxPerHour: 2, sentLastHour: 2 });
  expect(Date.parse(state.until!)).toBeGreaterThan(Date.now() + 3500_000);
});
