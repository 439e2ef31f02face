/**
 * The long-running worker heals on its own, against a real Redis, BullMQ and SMTP sink, through the
 * container and the worker's own repair loop (`startReplyRepair`): intake jobs failed by Redis at its
 * memory limit are retried once the limit is raised, or as soon as the Redis connection comes back,
 * without a restart; replies that ran out of attempts while SMTP was down read `queued` with the
 * reason meanwhile and go out when it answers; and the start-up repair queues an approved item's
 * confirmation again when its job is gone (a FLUSHALL then a restore keeps records, not jobs).
 */
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import { startReplyRepair } from '../../src/commands/worker';
import { loadConfig } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { failedIntakeAlerts } from '../../src/jobs/failed-alerts';
import { queueQuestion } from '../../src/jobs/reply';
import { getQuestion } from '../../src/replies/questions';
import { intakeJobOptions, rawKey, replyJobId, type IntakePayload } from '../../src/jobs/queues';
import { createLogger } from '../../src/log';
import { messageKey, rawMessageId } from '../../src/mail/key';
import { applyReview } from '../../src/review/workflow';
import { generateMail } from '../helpers/generate';
import { waitFor } from '../helpers/ports';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let redisServer: RedisServer;
let sink: SmtpSink;
let redis: Redis;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [redisServer, sink] = await Promise.all([startRedis(), startSmtpSink()]);
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
});
afterEach(async () => {
  await redis.config('SET', 'maxmemory', '0');
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await redis?.quit();
  await Promise.all([redisServer?.stop(), sink?.close()]);
});

