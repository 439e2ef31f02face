/**
 * Redis restarted from an AOF that lags behind what it had acknowledged (as after a crash with
 * `appendfsync everysec`, or a failover to a lagging replica): the epoch is still there, but its
 * checkpoint is older than the one the worker remembered in STATE_DIR, so the next run rebuilds the
 * lost work from the mailbox and sends nothing twice. Real Redis with AOF, Dovecot, SMTP sink.
 */
import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { runCli } from '../helpers/stack';
import { stackForFile } from '../helpers/stack-for-file';

const world = stackForFile({ redisAppendonly: true });

test('Redis restarted from a lagging AOF: the lost work is rebuilt, nothing sent twice', async () => {
  const { stack, stateDir } = world;
  const env = stack.env({ QUEUE_PREFIX: 'aof', STATE_DIR: stateDir, LOG_LEVEL: 'warn', REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000' });
  const mail = generateMail(60, { seed: 17, bigEvery: 0 });
  await stack.append(mail.slice(0, 30).map((m) => m.raw));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  // everysec: after 1.5 s the first run is on disk; this copy is the AOF a lagging restart brings back.
  await new Promise((r) => setTimeout(r, 1500));
  const aofCopy = stack.redis.snapshotAof();
  try {
    await stack.append(mail.slice(30).map((m) => m.raw));
    expect((await runCli(['worker', '--once'], env)).code).toBe(0);
    const mark = stack.smtp.messages.length;
    await stack.redis.restartFrom(aofCopy);
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
