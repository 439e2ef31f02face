/**
 * `worker --once` with the global circuit breaker tripping: the run ends instead of waiting out the
 * hour, sends no more than the limit, and keeps the rest as delayed jobs (nothing dropped).
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { runCli, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack?.stop());

test('a tripped breaker holds replies back as delayed jobs and --once still exits', async () => {
  const mail = generateMail(40, { seed: 3 }).filter((m) => m.intended === 'endorsement').slice(0, 8);
  await stack.append(mail.map((m) => m.raw));
  const env = stack.env({ REPLY_MAX_PER_HOUR: '3', LOG_LEVEL: 'warn' });
  const started = Date.now();
  const run = await runCli(['worker', '--once'], env);
  expect(run.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(run.stderr).toMatch(/held back by the circuit breaker/);
  expect(stack.smtp.messages).toHaveLength(3);
  const redis = new Redis(stack.redis.url);
  const q = new Queue('reply', { connection: redis, prefix: env.QUEUE_PREFIX });
  try {
    expect((await q.getJobCounts('delayed')).delayed).toBe(5);
  } finally {
    await q.close();
    redis.disconnect();
  }
}, 120_000);
