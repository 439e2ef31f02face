/**
 * After a rebuild in a running worker, every reply still owed goes out at once, even one whose job
 * Redis kept in a final state, which the intake that brings the record back cannot queue again under
 * the same job id: a job restored without its message record (its `add` reached the restarted server,
 * the record before it did not) fails for want of it; a job that completed against state Redis lost
 * since stays completed. The worker queues what is owed, as at a start, before replies go on (the
 * periodic repair, every minute, retries only failed jobs). Real Redis, Dovecot, SMTP sink on loopback.
 */
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { messageKey } from '../../src/mail/key';
import { replyJobId, type ReplyPayload } from '../../src/replies/reply-job';
import { generateMail } from '../helpers/generate';
import { runCli, spawnCli } from '../helpers/stack';
import { stackForFile } from '../helpers/stack-for-file';

const world = stackForFile();

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * `prepare` leaves the job of one acknowledgement in the state a lagging restore can leave it, before
 * its message is in the store; the worker then takes the message in, and must not send until a
 * rebuild (`endorse rebuild`) has queued what is owed; then it sends once, within seconds.
 */
async function owedAfterRebuild(prefix: string, seed: number, prepare: (queue: Queue<ReplyPayload>, payload: ReplyPayload, connection: () => Redis) => Promise<void>): Promise<void> {
  const { stack, stateDir } = world;
  const env = stack.env({
    QUEUE_PREFIX: prefix, STATE_DIR: stateDir, EPOCH_CHECKPOINT_SECONDS: '1', LEASE_SECONDS: '5',
    REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000',
  });
  const [mail] = generateMail(8, { seed, bigEvery: 0 }).filter((m) => m.intended === 'endorsement');
  const payload: ReplyPayload = { type: 'acknowledgement', id: messageKey(mail!.messageId, Buffer.alloc(0)) };
  const redis = new Redis(stack.redis.url);
  const connection = () => new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue<ReplyPayload>('reply', { connection: connection(), prefix });
  let child: ReturnType<typeof spawnCli> | null = null;
  let stderr = '';
  try {
    await prepare(queue, payload, connection);
    child = spawnCli(['worker'], env);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('the worker to start', async () => (await redis.exists(`${prefix}:epoch`)) === 1);
    await until('the job in its final state', async () => (await queue.getFailedCount()) + (await queue.getCompletedCount()) === 1);
    await stack.append([mail!.raw]);
    await until('the message in the store', async () => (await redis.zcard(`${prefix}:messages`)) === 1);
    await new Promise((r) => setTimeout(r, 3000));
    const mine = () => stack.smtp.messages.filter((m) => m.raw.toString('latin1').includes(mail!.messageId)).length;
    expect(mine()).toBe(0);

    expect((await runCli(['rebuild'], env)).code).toBe(0);
    // Well within the periodic repair's minute: queued by the rebuild itself.
    await until('the acknowledgement', async () => mine() === 1, 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(mine()).toBe(1);
  } catch (err) {
    process.stderr.write(stderr.slice(-3000));
    throw err;
  } finally {
    if (child) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await queue.close();
    redis.disconnect();
  }
}

test('a reply job that failed for want of its record is sent once a rebuild has brought the record back', async () => {
  // There before its record, so it fails (at once: one attempt) when the worker takes it.
  await owedAfterRebuild('owed', 41, async (queue, payload) => {
    await queue.add('acknowledgement', payload, { jobId: replyJobId(payload), attempts: 1 });
  });
}, 120_000);

test('a reply job that completed before Redis lost what it did is run again after a rebuild, and sends once', async () => {
  await owedAfterRebuild('done', 43, async (queue, payload, connection) => {
    const elsewhere = new Worker<ReplyPayload>('reply', async () => 'sent', { connection: connection(), prefix: 'done' });
    try {
      await queue.add('acknowledgement', payload, { jobId: replyJobId(payload), removeOnComplete: false });
      await until('the job to complete', async () => (await queue.getCompletedCount()) === 1);
    } finally {
      await elsewhere.close();
    }
  });
}, 120_000);
