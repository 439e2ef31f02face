/**
 * SIGTERM to the long-running `endorse worker` (the built CLI) in the middle of a drain, with a slow
 * SMTP server: it starts no new job after the signal, finishes those in flight and exits 0 within
 * STOP_GRACE_SECONDS, leaving no job active or locked in Redis; a restart sends every acknowledgement
 * still due and none twice. Work that cannot finish within the grace period (an SMTP server that never
 * answers) makes it exit 1 at the deadline, naming what it left; a start-up stuck on a frozen Redis
 * exits 1 five seconds past it. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import { INTAKE_LARGE_QUEUE, INTAKE_QUEUE, REPLY_QUEUE } from '../../src/jobs/queues';
import { generateMail } from '../helpers/generate';
import { waitFor } from '../helpers/ports';
import { startRedis } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { cliPath, dueOffline, runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

const N = 300;
const REPLY_CONCURRENCY = 4;
let stack: Stack;
const sinks: SmtpSink[] = [];

beforeAll(async () => {
  if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: run npm run build first`);
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await Promise.all(sinks.map((s) => Promise.race([s.close(), new Promise((r) => setTimeout(r, 2000))])));
  await stack?.stop();
});

/** Start the long-running worker; resolves its exit code, or kills it (SIGKILL) after `limitMs`. */
function startWorker(env: Record<string, string>, limitMs: number) {
  const child = spawnCli(['worker'], env);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, exited, stderr: () => stderr };
}

/** Active jobs and job locks of `prefix` in Redis. */
async function activeAndLocked(prefix: string): Promise<{ active: number; locks: string[] }> {
  const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  try {
    let active = 0;
    for (const name of [INTAKE_QUEUE, INTAKE_LARGE_QUEUE, REPLY_QUEUE]) {
      const q = new Queue(name, { connection: redis, prefix });
      active += await q.getActiveCount();
      await q.close();
    }
    return { active, locks: await redis.keys(`${prefix}:*:lock`) };
  } finally {
    redis.disconnect();
  }
}

test('SIGTERM mid-drain: no new job, in-flight work finished within the grace period, nothing left locked; a restart sends the rest once', async () => {
  const slow = await startSmtpSink({ delayMs: 250 });
  sinks.push(slow);
  const mail = generateMail(N, { seed: 21 });
  await stack.append(mail.map((m) => m.raw));
  const env = stack.env({
    SMTP_PORT: String(slow.port), REPLY_MAX_PER_HOUR: '100000', LOG_LEVEL: 'info', STOP_GRACE_SECONDS: '20',
    REPLY_CONCURRENCY: String(REPLY_CONCURRENCY), WORKER_THREADS: '1', FETCH_BATCH: '50',
  });
  const w = startWorker(env, 120_000);
  // The signal lands while a reply is on the wire (MAIL FROM sent, DATA not yet answered).
  await waitFor('replies going out, one in flight', async () => slow.messages.length >= 10 && slow.mailFromAt.length > slow.messages.length, 120_000);
  const signalAt = Date.now();
  const startedBefore = slow.mailFromAt.length;
  w.child.kill('SIGTERM');
  const code = await w.exited;
  const stopMs = Date.now() - signalAt;
  const startedAfter = slow.mailFromAt.filter((t) => t >= signalAt);
  const sentAtStop = slow.messages.length;
  process.stderr.write(`sigterm test: stopped in ${stopMs} ms; ${startedBefore} SMTP transactions before the signal, ${startedAfter.length} after (at +${startedAfter.map((t) => t - signalAt).join(', +')} ms); ${sentAtStop} replies accepted by then\n`);
  expect(code).toBe(0);
  expect(stopMs).toBeLessThan(20_000);
  expect(w.stderr()).toContain('"msg":"stopped: in-flight work finished"');
  // Only jobs already active at the signal may still open a transaction: no new job was taken.
  expect(startedAfter.length).toBeLessThanOrEqual(REPLY_CONCURRENCY);
  expect(await activeAndLocked(env.QUEUE_PREFIX!)).toEqual({ active: 0, locks: [] });
  expect(sentAtStop).toBeLessThan(N / 2);
  expect(sentAtStop).toBeGreaterThan(startedBefore - 1);
  // In-flight work was finished, not dropped: every reply the server accepted is recorded as sent.
  const atStop = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string; acknowledged: boolean }>;
  const acceptedAtStop = new Set<string>();
  for (const m of slow.messages) acceptedAtStop.add(String((await simpleParser(m.raw)).inReplyTo));
  expect(new Set(atStop.filter((m) => m.acknowledged).map((m) => m.messageId))).toEqual(acceptedAtStop);

  const again = await runCli(['worker', '--once'], env);
  expect(again.code).toBe(0);
  const messages = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string; acknowledged: boolean }>;
  expect(messages).toHaveLength(N);
  const replies: string[] = [];
  for (const m of slow.messages) replies.push(String((await simpleParser(m.raw)).inReplyTo));
  const acked = new Set(messages.filter((m) => m.acknowledged).map((m) => m.messageId));
  expect(replies.length).toBe(new Set(replies).size);
  expect(new Set(replies)).toEqual(acked);
  expect(acked).toEqual(await dueOffline(mail.map((m) => m.raw), env));
}, 300_000);