/** A container as `endorse worker` builds it, on a fresh prefix, with no Sent folder. */
function container(over: Record<string, string> = {}): Container {
  const config = loadConfig({
    IMAP_HOST: '127.0.0.1', IMAP_PORT: '1', IMAP_SECURE: 'false', IMAP_USER: 'info@appeal.example', IMAP_PASSWORD: 'x',
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_SECURE: 'false', IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'true',
    FROM_ADDRESS: 'info@appeal.example', APPEAL_TITLE: 'Peace for Ukraine', REDIS_URL: redisServer.url,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`, SENT_FOLDER: '', REPLY_MAX_AGE_DAYS: '0', REVIEW_UNDO_SECONDS: '0', ...over,
  });
  const c = createContainer(config, createLogger('silent'));
  closers.push(() => c.close());
  return c;
}

const usedMemory = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))![1]);

/**
 * Something else (the watcher staging new mail, another tenant) fills Redis to its limit and frees a
 * little each time it is refused: memory hovers at maxmemory, so some writes pass and some fail with
 * OOM, as in production when Redis is full. Returns a stop function that frees what it wrote.
 */
async function hoverAtLimit(prefix: string): Promise<() => Promise<void>> {
  let stopped = false;
  let full: () => void;
  const reached = new Promise<void>((r) => (full = r));
  const filler = Buffer.alloc(50_000, 120);
  const written: string[] = [];
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const k = `${prefix}:filler:${i}`;
      await redis.set(k, filler).then(() => written.push(k), async () => {
        full();
        const oldest = written.shift();
        if (oldest) await redis.del(oldest);
      });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const stop = async () => {
    stopped = true;
    await loop;
    if (written.length) await redis.del(...written.splice(0));
  };
  closers.push(stop);
  await reached;
  return stop;
}

/**
 * Stage `n` messages and their intake jobs as the watcher would, but with one attempt each (an
 * outage longer than the five attempts' backoff, in less time), then run the intake worker with Redis
 * at its memory limit until some jobs failed with OOM. Returns the message keys, the failed count
 * and a function that raises the limit again.
 */
async function parkIntakeByOom(c: Container, n: number): Promise<{ keys: string[]; failed: number; raise: () => Promise<void> }> {
  const prefix = c.config.QUEUE_PREFIX;
  const keys: string[] = [];
  let uid = 0;
  for (const m of generateMail(n, { seed: 7 })) {
    const key = messageKey(rawMessageId(m.raw), m.raw);
    keys.push(key);
    await redis.set(rawKey(prefix, key), m.raw);
    const job: IntakePayload = { key, mailbox: 'INBOX', uidValidity: '1', uid: ++uid, size: m.raw.length, receivedAt: new Date().toISOString(), oversized: false };
    await c.intakeQueue.add('intake', job, { ...intakeJobOptions, attempts: 1, jobId: key });
  }
  await redis.config('SET', 'maxmemory', String((await usedMemory()) + 2_000_000));
  const stopHover = await hoverAtLimit(prefix);
  c.startWorkers({ intake: true, large: false });
  const oomFailed = async () => (await c.intakeQueue.getFailed(0, -1)).filter((j) => /OOM command not allowed/.test(j.failedReason)).length;
  await waitFor('intake jobs failed with OOM', async () => (await oomFailed()) >= 3, 60_000);
  const failed = await oomFailed();
  return {
    keys, failed,
    raise: async () => {
      await redis.config('SET', 'maxmemory', '0');
      await stopHover();
    },
  };
}

async function allStored(c: Container, keys: string[]): Promise<boolean> {
  return (await Promise.all(keys.map((k) => c.store.getMessage(k)))).every((m) => m !== null);
}

test('intake jobs failed by Redis OOM are retried by the running worker once memory is raised, without a restart', async () => {
  const c = container();
  const { keys, failed, raise } = await parkIntakeByOom(c, 80);
  await raise();
  // Raised, the failed jobs stay failed on their own: nothing in BullMQ takes them back.
  await new Promise((r) => setTimeout(r, 2000));
  expect(await c.intakeQueue.getFailedCount()).toBeGreaterThanOrEqual(failed);
  // The review page's banner says so meanwhile.
  expect(await failedIntakeAlerts([c.intakeQueue, c.intakeLargeQueue])).toEqual([
    expect.stringMatching(/^\d+ incoming messages not taken in yet \(OOM command not allowed.*\): retried automatically once Redis recovers$/),
  ]);
  // The repair: every hour when nothing waits, every second while something does.
  const stop = startReplyRepair(c, 3600_000, 1000);
  closers.push(stop);
  await waitFor('every message taken in', () => allStored(c, keys), 60_000);
  expect(await c.intakeQueue.getFailedCount()).toBe(0);
  expect(await failedIntakeAlerts([c.intakeQueue, c.intakeLargeQueue])).toEqual([]);
}, 180_000);

test('the Redis connection coming back starts a repair round at once', async () => {
  const c = container();
  const { keys, raise } = await parkIntakeByOom(c, 80);
  // Started while Redis is still full: its first round finds the jobs but cannot move them.
  const stop = startReplyRepair(c, 3600_000, 3600_000);
  closers.push(stop);
  await new Promise((r) => setTimeout(r, 1000));
  await raise();
  await new Promise((r) => setTimeout(r, 1000));
  expect(await allStored(c, keys)).toBe(false);
  // A blip: every client connection dropped; they reconnect, and 'ready' starts a round.
  await redis.call('CLIENT', 'KILL', 'TYPE', 'normal');
  await waitFor('every message taken in', () => allStored(c, keys), 30_000);
}, 180_000);

test('SMTP down: replies out of attempts read queued with the reason, and go out once SMTP answers', async () => {
  // SMTP "down": a port that accepts and closes at once, then the real sink behind the same settings.
  const dead = createServer((s) => s.destroy());
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const deadPort = (dead.address() as { port: number }).port;
  closers.push(() => new Promise((r) => dead.close(r)));
  const c = container({ SMTP_PORT: String(deadPort) });
  const key = messageKey('<ask.1@amis.example>', Buffer.from('x'));
  await c.store.recordMessage({
    key, messageId: '<ask.1@amis.example>', mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: new Date().toISOString(),
    from: 'Ana <ana@amis.example>', replyTo: null, subject: 'We endorse', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'none', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  }, [], [], { key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
  const job = await c.replyQueue.add('acknowledgement', { type: 'acknowledgement', id: key }, { attempts: 2, backoff: { type: 'fixed', delay: 50 }, jobId: replyJobId({ type: 'acknowledgement', id: key }) });
  c.startWorkers({ reply: true });
  await waitFor('the reply out of attempts', async () => (await job.getState()) === 'failed', 30_000);
  expect(await c.store.getMessage(key)).toMatchObject({ reply: 'queued', replyDetail: expect.stringMatching(/^not sent yet: .*retried automatically$/) });
  expect(sink.messages.filter((m) => m.to.includes('ana@amis.example'))).toHaveLength(0);
  // SMTP back: the repair's probe (verifySmtp) and the sends use the real sink from now on.
  dead.close();
  const fwd = createServer((client) => {
    const up = createConnection({ host: '127.0.0.1', port: sink.port });
    client.pipe(up).pipe(client);
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => fwd.listen(deadPort, '127.0.0.1', r));
  closers.push(() => new Promise((r) => fwd.close(r)));
  const stop = startReplyRepair(c, 3600_000, 500);
  closers.push(stop);
  await waitFor('the reply sent', async () => (await c.store.getMessage(key))?.reply === 'sent', 30_000);
  expect(sink.messages.filter((m) => m.to.includes('ana@amis.example'))).toHaveLength(1);
}, 120_000);

test('the start-up repair queues an approved item\'s confirmation and a saved question again when their jobs are gone', async () => {
  const c = container();
  const key = messageKey('<conf.1@amis.example>', Buffer.from('y'));
  const item = {
    id: `${key}-0`, status: 'pending' as const, signerType: 'organisation' as const, organisation: 'Les Amis de la Terre', name: null, country: 'FR', website: null,
    contactName: null, contactEmail: 'contact@amis.example', messageId: '<conf.1@amis.example>', messageKey: key, receivedAt: new Date().toISOString(), duplicateOf: null,
    kind: 'endorsement' as const, language: 'fr', evidence: {}, confidence: 1, history: [{ at: new Date().toISOString(), by: 'intake', action: 'extracted' }],
  };
  await c.store.recordMessage({
    key, messageId: '<conf.1@amis.example>', mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: new Date().toISOString(),
    from: 'Les Amis <contact@amis.example>', replyTo: null, subject: 'Notre soutien', kind: 'endorsement', language: 'fr',
    acknowledgeDue: false, acknowledged: false, reply: 'suppressed', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [item.id], folder: null, text: '', attachments: [], references: [],
  }, [item], [[]], { key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
  await applyReview({ store: c.store, replyQueue: c.replyQueue, replies: true }, item.id, 'approve', 'ana');
  const question = await queueQuestion({ redis: c.redis, prefix: c.config.QUEUE_PREFIX, replyQueue: c.replyQueue }, { messageKey: key, text: 'Which country are you in?', by: 'ana' });
  const jobId = replyJobId({ type: 'confirmation', id: item.id });
  const askId = replyJobId({ type: 'needs-information', id: question.id });
  expect(await c.replyQueue.getJob(jobId)).toBeTruthy();
  // What a FLUSHALL then a restore leaves: the records, no jobs.
  await c.replyQueue.obliterate({ force: true });
  expect(await c.replyQueue.getJob(jobId)).toBeUndefined();

  await c.repair();
  expect((await c.replyQueue.getJob(jobId))?.data).toEqual({ type: 'confirmation', id: item.id });
  expect((await c.replyQueue.getJob(askId))?.data).toEqual({ type: 'needs-information', id: question.id });
  c.startWorkers({ reply: true });
  await waitFor('the confirmation sent', async () => (await c.store.getItem(item.id))?.reply === 'sent', 30_000);
  await waitFor('the question sent', async () => (await getQuestion(c.redis, c.config.QUEUE_PREFIX, question.id))?.reply === 'sent', 30_000);
  expect(sink.messages.filter((m) => m.to.includes('contact@amis.example'))).toHaveLength(2);
  // Sent: a second repair queues nothing more.
  await c.replyQueue.obliterate({ force: true });
  await c.repair();
  expect(await c.replyQueue.getJob(jobId)).toBeUndefined();
  expect(await c.replyQueue.getJob(askId)).toBeUndefined();
}, 60_000);
