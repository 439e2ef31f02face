/**
 * Redis restarted from an AOF that lags behind what it had acknowledged (as after a crash with
 * `appendfsync everysec`, or a failover to a lagging replica): the epoch is still there, but its
 * checkpoint is older than the one the worker remembered in STATE_DIR, so the next run rebuilds the
 * lost work from the mailbox and sends nothing twice. Real Redis with AOF, Dovecot, SMTP sink.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { stopPid, waitFor } from '../helpers/ports';
import { runCli, startStack, type Stack } from '../helpers/stack';
import { which } from '../helpers/which';

let stack: Stack;
let stateDir: string;
let restarted: number | null = null;
beforeAll(async () => {
  stack = await startStack({ redisAppendonly: true });
  stateDir = mkdtempSync(join(tmpdir(), 'endorse-state-'));
}, 60_000);
afterAll(async () => {
  if (restarted) await stopPid(restarted);
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

/** Kill Redis at once and start it again on the same port from the AOF files in `aofCopy`. */
async function restartFrom(aofCopy: string): Promise<void> {
  const { port, dir } = stack.redis;
  process.kill(stack.redis.pid, 'SIGKILL');
  await waitFor('redis-server to die', async () => {
    try {
      process.kill(stack.redis.pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  rmSync(join(dir, 'appendonlydir'), { recursive: true, force: true });
  cpSync(aofCopy, join(dir, 'appendonlydir'), { recursive: true });
  const child = spawn(which('redis-server', 'apt-get install redis-server'), ['--bind', '127.0.0.1', '--port', String(port), '--save', '',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir, '--maxmemory-policy', 'noeviction', '--logfile', join(dir, 'redis2.log')], { stdio: 'ignore' });
  child.unref();
  restarted = child.pid!;
  await waitFor('redis-server to load its AOF', async () => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  });
}

test('Redis restarted from a lagging AOF: the lost work is rebuilt, nothing sent twice', async () => {
  const env = stack.env({ QUEUE_PREFIX: 'aof', STATE_DIR: stateDir, LOG_LEVEL: 'warn', REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000' });
  const mail = generateMail(60, { seed: 17, bigEvery: 0 });
  await stack.append(mail.slice(0, 30).map((m) => m.raw));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  // everysec: after 1.5 s the first run is on disk; this copy is the AOF a lagging restart brings back.
  await new Promise((r) => setTimeout(r, 1500));
  const aofCopy = mkdtempSync(join(tmpdir(), 'aof-copy-'));
  cpSync(join(stack.redis.dir, 'appendonlydir'), aofCopy, { recursive: true });
  try {
    await stack.append(mail.slice(30).map((m) => m.raw));
    expect((await runCli(['worker', '--once'], env)).code).toBe(0);
    const mark = stack.smtp.messages.length;
    await restartFrom(aofCopy);
    const r = await runCli(['worker', '--once'], env);
    if (r.code !== 0) process.stderr.write(r.stderr.slice(-3000));
    expect(r.code).toBe(0);
    const rows = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string }>;
    expect(rows).toHaveLength(mail.length);
    expect(new Set(rows.map((x) => x.messageId))).toEqual(new Set(mail.map((m) => m.messageId)));
    expect(stack.smtp.messages.length).toBe(mark);
    const redis = new Redis(stack.redis.url);
    try {
      expect(JSON.parse((await redis.get('aof:recovery'))!).reason).toMatch(/lost its latest writes/);
    } finally {
      redis.disconnect();
    }
  } finally {
    rmSync(aofCopy, { recursive: true, force: true });
  }
}, 300_000);
