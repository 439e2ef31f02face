/**
 * /metrics as Prometheus reads it: every metric is named endorse_*, in base units with the
 * conventional suffixes, with only fixed labels; stage durations land in the histogram under their
 * stage; Redis out of reach gives a scrape that says so instead of failing; and who may read it.
 */
import type Redis from 'ioredis';
import { forwarded, metricsAccess } from '../../src/metrics/access';
import { createStoreMetrics } from '../../src/metrics/collectors';
import { renderMetrics } from '../../src/metrics/registry';
import { observeStage, timeStage, timeStageSync } from '../../src/metrics/timers';
import { createReviewStore } from '../../src/review/store';
import { parseExposition } from '../helpers/prometheus';

/** A Redis whose every command fails as a refused connection does (the real case is in metrics-store.test.ts). */
const unreachable = () => new Proxy({}, {
  get: (_t, name) => {
    if (name === 'then') return undefined;
    if (name === 'disconnect') return () => undefined;
    return () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
  },
}) as unknown as Redis;

const STORE_METRICS: Record<string, string[]> = {
  endorse_messages: ['kind'],
  endorse_items: ['status'],
  endorse_replies: ['type', 'state'],
  endorse_replies_suppressed: ['type', 'reason'],
  endorse_filing_pending: [],
  endorse_queue_jobs: ['queue', 'state'],
  endorse_queue_oldest_waiting_age_seconds: ['queue'],
  endorse_intake_newest_uid: ['mailbox'],
  endorse_intake_cursor_uid: ['mailbox'],
  endorse_intake_lag_uids: ['mailbox'],
  endorse_connection_state: ['connection', 'state'],
  endorse_metrics_read_seconds: [],
};

test('every metric is declared with an endorse_ name, its type and the conventional suffix', async () => {
  const redis = unreachable();
  try {
    const store = createStoreMetrics({ redis, prefix: 'u', store: createReviewStore(redis, 'u'), queues: [], timeoutMs: 500 });
    const text = await renderMetrics(store);
    const { types } = parseExposition(text);
    for (const name of Object.keys(STORE_METRICS)) expect(types[name]).toBe('gauge');
    expect(types.endorse_stage_duration_seconds).toBe('histogram');
    for (const [name, type] of Object.entries(types)) {
      expect(name).toMatch(/^endorse_[a-z0-9_]+$/);
      // prom-client's own process metrics keep their upstream names (nodejs_active_handles_total is a gauge).
      if (/^endorse_(process|nodejs)_/.test(name)) continue;
      // Counters end in _total; nothing else does. Durations are in seconds, sizes in bytes.
      expect(name.endsWith('_total')).toBe(type === 'counter');
      expect(name).not.toMatch(/_(ms|milliseconds|kb|mb|minutes)$/);
      if (/duration|_age_/.test(name)) expect(name).toMatch(/_seconds$/);
    }
    // Node's own process metrics come along, once, under the same prefix.
    expect(types.endorse_process_resident_memory_bytes).toBe('gauge');
  } finally {
    redis.disconnect();
  }
});

test('Redis out of reach: the scrape answers, says Redis is unreachable and shows no store counts', async () => {
  const redis = unreachable();
  try {
    const store = createStoreMetrics({ redis, prefix: 'u', store: createReviewStore(redis, 'u'), queues: [], timeoutMs: 500 });
    const m = parseExposition(await renderMetrics(store));
    expect(m.value('endorse_connection_state', { connection: 'redis', state: 'unreachable' })).toBe(1);
    expect(m.value('endorse_connection_state', { connection: 'redis', state: 'ok' })).toBe(0);
    for (const name of ['endorse_messages', 'endorse_items', 'endorse_replies', 'endorse_queue_jobs']) {
      expect(m.samples.filter((s) => s.name === name)).toEqual([]);
    }
    // Only the labels declared for each metric appear.
    for (const s of m.samples) {
      if (STORE_METRICS[s.name]) expect(Object.keys(s.labels).sort()).toEqual([...STORE_METRICS[s.name]!].sort());
    }
  } finally {
    redis.disconnect();
  }
});

