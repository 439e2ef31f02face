/**
 * The store metrics against a real Redis: at 10,000 messages the counts by kind, status, reply
 * state and suppression reason equal what the store itself lists, a change shows at the next
 * scrape, and a scrape stays cheap (the time is printed). Queue depths and the oldest waiting job's
 * age come from a real BullMQ queue; a Redis that goes away is reported, not fatal.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createStoreMetrics } from '../../src/metrics/collectors';
import { KINDS } from '../../src/mail/types';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord, ReplyState } from '../../src/review/types';
import { parseExposition } from '../helpers/prometheus';
import { startRedis, type RedisServer } from '../helpers/redis';

const MESSAGES = 10_000;
let server: RedisServer;
let redis: Redis;
let store: ReviewStore;
const prefix = `m${randomUUID().slice(0, 8)}`;

function message(n: number): MessageRecord {
  const kind = KINDS[(n * 7 + (n >> 3)) % KINDS.length]!;
  return {
    key: `k${n}`, messageId: `<k${n}@example.net>`, mailbox: 'INBOX', uidValidity: '7', uid: n + 1,
    receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    from: `Person ${n} <person${n}@example.net>`, replyTo: null, subject: `Message ${n}`, kind, language: 'en',
    acknowledgeDue: kind === 'endorsement', acknowledged: false, reply: 'none', reasons: [], notes: [],
    size: 1000, oversized: false, endorsementIds: [], folder: null, text: 'We endorse the appeal.', attachments: [], references: [],
  };
}

function item(n: number, i: number): EndorsementItem {
  return {
    id: 'set-by-store', status: 'pending', signerType: 'organisation', organisation: `Organisation ${n}-${i}`, name: null, country: 'DE',
    website: null, contactName: null, contactEmail: `person${n}@example.net`, messageId: null, messageKey: 'set-by-store',
    receivedAt: '2026-01-01T00:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'en', evidence: {}, confidence: 0.9, history: [],
  };
}

const ACK_OUTCOMES: [ReplyState, string | undefined][] = [
  ['sent', undefined], ['suppressed', 'not_due'], ['suppressed', 'rate_limited: already answered person@example.net today'],
  ['suppressed', 'own_address'], ['failed', '550 no such user'], ['queued', 'not yet sent: 451 try later'], ['none', undefined],
  ['suppressed', 'a reason no policy gives'],
];

/** Count values of `key(x)` over `xs`. */
function tally<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v > 0));

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  store = createReviewStore(redis, prefix);
  // 10,000 messages as intake records them; endorsements carry one or two items.
  for (let start = 0; start < MESSAGES; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, MESSAGES - start) }, (_, j) => {
      const n = start + j;
      const rec = message(n);
      const items = rec.kind === 'endorsement' ? (n % 5 === 0 ? [item(n, 0), item(n, 1)] : [item(n, 0)]) : [];
      return store.recordMessage(rec, items, items.map((_, i) => [`org:${n}-${i}`]), { key: rec.key, mailbox: 'INBOX', uidValidity: '7', uid: n + 1, folder: null });
    }));
  }
  // Replies and reviews as the reply worker and organisers leave them.
  const replies: Promise<void>[] = [];
  for (let n = 0; n < MESSAGES; n++) {
    const [state, detail] = ACK_OUTCOMES[n % ACK_OUTCOMES.length]!;
    if (state !== 'none') replies.push(store.setReply(`k${n}`, state, detail));
  }
  await Promise.all(replies);
  const pending = await store.listItems({ status: 'pending', history: false });
  await Promise.all(pending.slice(0, 1500).map((it, i) => store.transition(it.id, (['approve', 'reject', 'withdraw'] as const)[i % 3]!, 'alice')));
  await Promise.all(pending.slice(0, 1500).filter((_, i) => i % 3 === 0).map((it, i) => store.setItemReply(it.id, i % 4 === 0 ? 'suppressed' : 'sent', i % 4 === 0 ? 'bouncing' : undefined)));
}, 300_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** What the store itself lists, counted here (not by the metrics code). */
async function storeCounts() {
  const [messages, items] = await Promise.all([store.listMessages(), store.listItems({ history: false })]);
  const reason = (d: string | undefined) => {
    const r = (d ?? '').split(':')[0]!;
    return ['not_due', 'rate_limited', 'own_address', 'bouncing'].includes(r) ? r : 'other';
  };
  return {
    kinds: tally(messages, (m) => m.kind),
    statuses: tally(items, (i) => i.status),
    ackStates: tally(messages, (m) => m.reply),
    itemStates: tally(items, (i) => i.reply ?? 'none'),
    ackSuppressed: tally(messages.filter((m) => m.reply === 'suppressed'), (m) => reason(m.replyDetail)),
    itemSuppressed: tally(items.filter((i) => i.reply === 'suppressed'), (i) => reason(i.replyDetail)),
  };
}

async function scrape(metrics: ReturnType<typeof createStoreMetrics>) {
  await metrics.refresh();
  return parseExposition(await metrics.registry.metrics());
}

