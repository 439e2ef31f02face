/**
 * Redis losing its state, with filing on: after FLUSHALL (or a restore of an older snapshot) the next
 * worker run must notice it (the epoch), take every filed message in again from its folder, rebuild
 * the reply states from the Sent folder, send nothing twice, and still send the acknowledgements that
 * were due but not sent before the loss. Real Redis, Dovecot and SMTP sink on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import { alerts, checkHealth } from '../../src/status/health';
import { generateMail, type GeneratedMail } from '../helpers/generate';
import { dueOffline, runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let stateDir: string;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'endorse-state-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

interface Row { key: string; messageId: string; folder: string | null; mailbox: string; acknowledged: boolean; reply: string }

function envFor(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  // Each sender is distinct; the breaker (a loop guard) is raised past a drain's worth of replies.
  return stack.env({
    QUEUE_PREFIX: prefix, STATE_DIR: stateDir, LOG_LEVEL: 'warn', FETCH_BATCH: '50', LEASE_SECONDS: '5',
    REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DAY: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000', ...extra,
  });
}

async function worker(env: Record<string, string>): Promise<void> {
  const r = await runCli(['worker', '--once'], env);
  if (r.code !== 0) process.stderr.write(r.stderr.slice(-4000));
  expect(r.code).toBe(0);
}

async function messages(env: Record<string, string>): Promise<Row[]> {
  return JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Row[];
}

/** In-Reply-To of every reply the SMTP sink accepted since `from`. */
async function repliesSince(from: number): Promise<string[]> {
  const out: string[] = [];
  for (const m of stack.smtp.messages.slice(from)) out.push(String((await simpleParser(m.raw)).inReplyTo));
  return out;
}

/** Where each message is in the mailbox now: Message-ID -> folder path (INBOX for what stayed). */
async function whereInMailbox(): Promise<Map<string, string>> {
  const c = await stack.imap();
  const out = new Map<string, string>();
  try {
    for (const f of await c.list()) {
      if (/sent/i.test(f.path)) continue;
      const lock = await c.getMailboxLock(f.path, { readOnly: true });
      try {
        if (!c.mailbox || !c.mailbox.exists) continue;
        for await (const m of c.fetch('1:*', { envelope: true })) if (m.envelope?.messageId) out.set(m.envelope.messageId, f.path);
      } finally {
        lock.release();
      }
    }
  } finally {
    await c.logout();
  }
  return out;
}

async function emptyFolders(): Promise<void> {
  const c = await stack.imap();
  try {
    for (const f of await c.list()) {
      const lock = await c.getMailboxLock(f.path);
      try {
        if (c.mailbox && c.mailbox.exists) await c.messageDelete('1:*');
      } finally {
        lock.release();
      }
    }
  } finally {
    await c.logout();
  }
}

/** Every message in the store exactly once, recorded in the folder it is in now. */
async function expectStoreMatchesMailbox(env: Record<string, string>, mail: GeneratedMail[]): Promise<Row[]> {
  const rows = await messages(env);
  expect(rows).toHaveLength(mail.length);
  expect(new Set(rows.map((r) => r.messageId))).toEqual(new Set(mail.map((m) => m.messageId)));
  const where = await whereInMailbox();
  const wrong = rows.filter((r) => (r.folder ?? 'INBOX') !== where.get(r.messageId!));
  expect(wrong.map((r) => `${r.messageId}: store says ${r.folder}, mailbox ${where.get(r.messageId!)}`)).toEqual([]);
  return rows;
}

