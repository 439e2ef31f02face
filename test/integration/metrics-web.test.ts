/**
 * The web process's /metrics route with a real Redis: open to this machine without a login (Prometheus
 * has none) but not to a request a proxy passed on; with METRICS_TOKEN only to the bearer; absent
 * from an app built without metrics; security headers as on every answer.
 */
import { createStoreMetrics } from '../../src/metrics/collectors';
import { buildApp } from '../../src/web/app';
import { parseExposition } from '../helpers/prometheus';
import { closeAll, world } from './web-world';

afterAll(closeAll);

async function app(token?: string) {
  const w = await world();
  const store = createStoreMetrics({ redis: w.redis, prefix: w.prefix, store: w.store, queues: [w.replyQueue] });
  const a = await buildApp({ store: w.store, users: w.users, replyQueue: w.replyQueue, config: { APPEAL_TITLE: 'Peace Appeal', REPLIES: true }, metrics: { store, token } });
  return { w, a };
}

test('no token: this machine reads it without a login; a proxied request or another host does not', async () => {
  const { a } = await app();
  try {
    const res = await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const m = parseExposition(res.body);
    expect(m.value('endorse_items', { status: 'pending' })).toBe(0);
    expect(m.value('endorse_queue_jobs', { queue: 'reply', state: 'waiting' })).toBe(0);
    expect((await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    expect((await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.10' })).statusCode).toBe(403);
  } finally {
    await a.close();
  }
});

test('with a token: only the bearer of it, from anywhere', async () => {
  const { a } = await app('a-long-random-metrics-token');
  try {
    expect((await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.10', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    const ok = await a.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.10', headers: { authorization: 'Bearer a-long-random-metrics-token', 'x-forwarded-for': '203.0.113.9' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('endorse_messages{kind="endorsement"} 0');
  } finally {
    await a.close();
  }
});

test('an app built without metrics has no /metrics', async () => {
  const w = await world();
  const res = await w.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
  expect([res.statusCode, res.body]).not.toEqual([200, expect.stringContaining('endorse_')]);
  expect(res.body).not.toContain('endorse_items');
});