test('stage durations are observed under their stage, also when the timed work throws', async () => {
  const redis = unreachable();
  const scrape = async () => parseExposition(await renderMetrics(createStoreMetrics({ redis, prefix: 'u', store: createReviewStore(redis, 'u'), queues: [], timeoutMs: 50 })));
  try {
    const before = await scrape();
    const at = (m: typeof before, name: string, labels: Record<string, string>) => m.value(`endorse_stage_duration_seconds_${name}`, labels) ?? 0;
    await timeStage('parse', async () => new Promise((r) => setTimeout(r, 20)));
    await expect(timeStage('send', async () => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(timeStageSync('understand', () => 42)).toBe(42);
    observeStage('fetch', 0.3);
    const after = await scrape();
    for (const stage of ['parse', 'send', 'understand', 'fetch']) expect(at(after, 'count', { stage })).toBe(at(before, 'count', { stage }) + 1);
    expect(at(after, 'sum', { stage: 'parse' }) - at(before, 'sum', { stage: 'parse' })).toBeGreaterThanOrEqual(0.015);
    // 0.3 s falls in the 0.5 s bucket, not in the 0.25 s one.
    expect(at(after, 'bucket', { stage: 'fetch', le: '0.5' })).toBe(at(before, 'bucket', { stage: 'fetch', le: '0.5' }) + 1);
    expect(at(after, 'bucket', { stage: 'fetch', le: '0.25' })).toBe(at(before, 'bucket', { stage: 'fetch', le: '0.25' }));
  } finally {
    redis.disconnect();
  }
});

describe('metricsAccess', () => {
  test('without a token: loopback clients only on the web process; anyone reaching the worker listener', () => {
    expect(metricsAccess(undefined, '127.0.0.1', undefined)).toBe(200);
    expect(metricsAccess(undefined, '::1', undefined)).toBe(200);
    expect(metricsAccess(undefined, '::ffff:127.0.0.1', undefined)).toBe(200);
    expect(metricsAccess(undefined, '172.18.0.5', undefined)).toBe(403);
    expect(metricsAccess(undefined, '::ffff:10.0.0.2', undefined)).toBe(403);
    expect(metricsAccess(undefined, undefined, undefined)).toBe(403);
    expect(metricsAccess(undefined, '172.18.0.5', undefined, false)).toBe(200);
  });
  test('without a token: a request a proxy on this machine passed on is a stranger\'s', () => {
    expect(forwarded({ 'x-forwarded-for': '203.0.113.9' })).toBe(true);
    expect(forwarded({ forwarded: 'for=203.0.113.9' })).toBe(true);
    expect(forwarded({ 'x-real-ip': '203.0.113.9' })).toBe(true);
    expect(forwarded({ host: '127.0.0.1:3000' })).toBe(false);
    expect(metricsAccess(undefined, '127.0.0.1', undefined, true, true)).toBe(403);
    // With a token the token decides, proxy or not.
    expect(metricsAccess('s3cret-token', '127.0.0.1', 'Bearer s3cret-token', true, true)).toBe(200);
  });
  test('with a token: only the right bearer token, from anywhere, loopback included', () => {
    expect(metricsAccess('s3cret-token', '172.18.0.5', 'Bearer s3cret-token')).toBe(200);
    expect(metricsAccess('s3cret-token', '172.18.0.5', 'bearer s3cret-token')).toBe(200);
    expect(metricsAccess('s3cret-token', '127.0.0.1', undefined)).toBe(401);
    expect(metricsAccess('s3cret-token', '127.0.0.1', 'Bearer s3cret-tokeN')).toBe(401);
    expect(metricsAccess('s3cret-token', '127.0.0.1', 'Bearer s3cret')).toBe(401);
    expect(metricsAccess('s3cret-token', '127.0.0.1', 'Basic czNjcmV0LXRva2Vu')).toBe(401);
  });
});
