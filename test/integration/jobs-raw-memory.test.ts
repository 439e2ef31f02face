/**
 * Redis at its memory limit (real redis-server, maxmemory with noeviction, as in production): the
 * staged bytes of big messages used to stay 30 days after they were taken in, so after a few of them
 * every staging failed with OOM and a small legitimate mail behind them never got in. Now the
 * watcher's sink understands mail as it is fetched and no mail bytes enter Redis; bytes staged by an
 * earlier version leave once the store has the message, only failed or unreadable ones keep theirs.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { processIntake, understandOptions, type IntakeDeps } from '../../src/jobs/intake';
import { reconcile } from '../../src/jobs/reconcile';
import { INTAKE_QUEUE, rawKey, REPLY_QUEUE, type IntakePayload, type ReplyPayload } from '../../src/jobs/queues';
import { createIntakeSink } from '../../src/jobs/sink';
import { createUnderstander } from '../../src/jobs/understand-pool';
import { createLogger } from '../../src/log';
import type { FetchedMessage } from '../../src/intake/types';
import { messageKey, rawMessageId } from '../../src/mail/key';
import { createReviewStore } from '../../src/review/store';
import { generateMail } from '../helpers/generate';
import { startRedis, type RedisServer } from '../helpers/redis';
import { intakeDeps } from '../helpers/intake-deps';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const used = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))![1]);

function fetched(raw: Buffer, uid: number): FetchedMessage {
  return { mailbox: 'INBOX', uidValidity: '1', uid, key: messageKey(rawMessageId(raw), raw), size: raw.length, receivedAt: new Date(), raw, oversized: false };
}

test('at the memory limit, a small mail behind big ones still gets in: mail bytes never enter Redis', async () => {
  const prefix = 'mem';
  const { replyQueue, store, deps } = intakeDeps(redis, prefix, 'info@appeal.example');
  const understander = createUnderstander({ size: 0, understand: understandOptions(deps), log: createLogger('silent') });
  const sink = createIntakeSink(deps, understander);
  const big = generateMail(40, { seed: 3, bigEvery: 1, bigBytes: 3 << 20 }).filter((m) => m.raw.length > 3 << 20).slice(0, 8);
  expect(big).toHaveLength(8);
  // Room for less than one of them: the store may keep records, never the mail.
  const before = await used();
  await redis.config('SET', 'maxmemory', String(before + 3 * 1048576));
  try {
    let uid = 0;
    for (const m of big) {
      const f = fetched(m.raw, ++uid);
      await sink.accept([f]);
      expect(await store.getMessage(f.key)).toMatchObject({ key: f.key, size: m.raw.length });
      expect(await redis.exists(rawKey(prefix, f.key))).toBe(0);
    }
    const small = fetched(Buffer.from('From: Ana <ana@amis.example>\r\nTo: info@appeal.example\r\nSubject: We endorse\r\nMessage-ID: <small.1@amis.example>\r\n\r\nLes Amis de la Terre endorse the appeal.\r\n'), ++uid);
    await sink.accept([small]);
    expect(await store.getMessage(small.key)).toMatchObject({ kind: expect.any(String) });
    // Over 24 MB of mail taken in; what Redis grew by is records, a small fraction of it.
    expect((await used()) - before).toBeLessThan(2 * 1048576);
  } finally {
    await redis.config('SET', 'maxmemory', '0');
    await understander.close();
    await replyQueue.close();
  }
});

test('a message recorded with an error keeps its staged bytes, for 30 days', async () => {
  const prefix = 'keep';
  const replyQueue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
  const store = createReviewStore(redis, prefix);
  const deps: IntakeDeps = {
    redis, prefix, store, replyQueue, context: { ownAddresses: [], ownDomains: ['appeal.example'] },
    folders: { endorsements: 'E', automated: 'A', junk: 'J' }, repliesEnabled: false, maxMessageBytes: 1000,
  };
  const raw = Buffer.from(`From: a@b.example\r\nMessage-ID: <big.1@b.example>\r\n\r\n${'x'.repeat(2000)}\r\n`);
  const key = messageKey(rawMessageId(raw), raw);
  await redis.set(rawKey(prefix, key), raw, 'EX', 3600);
  // Oversized: only its headers were downloaded; recorded with the reason, a person reads it in the mailbox.
  await processIntake({ key, mailbox: 'INBOX', uidValidity: '1', uid: 1, size: raw.length, receivedAt: new Date().toISOString(), oversized: true }, deps);
  expect(await store.getMessage(key)).toMatchObject({ error: expect.stringMatching(/over the/) });
  expect(await redis.ttl(rawKey(prefix, key))).toBeGreaterThan(29 * 86400);
  await replyQueue.close();
});

test('at start-up, bytes an earlier version kept for stored messages are released; failed ones stay', async () => {
  const prefix = 'old';
  const intake = new Queue<IntakePayload>(INTAKE_QUEUE, { connection: redis, prefix });
  const replyQueue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
  const store = createReviewStore(redis, prefix);
  const deps: IntakeDeps = {
    redis, prefix, store, replyQueue, context: { ownAddresses: [], ownDomains: ['appeal.example'] },
    folders: { endorsements: 'E', automated: 'A', junk: 'J' }, repliesEnabled: false, maxMessageBytes: 1000,
  };
  const ok = Buffer.from('From: a@b.example\r\nMessage-ID: <ok.1@b.example>\r\nSubject: hi\r\n\r\nhello\r\n');
  const big = Buffer.from(`From: a@b.example\r\nMessage-ID: <big.2@b.example>\r\n\r\n${'x'.repeat(2000)}\r\n`);
  const [okKey, bigKey] = [ok, big].map((r) => messageKey(rawMessageId(r), r));
  const job = (key: string, raw: Buffer, oversized: boolean): IntakePayload => ({ key, mailbox: 'INBOX', uidValidity: '1', uid: 1, size: raw.length, receivedAt: new Date().toISOString(), oversized });
  for (const [key, raw, over] of [[okKey, ok, false], [bigKey, big, true]] as const) {
    await redis.set(rawKey(prefix, key!), raw);
    await processIntake(job(key!, raw, over), deps);
  }
  // What a version that kept the bytes 30 days leaves behind.
  await redis.set(rawKey(prefix, okKey!), ok, 'EX', 30 * 86400);
  const r = await reconcile([intake], replyQueue, store, { redis, prefix });
  expect(r.rawReleased).toBe(1);
  expect(await redis.exists(rawKey(prefix, okKey!))).toBe(0);
  expect(await redis.exists(rawKey(prefix, bigKey!))).toBe(1);
  await Promise.all([intake.close(), replyQueue.close()]);
});
