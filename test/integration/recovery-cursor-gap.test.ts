/**
 * A cursor above records Redis lost: the old server acknowledged a batch's records and then lost them
 * (a restart from a lagging AOF), while the cursor's move, sent just after, reached the restarted
 * server (ioredis sends again what was in flight). Nothing above the cursor is left, so only the
 * rebuild can bring those messages back: it takes in again the watched folder's messages below the
 * cursor that the store lacks. FILING=false keeps every message in the watched folder, where no filed
 * folder can stand in. Real Redis with AOF, Dovecot, SMTP sink on loopback.
 */
import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { generateMail } from '../helpers/generate';
import { runCli } from '../helpers/stack';
import { stackForFile } from '../helpers/stack-for-file';

const world = stackForFile({ redisAppendonly: true });

async function cursors(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const keys = await redis.keys(`${prefix}:cursor:*`);
  return new Map(await Promise.all(keys.map(async (k) => [k, (await redis.get(k))!] as [string, string])));
}

test('records lost below a cursor that survived: the rebuild takes them in again from the watched folder, nothing sent twice', async () => {
  const { stack, stateDir } = world;
  const env = stack.env({
    QUEUE_PREFIX: 'gap', STATE_DIR: stateDir, FILING: 'false',
    REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '100000',
  });
  const mail = generateMail(40, { seed: 29, bigEvery: 0 });
  await stack.append(mail.slice(0, 15).map((m) => m.raw));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  // everysec: after 1.5 s the first run is on disk; this copy is the AOF the restart brings back.
  await new Promise((r) => setTimeout(r, 1500));
  const aof = stack.redis.snapshotAof();
  await stack.append(mail.slice(15).map((m) => m.raw));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  try {
    const before = await cursors(redis, 'gap');
    expect([...before.values()].map(Number)).toEqual([expect.any(Number)]);
    expect(await redis.zcard('gap:messages')).toBe(40);
    const sent = stack.smtp.messages.length;
    expect(sent).toBeGreaterThan(0);

    await stack.redis.restartFrom(aof);
    expect(await redis.zcard('gap:messages')).toBe(15);
    // The cursor's last move arrives at the restarted server.
    for (const [k, v] of before) await redis.set(k, v);

    const r = await runCli(['worker', '--once'], env);
    if (r.code !== 0) process.stderr.write(r.stderr.slice(-3000));
    expect(r.code).toBe(0);
    const rows = JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string; reply: string }>;
    expect(new Set(rows.map((x) => x.messageId))).toEqual(new Set(mail.map((m) => m.messageId)));
    expect(rows).toHaveLength(40);
    expect(stack.smtp.messages.length).toBe(sent);
    const rec = JSON.parse((await redis.get('gap:recovery'))!) as { reason: string; messages: number; watched: { retaken: number } };
    expect(rec.reason).toMatch(/lost its latest writes/);
    expect(rec).toMatchObject({ messages: 25, watched: { mailbox: 'INBOX', retaken: 25 } });
    // The acknowledgements sent before the loss show as sent, found in the Sent folder.
    expect(rows.filter((x) => x.reply === 'sent')).toHaveLength(sent);
  } finally {
    redis.disconnect();
    rmSync(aof, { recursive: true, force: true });
  }
}, 300_000);

test('mail that INTAKE_START left out (now, or older than its date) stays out of a rebuild', async () => {
  const { stack, stateDir } = world;
  const old = generateMail(6, { seed: 31, bigEvery: 0 });
  await stack.append(old.map((m) => m.raw), { dates: old.map(() => new Date('2025-03-01T12:00:00Z')) });
  for (const [prefix, start] of [['gapnow', 'now'], ['gapsince', '2026-01-01']] as const) {
    // Its own reply domain: the Sent folder's replies of the first test are not this install's evidence.
    const env = stack.env({ QUEUE_PREFIX: prefix, STATE_DIR: stateDir, FILING: 'false', INTAKE_START: start, FROM_ADDRESS: `Appeal <info@${prefix}.example>` });
    expect((await runCli(['worker', '--once'], env)).code).toBe(0);
    const fresh = generateMail(5, { seed: prefix.length * 7, bigEvery: 0 });
    await stack.append(fresh.map((m) => m.raw));
    expect((await runCli(['worker', '--once'], env)).code).toBe(0);
    const ids = async () => new Set((JSON.parse((await runCli(['messages', '--json'], env)).stdout) as Array<{ messageId: string }>).map((x) => x.messageId));
    const taken = await ids();
    if (start === 'now') expect(taken).toEqual(new Set(fresh.map((m) => m.messageId)));
    else for (const m of old) expect(taken.has(m.messageId)).toBe(false);
    const sent = stack.smtp.messages.length;
    const r = await runCli(['rebuild', '--now'], env);
    if (r.code !== 0) process.stderr.write(r.stderr.slice(-3000));
    expect(r.code).toBe(0);
    expect(await ids()).toEqual(taken);
    expect((await runCli(['worker', '--once'], env)).code).toBe(0);
    expect(stack.smtp.messages.length).toBe(sent);
  }
}, 300_000);