test('FLUSHALL after a drain with filing on: every message back once in its folder, sent replies not sent again, due ones sent once', async () => {
  await emptyFolders();
  const start = stack.smtp.messages.length;
  const env = envFor('reset');
  const mail = generateMail(120, { seed: 21, bigEvery: 0 });
  const [first, second] = [mail.slice(0, 70), mail.slice(70)];
  const due = await dueOffline(mail.map((m) => m.raw), env);

  // First half answered; second half taken in and filed with replies off (due, not sent).
  await stack.append(first.map((m) => m.raw));
  await worker(env);
  const sentBefore = stack.smtp.messages.length;
  await stack.append(second.map((m) => m.raw));
  await worker({ ...env, REPLIES: 'false' });
  expect(stack.smtp.messages.length).toBe(sentBefore);
  const before = await expectStoreMatchesMailbox(env, mail);
  expect(before.filter((r) => r.folder !== null).length).toBeGreaterThan(mail.length / 2);

  const redis = new Redis(stack.redis.url);
  try {
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
  const mark = stack.smtp.messages.length;
  await worker(env);
  const rows = await expectStoreMatchesMailbox(env, mail);
  const newReplies = await repliesSince(mark);
  // Nothing answered before the loss was answered again; what was due and unanswered went once.
  const answeredBefore = new Set((await repliesSince(start)).slice(0, mark - start));
  expect(newReplies.filter((id) => answeredBefore.has(id))).toEqual([]);
  expect(new Set(newReplies).size).toBe(newReplies.length);
  expect(new Set(newReplies)).toEqual(new Set(second.map((m) => m.messageId).filter((id) => due.has(id))));
  expect(new Set(rows.filter((r) => r.acknowledged).map((r) => r.messageId))).toEqual(due);

  // Shown: the recovery with its counts, in /healthz's source and the doctor's.
  const check = new Redis(stack.redis.url);
  try {
    const rec = JSON.parse((await check.get('reset:recovery'))!) as { messages: number; replies: number; folders: Record<string, number> };
    expect(rec.replies).toBe(answeredBefore.size);
    expect(Object.values(rec.folders).reduce((a, b) => a + b, 0)).toBe(before.filter((r) => r.folder !== null).length);
    const health = await checkHealth(check, 'reset');
    expect(health.recovery?.replies).toBe(answeredBefore.size);
    expect(alerts(health).join('\n')).toMatch(/Recovered from a Redis reset at .*replies found in the Sent folder/);
  } finally {
    check.disconnect();
  }

  // A second run after the rebuild changes nothing and sends nothing.
  const settled = stack.smtp.messages.length;
  await worker(env);
  expect(stack.smtp.messages.length).toBe(settled);
  await expectStoreMatchesMailbox(env, mail);
}, 300_000);

/** Every key with its value and TTL, to put back later (a Redis snapshot, as a lagging replica holds). */
async function snapshot(redis: Redis): Promise<[string, Buffer, number][]> {
  const keys = await redis.keys('*');
  return Promise.all(keys.map(async (k) => [k, (await redis.dumpBuffer(k))!, Math.max(0, await redis.pttl(k))] as [string, Buffer, number]));
}

test('Redis brought back from an older snapshot: the checkpoint shows the loss and the lost work is rebuilt, nothing sent twice', async () => {
  await emptyFolders();
  const env = envFor('behind');
  const mail = generateMail(80, { seed: 5, bigEvery: 0 });
  await stack.append(mail.slice(0, 40).map((m) => m.raw));
  await worker(env);
  const redis = new Redis(stack.redis.url);
  try {
    const old = await snapshot(redis);
    await stack.append(mail.slice(40).map((m) => m.raw));
    await worker(env);
    await expectStoreMatchesMailbox(env, mail);
    const mark = stack.smtp.messages.length;
    // The older snapshot comes back: the second run's records, cursor and sent-records are gone.
    await redis.flushall();
    for (const [k, v, ttl] of old) await redis.restore(k, ttl, v, 'REPLACE');
    await worker(env);
    await expectStoreMatchesMailbox(env, mail);
    expect(stack.smtp.messages.length).toBe(mark);
    const rec = JSON.parse((await redis.get('behind:recovery'))!) as { reason: string; messages: number };
    expect(rec.reason).toMatch(/lost its latest writes/);
    expect(rec.messages).toBeGreaterThan(0);
  } finally {
    redis.disconnect();
  }
}, 300_000);

test('a rebuild killed midway (SIGKILL) is run again to the end by the next worker, nothing sent twice', async () => {
  await emptyFolders();
  const env = envFor('killed');
  const mail = generateMail(150, { seed: 9, bigEvery: 0 });
  await stack.append(mail.map((m) => m.raw));
  await worker(env);
  const mark = stack.smtp.messages.length;
  const redis = new Redis(stack.redis.url);
  try {
    await redis.flushall();
    const child = spawnCli(['worker', '--once'], env);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let killedMidway = false;
    for (let done = false; !done;) {
      await Promise.race([exited.then(() => (done = true)), new Promise((r) => setTimeout(r, 20))]);
      const epoch = await redis.get('killed:epoch');
      if (!done && epoch && !(JSON.parse(epoch) as { ready: boolean }).ready && (await redis.zcard('killed:messages')) >= 10) {
        child.kill('SIGKILL');
        await exited;
        killedMidway = true;
        done = true;
      }
    }
    expect(killedMidway).toBe(true);
    expect(await redis.zcard('killed:messages')).toBeLessThan(mail.length);
    await worker(env);
    await expectStoreMatchesMailbox(env, mail);
    expect(stack.smtp.messages.length).toBe(mark);
    expect(JSON.parse((await redis.get('killed:epoch'))!)).toMatchObject({ ready: true });
  } finally {
    redis.disconnect();
  }
}, 300_000);

test('FLUSHALL with FILING=false and no state file: our replies in the Sent folder tell, and none is sent again', async () => {
  await emptyFolders();
  const env = envFor('nofile', { FILING: 'false', STATE_DIR: '' });
  const mail = generateMail(60, { seed: 13, bigEvery: 0 });
  await stack.append(mail.map((m) => m.raw));
  await worker(env);
  const mark = stack.smtp.messages.length;
  const acked = new Set((await messages(env)).filter((r) => r.acknowledged).map((r) => r.messageId));
  expect(acked.size).toBeGreaterThan(0);
  const redis = new Redis(stack.redis.url);
  try {
    await redis.flushall();
    await worker(env);
    expect(stack.smtp.messages.length).toBe(mark);
    const rows = await messages(env);
    expect(rows).toHaveLength(mail.length);
    expect(new Set(rows.filter((r) => r.acknowledged).map((r) => r.messageId))).toEqual(acked);
    const rec = JSON.parse((await redis.get('nofile:recovery'))!) as { reason: string; replies: number };
    expect(rec.reason).toMatch(/Sent folder holds \d+ of our replies/);
    expect(rec.replies).toBe(acked.size);
  } finally {
    redis.disconnect();
  }
}, 300_000);
