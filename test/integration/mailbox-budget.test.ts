/**
 * The Redis semaphore behind the connection budget, on a real Redis: never more holders than slots
 * however many wait, a released slot goes to a waiter, and a holder that dies (stops renewing) loses
 * its slot when its lease lapses.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisBudget } from '../../src/mailbox/budget';
import { startRedis, type RedisServer } from '../helpers/redis';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
}, 30_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('six users of two slots: at most two at once, and all of them get their turn', async () => {
  const budget = redisBudget(redis, `b-${randomUUID()}`, 2, { pollMs: 20 });
  let inside = 0;
  let most = 0;
  const done: number[] = [];
  await Promise.all(Array.from({ length: 6 }, async (_, i) => {
    const lease = await budget.acquire();
    inside++;
    most = Math.max(most, inside);
    await sleep(50);
    inside--;
    await lease.release();
    done.push(i);
  }));
  expect(most).toBe(2);
  expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
});

test('a holder that stops renewing loses its slot after its lease', async () => {
  const key = `b-${randomUUID()}`;
  // A second Redis connection stands for another process; disconnecting it stops its renewals.
  const other = new Redis(server.url);
  const dead = redisBudget(other, key, 1, { leaseMs: 600, pollMs: 20 });
  await dead.acquire();
  other.disconnect();
  const budget = redisBudget(redis, key, 1, { leaseMs: 600, pollMs: 20 });
  const started = Date.now();
  const lease = await budget.acquire();
  const waited = Date.now() - started;
  expect(waited).toBeGreaterThanOrEqual(300);
  expect(waited).toBeLessThan(5000);
  await lease.release();
});

test('a live holder keeps its slot past its lease by renewing it', async () => {
  const key = `b-${randomUUID()}`;
  const budget = redisBudget(redis, key, 1, { leaseMs: 300, pollMs: 20 });
  const held = await budget.acquire();
  let second = false;
  const waiting = budget.acquire().then((l) => {
    second = true;
    return l;
  });
  await sleep(1000);
  expect(second).toBe(false);
  await held.release();
  await (await waiting).release();
  expect(second).toBe(true);
});