test('work that outlives STOP_GRACE_SECONDS: exit 1 at the deadline, with a log line naming what was left', async () => {
  const stuck = await startSmtpSink({ delayMs: 20_000 });
  sinks.push(stuck);
  await stack.append(generateMail(8, { seed: 5 }).map((m) => m.raw));
  const env = stack.env({ SMTP_PORT: String(stuck.port), QUEUE_PREFIX: 'tgrace', LOG_LEVEL: 'info', STOP_GRACE_SECONDS: '3', WORKER_THREADS: '0' });
  const w = startWorker(env, 60_000);
  await waitFor('a reply on the wire', async () => stuck.mailFromAt.length >= 1, 120_000);
  const signalAt = Date.now();
  w.child.kill('SIGTERM');
  const code = await w.exited;
  const stopMs = Date.now() - signalAt;
  process.stderr.write(`sigterm grace test: exit ${code} after ${stopMs} ms\n`);
  expect(code).toBe(1);
  expect(stopMs).toBeGreaterThanOrEqual(3000);
  expect(stopMs).toBeLessThan(8000);
  const line = w.stderr().split('\n').find((l) => l.includes('stop grace period'));
  expect(line).toBeDefined();
  expect(JSON.parse(line!)).toMatchObject({ level: 50, left: expect.arrayContaining(['intake and reply jobs']), active: { reply: expect.any(Number) } });
  expect(JSON.parse(line!).active.reply).toBeGreaterThan(0);
}, 180_000);

test('SIGTERM while start-up waits on a frozen Redis: exit 1 shortly after the grace period, saying so', async () => {
  const frozen = await startRedis();
  process.kill(frozen.pid, 'SIGSTOP');
  try {
    const env = stack.env({ REDIS_URL: frozen.url, QUEUE_PREFIX: 'tfrozen', LOG_LEVEL: 'info', STOP_GRACE_SECONDS: '1', WORKER_THREADS: '0' });
    const w = startWorker(env, 60_000);
    // Connected (the port accepts) but no answer: start-up waits on its first command. The signal is
    // sent once the worker says it is starting (its handlers are in place), however slow the machine.
    await waitFor('the worker to start', async () => /starting: checking the state in Redis/.test(w.stderr()), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const signalAt = Date.now();
    w.child.kill('SIGTERM');
    const code = await w.exited;
    const stopMs = Date.now() - signalAt;
    process.stderr.write(`sigterm frozen-redis test: exit ${code} after ${stopMs} ms\n`);
    expect(code).toBe(1);
    expect(stopMs).toBeLessThan(15_000);
    expect(w.stderr()).toMatch(/still running 6 s after SIGTERM: exiting now/);
  } finally {
    process.kill(frozen.pid, 'SIGCONT');
    await frozen.stop();
  }
}, 120_000);
