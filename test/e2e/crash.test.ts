/**
 * Crash safety: a backlog of 1,000 messages, `worker --once` killed with SIGKILL at random moments and
 * restarted until it finishes. Every message must be taken in exactly once and every acknowledgement
 * due must be sent. A duplicate acknowledgement may only come from a kill between the SMTP server's
 * acceptance and our sent-record: we count those replies in flight at each kill and hold duplicates
 * to at most their sum.
 */
import { simpleParser } from 'mailparser';
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { dueOffline, runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

const N = 1000;
const KILLS = 6;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack?.stop());

async function acceptedReplies(): Promise<string[]> {
  const ids: string[] = [];
  for (const m of stack.smtp.messages) ids.push(String((await simpleParser(m.raw)).inReplyTo));
  return ids;
}

async function sentRecords(redis: Redis, prefix: string): Promise<number> {
  let n = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:sent:*`, 'COUNT', 1000);
    cursor = next;
    n += keys.length;
  } while (cursor !== '0');
  return n;
}

/** Resolves 'kill' once the sink holds `count` messages, or never if the run ends first. */
function untilSinkGrows(count: number, exited: Promise<unknown>): Promise<'kill'> {
  return new Promise((resolve) => {
    let done = false;
    void exited.then(() => (done = true));
    const tick = () => {
      if (done) return;
      if (stack.smtp.messages.length >= count) resolve('kill');
      else setTimeout(tick, 5);
    };
    tick();
  });
}

test('SIGKILL at random moments: every message once, every acknowledgement sent, duplicates bounded', async () => {
  const mail = generateMail(N, { seed: 7 });
  await stack.append(mail.map((m) => m.raw));
  // ~750 acknowledgements in a minute: the global breaker (a guard against loops) is raised past that.
  // A killed watcher's lease is taken over at once on the same machine (its holder is gone); a short
  // job lock lets a killed worker's jobs be retried within seconds.
  const env = stack.env({ LEASE_SECONDS: '5', JOB_LOCK_SECONDS: '2', FETCH_BATCH: '50', LOG_LEVEL: 'error', REPLY_MAX_PER_HOUR: '100000' });
  const redis = new Redis(stack.redis.url);
  let inFlightAtKills = 0;
  let kills = 0;
  const sentAtKills: number[] = [];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  try {
    for (let k = 0; k < KILLS; k++) {
      const child = spawnCli(['worker', '--once'], env);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      // Even kills at a random moment (start-up, fetching, intake); odd kills right after the SMTP
      // server accepted a random number of new replies in this run, so they land mid-send.
      const trigger =
        k % 2 === 0
          ? new Promise<'kill'>((r) => setTimeout(() => r('kill'), 300 + Math.floor(rand() * 2500)))
          : untilSinkGrows(stack.smtp.messages.length + 1 + Math.floor(rand() * 40), exited);
      const winner = await Promise.race([exited, trigger]);
      if (winner === 'kill') {
        child.kill('SIGKILL');
        await exited;
        kills++;
        const accepted = new Set(await acceptedReplies()).size;
        sentAtKills.push(accepted);
        inFlightAtKills += Math.max(0, accepted - (await sentRecords(redis, env.QUEUE_PREFIX!)));
      }
    }
    const last = await runCli(['worker', '--once'], env);
    if (last.code !== 0) process.stderr.write(`last run's stderr:\n${last.stderr.slice(-3000)}\n`);
    expect(last.code).toBe(0);
  } finally {
    redis.disconnect();
  }

  const messages = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string; acknowledged: boolean }>;
  expect(messages).toHaveLength(N);
  expect(new Set(messages.map((m) => m.messageId))).toEqual(new Set(mail.map((m) => m.messageId)));

  const replies = await acceptedReplies();
  const distinct = new Set(replies);
  const acked = messages.filter((m) => m.acknowledged).map((m) => m.messageId);
  // Every acknowledgement recorded as sent reached the SMTP server, and nothing else was sent.
  expect(new Set(acked)).toEqual(distinct);
  // Every acknowledgement due (as `endorse extract` decides offline, each sender distinct) was sent.
  expect(new Set(acked)).toEqual(await dueOffline(mail.map((m) => m.raw), env));
  expect(acked.length).toBeGreaterThan(N / 2);
  const duplicates = replies.length - distinct.size;
  process.stderr.write(`crash test: ${kills} kills (replies accepted so far at each: ${sentAtKills.join(', ')}), ${inFlightAtKills} replies in flight at the kills, ${duplicates} duplicate acknowledgements, ${distinct.size} sent\n`);
  // The kills must have landed while there was work, some of them while replies were going out.
  expect(kills).toBeGreaterThanOrEqual(3);
  expect(sentAtKills.some((n) => n > 0 && n < distinct.size)).toBe(true);
  expect(duplicates).toBeLessThanOrEqual(inFlightAtKills);

  const items = JSON.parse((await runCli(['export', '--status', 'all'], env)).stdout) as Array<{ id: string }>;
  expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
}, 300_000);
