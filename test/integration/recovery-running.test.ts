/**
 * Redis flushed under a running `endorse worker`: the next checkpoint (every second here) sees the
 * epoch gone, stops the watcher and the replies, rebuilds from the mailbox and goes on; nothing is sent
 * twice and every message comes back. Real Redis, Dovecot and SMTP sink on loopback.
 */
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { runCli, spawnCli } from '../helpers/stack';
import { stackForFile } from '../helpers/stack-for-file';

const world = stackForFile();

let stderr = '';

async function until(what: string, ok: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the worker said:\n${stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('FLUSHALL under a running worker: rebuilt at the next checkpoint, nothing sent twice; endorse rebuild with nothing lost changes nothing', async () => {
  const { stack, stateDir } = world;
  const env = stack.env({
    QUEUE_PREFIX: 'live', STATE_DIR: stateDir, EPOCH_CHECKPOINT_SECONDS: '1', LEASE_SECONDS: '5', LOG_LEVEL: 'warn',
    REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000',
  });
  const mail = generateMail(40, { seed: 3, bigEvery: 0 });
  await stack.append(mail.map((m) => m.raw));
  const redis = new Redis(stack.redis.url);
  const child = spawnCli(['worker'], env);
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const settled = async () => (await redis.zcard('live:messages')) === mail.length && (await redis.zcard('live:filing')) === 0
      && (await redis.exists('live:epoch')) === 1;
    await until('the first drain', settled);
    // The queued acknowledgements go out, then nothing more for a moment.
    let last = -1;
    await until('replies to stop', async () => {
      const n = stack.smtp.messages.length;
      const still = n === last && (await redis.llen('live:reply:wait')) === 0;
      last = n;
      await new Promise((r) => setTimeout(r, 1500));
      return still && n > 0;
    });
    const sent = stack.smtp.messages.length;
    await redis.flushall();
    await until('the recovery', async () => (await redis.exists('live:recovery')) === 1 && (await redis.zcard('live:messages')) === mail.length);
    await until('the folders to settle', async () => (await redis.zcard('live:filing')) === 0);
    await new Promise((r) => setTimeout(r, 3000));
    expect(stack.smtp.messages.length).toBe(sent);
    const rec = JSON.parse((await redis.get('live:recovery'))!) as { reason: string; replies: number };
    expect(rec.reason).toMatch(/epoch is gone/);
    expect(rec.replies).toBe(sent);

    // Asked for again while nothing is lost (endorse rebuild): the running worker rebuilds, and
    // finds nothing missing, sends nothing and requests no move.
    const asked = await runCli(['rebuild'], env);
    expect(asked.code).toBe(0);
    await until('the asked-for rebuild', async () => /asked for/.test((await redis.get('live:recovery')) ?? ''));
    const again = JSON.parse((await redis.get('live:recovery'))!) as { messages: number; replies: number; repliesRebuilt: number };
    expect(again).toMatchObject({ messages: 0, replies: sent, repliesRebuilt: 0 });
    expect(await redis.zcard('live:filing')).toBe(0);
    expect(await redis.zcard('live:messages')).toBe(mail.length);
    await new Promise((r) => setTimeout(r, 2000));
    expect(stack.smtp.messages.length).toBe(sent);
  } finally {
    child.kill('SIGTERM');
    await exited;
    redis.disconnect();
  }
  const messages = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string }>;
  expect(new Set(messages.map((m) => m.messageId)).size).toBe(mail.length);
}, 240_000);