test('at 10,000 messages the counts equal the store\'s, a change shows at the next scrape, and a scrape is cheap', async () => {
  const metrics = createStoreMetrics({ redis, prefix, store, queues: [] });
  const t0 = process.hrtime.bigint();
  let m = await scrape(metrics);
  const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const want = await storeCounts();
  expect(Object.values(want.kinds).reduce((a, b) => a + b, 0)).toBe(MESSAGES);
  expect(nonZero(m.by('endorse_messages', 'kind'))).toEqual(want.kinds);
  expect(nonZero(m.by('endorse_items', 'status'))).toEqual(want.statuses);
  expect(nonZero(m.by('endorse_replies', 'state', { type: 'acknowledgement' }))).toEqual(want.ackStates);
  expect(nonZero(m.by('endorse_replies', 'state', { type: 'item' }))).toEqual(want.itemStates);
  expect(m.by('endorse_replies_suppressed', 'reason', { type: 'acknowledgement' })).toEqual(want.ackSuppressed);
  expect(m.by('endorse_replies_suppressed', 'reason', { type: 'item' })).toEqual(want.itemSuppressed);
  // A detail naming an address never reaches a label.
  expect(await metrics.registry.metrics()).not.toContain('@');

  // Steady state: what Prometheus pays every scrape interval, and of it, the time Redis spends in the
  // counting scripts (commandstats; the commands a script calls are inside its time, so only EVALSHA).
  const redisUsec = async () => Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
  // And the CPU Redis used (from /proc, in clock ticks: less sensitive than wall time to other load).
  const redisCpuMs = () => {
    const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
    // Fields after the command name: utime and stime are the 12th and 13th (proc(5)), at 100 ticks a second.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const before = await redisUsec();
  const cpuBefore = redisCpuMs();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    await metrics.refresh();
    await metrics.registry.metrics();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const redisMs = (await redisUsec() - before) / 1000 / times.length;
  const cpuMs = (redisCpuMs() - cpuBefore) / times.length;
  times.sort((a, b) => a - b);
  const median = times[5]!;
  console.log(`metrics scrape at ${MESSAGES} messages: first ${firstMs.toFixed(1)} ms, then median ${median.toFixed(1)} ms, max ${times[9]!.toFixed(1)} ms; Redis in scripts ${redisMs.toFixed(1)} ms and ${cpuMs.toFixed(0)} ms of Redis CPU per scrape (load ${loadavg()[0]!.toFixed(1)})`);
  expect(median).toBeLessThan(1000);

  // One more message, an approval and a reply outcome: the next scrape has them.
  const extra = message(MESSAGES);
  await store.recordMessage({ ...extra, kind: 'endorsement' }, [item(MESSAGES, 0)], [['org:extra']], { key: extra.key, mailbox: 'INBOX', uidValidity: '7', uid: MESSAGES + 1, folder: null });
  await store.transition(`${extra.key}-0`, 'approve', 'alice');
  await store.setReply(extra.key, 'suppressed', 'too_old');
  m = await scrape(metrics);
  expect(m.value('endorse_messages', { kind: 'endorsement' })).toBe(want.kinds.endorsement! + 1);
  expect(m.value('endorse_items', { status: 'approved' })).toBe(want.statuses.approved! + 1);
  expect(m.value('endorse_replies_suppressed', { type: 'acknowledgement', reason: 'too_old' })).toBe(1);
}, 120_000);

test('queue depths by state and the age of the oldest waiting job, from a real BullMQ queue', async () => {
  const queue = new Queue(`metrics-${randomUUID().slice(0, 8)}`, { connection: redis, prefix });
  try {
    const first = await queue.add('j', { n: 1 });
    await new Promise((r) => setTimeout(r, 30));
    await queue.add('j', { n: 2 });
    await queue.add('j', { n: 3 }, { delay: 60_000 });
    const now = first.timestamp + 90_000;
    const metrics = createStoreMetrics({ redis, prefix, store, queues: [queue], now: () => now });
    const m = await scrape(metrics);
    expect(m.value('endorse_queue_jobs', { queue: queue.name, state: 'waiting' })).toBe(2);
    expect(m.value('endorse_queue_jobs', { queue: queue.name, state: 'delayed' })).toBe(1);
    expect(m.value('endorse_queue_jobs', { queue: queue.name, state: 'active' })).toBe(0);
    // The oldest waiting job is the first added, not the newest.
    expect(m.value('endorse_queue_oldest_waiting_age_seconds', { queue: queue.name })).toBeCloseTo(90, 3);
    await queue.drain(true);
    const empty = await scrape(metrics);
    expect(empty.value('endorse_queue_jobs', { queue: queue.name, state: 'waiting' })).toBe(0);
    expect(empty.value('endorse_queue_oldest_waiting_age_seconds', { queue: queue.name })).toBe(0);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
});

test('Redis gone: the scrape says so within its timeout and shows no stale counts', async () => {
  const other = await startRedis();
  const client = new Redis(other.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    const s = createReviewStore(client, 'gone');
    const metrics = createStoreMetrics({ redis: client, prefix: 'gone', store: s, queues: [], timeoutMs: 1000 });
    let m = await scrape(metrics);
    expect(m.value('endorse_connection_state', { connection: 'redis', state: 'ok' })).toBe(1);
    expect(m.value('endorse_messages', { kind: 'endorsement' })).toBe(0);
    await other.stop();
    const t = Date.now();
    m = await scrape(metrics);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(m.value('endorse_connection_state', { connection: 'redis', state: 'unreachable' })).toBe(1);
    expect(m.value('endorse_messages', { kind: 'endorsement' })).toBeUndefined();
  } finally {
    client.disconnect();
    await other.stop();
  }
});
