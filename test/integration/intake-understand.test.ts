/**
 * The watcher's sink against a real Redis: fetched mail understood in worker threads (the built code,
 * as `endorse worker` runs it) or inline lands in the store alike, with no mail bytes in Redis; and a
 * thread that dies under its heap limit does not stop intake: its messages are recorded from their
 * headers, as unreadable, never answered.
 */
import { join } from 'node:path';
import Redis from 'ioredis';
import type { FetchedMessage } from '../../src/intake/types';
import { understandOptions } from '../../src/jobs/intake';
import { createIntakeSink } from '../../src/jobs/sink';
import type * as Pool from '../../src/jobs/understand-pool';
import { createLogger } from '../../src/log';
import { messageKey, rawMessageId } from '../../src/mail/key';
import { generateMail } from '../helpers/generate';
import { intakeDeps } from '../helpers/intake-deps';
import { startRedis, type RedisServer } from '../helpers/redis';

let createUnderstander: typeof Pool.createUnderstander;
let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  // The compiled pool: its thread entry is JavaScript next to it (npm test builds first).
  ({ createUnderstander } = (await import(join(__dirname, '../../dist/src/jobs/understand-pool.js'))) as typeof Pool);
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const log = createLogger('silent');
const mail = generateMail(40, { seed: 21 });
const batch: FetchedMessage[] = mail.map((m, i) => ({
  mailbox: 'INBOX', uidValidity: '7', uid: i + 1, key: messageKey(rawMessageId(m.raw), m.raw),
  size: m.raw.length, receivedAt: new Date(Date.UTC(2024, 0, 1, 0, i)), raw: m.raw, oversized: false,
}));

async function keys(pattern: string): Promise<string[]> {
  return redis.keys(pattern);
}

test('threads and inline take a batch in alike, and no mail bytes enter Redis', async () => {
  const views: unknown[][] = [];
  for (const [prefix, size] of [['threads', 1], ['inline', 0]] as const) {
    const { deps, store, replyQueue } = intakeDeps(redis, prefix);
    const understander = createUnderstander({ size, understand: understandOptions(deps), log, minBatch: 8 });
    try {
      await createIntakeSink(deps, understander).accept(batch);
      if (size) expect(understander.threads).toBe(1);
      const recs = await Promise.all(batch.map((m) => store.getMessage(m.key)));
      const items = await store.listItems({ history: false });
      views.push([
        recs.map((r) => r && [r.key, r.kind, r.acknowledgeDue, r.endorsementIds, r.error ?? null]),
        items.map((i) => [i.id, i.organisation, i.name, i.country, i.duplicateOf]),
      ]);
      expect(recs.every(Boolean)).toBe(true);
      expect(await replyQueue.count()).toBe(recs.filter((r) => r?.acknowledgeDue).length);
      expect(await keys(`${prefix}:raw:*`)).toEqual([]);
    } finally {
      await understander.close();
      await replyQueue.close();
    }
  }
  expect(views[0]).toEqual(views[1]);
  // The generated mix is mostly endorsements: the comparison compared something.
  expect((views[0]![1] as unknown[]).length).toBeGreaterThan(20);
});

test('a batch handed over twice is stored once', async () => {
  const { deps, store, replyQueue } = intakeDeps(redis, 'twice');
  const understander = createUnderstander({ size: 1, understand: understandOptions(deps), log, minBatch: 8 });
  try {
    const sink = createIntakeSink(deps, understander);
    await sink.accept(batch);
    const items = (await store.listItems({ history: false })).length;
    await sink.accept(batch);
    expect((await store.listItems({ history: false })).length).toBe(items);
    expect((await store.listMessages()).length).toBe(batch.length);
  } finally {
    await understander.close();
    await replyQueue.close();
  }
});

test('a thread that dies under its heap limit: its messages are recorded from their headers, unanswered, and intake goes on', async () => {
  const { deps, store, replyQueue } = intakeDeps(redis, 'oom');
  // Far too little heap to parse anything: every thread dies on its first message.
  const understander = createUnderstander({ size: 1, understand: understandOptions(deps), log, minBatch: 1, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } });
  const few = batch.slice(0, 3);
  try {
    await createIntakeSink(deps, understander).accept(few);
    for (const [i, m] of few.entries()) {
      const rec = await store.getMessage(m.key);
      expect(rec).toMatchObject({ kind: 'question', acknowledgeDue: false, endorsementIds: [], messageId: mail[i]!.messageId });
      // From the header block: who wrote it is still shown.
      expect(rec?.from).toContain(/^From:.*<([^>]+)>/m.exec(m.raw.toString('latin1'))![1]!.toLowerCase());
      expect(rec?.error).toMatch(/exhausted the memory allowed/);
      expect((await store.filingSource().take(10)).find((f) => f.key === m.key)?.folder).toBeNull();
    }
    expect(await replyQueue.count()).toBe(0);
  } finally {
    await understander.close();
    await replyQueue.close();
  }
});
