/**
 * Crash safety of replies: a process sending acknowledgements is killed with SIGKILL at random moments
 * and restarted until it finishes. Every acknowledgement due arrives, and a duplicate can only come
 * from a kill between SMTP acceptance and the sent-record, so duplicates stay within the replies in
 * flight at the kills (kills x concurrency).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { CHILD_PRELUDE } from './replies-child';

const ROOT = join(__dirname, '../..');
const CONCURRENCY = 4;

// The child: loads the TypeScript sources through a transpile-only require hook, then acknowledges
// every key with CONCURRENCY parallel senders, retrying a key whose lock another (killed) run holds.
const CHILD = `${CHILD_PRELUDE}(async () => {
  const redis = new Redis(process.env.REDIS_URL);
  const prefix = process.env.PREFIX;
  const mailer = createMailer({ host: '127.0.0.1', port: Number(process.env.SMTP_PORT), secure: false, pool: true, allowPlaintext: true });
  const service = createReplyService({ store: createReviewStore(redis, prefix), mailer, redis, prefix,
    templatesDir: root + '/templates/replies', sendLockMs: 300,
    config: { fromAddress: 'info@appeal.example', fromName: '', appealTitle: 'Letter', ownDomains: ['appeal.example'],
      perRecipientLimit: 1, perRecipientWindowSec: 3600 } });
  const todo = JSON.parse(process.env.KEYS_JSON);
  process.stdout.write('ready\\n');
  const worker = async () => {
    for (let key = todo.shift(); key !== undefined; key = todo.shift()) {
      try { await service.sendAcknowledgement(key); }
      catch (err) { todo.push(key); await new Promise((r) => setTimeout(r, 50)); }
    }
  };
  await Promise.all(Array.from({ length: ${CONCURRENCY} }, worker));
  mailer.close(); redis.disconnect();
})().catch((err) => { console.error(err); process.exit(3); });
`;

let redisServer: RedisServer;
let sink: SmtpSink;
let proxy: Server;
let redis: Redis;

/**
 * A loopback TCP relay between the child and the sink. A killed child's connection is reset; the sink
 * helper has no 'error' listener, so the relay turns that reset into an orderly close towards it.
 */
function startRelay(port: number): Promise<Server> {
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.end());
    client.on('close', () => upstream.end());
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  [redisServer, sink] = await Promise.all([startRedis(), startSmtpSink()]);
  proxy = await startRelay(sink.port);
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  await redis?.quit();
  await new Promise((r) => proxy?.close(r));
  await Promise.all([redisServer?.stop(), sink?.close()]);
});

function message(i: number): MessageRecord {
  const key = `c${String(i).padStart(4, '0')}`;
  return {
    key, messageId: `<${key}@sender.example>`, mailbox: 'INBOX', uidValidity: '1', uid: i + 1, receivedAt: '2026-01-01T00:00:00.000Z',
    from: `person${i}@sender.example`, replyTo: null, subject: 'Endorsement', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 1, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  };
}

/** Run the child; kill it with SIGKILL a random moment after it starts sending unless it finishes first. */
function runChild(env: Record<string, string>, killAfterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready') && !timer) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

test('SIGKILL at random moments: every acknowledgement arrives, duplicates only from replies in flight', async () => {
  const prefix = `t-${randomUUID()}`;
  const store = createReviewStore(redis, prefix);
  const N = 200;
  const recs = Array.from({ length: N }, (_, i) => message(i));
  for (const r of recs) await store.recordMessage(r, [], [], { key: r.key, mailbox: 'INBOX', uidValidity: '1', uid: r.uid, folder: null });
  sink.messages.length = 0;

  const env = { ROOT, REDIS_URL: redisServer.url, SMTP_PORT: String((proxy.address() as AddressInfo).port), PREFIX: prefix, KEYS_JSON: JSON.stringify(recs.map((r) => r.key)) };
  let kills = 0;
  for (let run = 0; run < 40; run++) {
    // Later runs get more time, so the loop ends; early ones die young, mid-send.
    const outcome = await runChild(env, 20 + Math.floor(Math.random() * 80) + run * 40);
    if (outcome === 'finished') break;
    kills++;
  }
  // Let connections the kills cut finish closing, so every accepted message is counted.
  await new Promise((r) => setTimeout(r, 200));
  expect(kills).toBeGreaterThan(0);

  const perMessage = new Map<string, number>();
  for (const m of sink.messages) {
    const id = /^message-id:\s*(\S+)/im.exec(m.raw.toString('utf8'))![1]!;
    // Without its HMAC part (signed-id.ts): one key per reply.
    const unsigned = id.replace(/\.[0-9a-f]{20}@/, '@');
    perMessage.set(unsigned, (perMessage.get(unsigned) ?? 0) + 1);
  }
  for (const r of recs) {
    expect(perMessage.get(`<acknowledgement.${r.key}@appeal.example>`) ?? 0).toBeGreaterThanOrEqual(1);
    expect(await redis.exists(`${prefix}:sent:acknowledgement:${r.key}`)).toBe(1);
  }
  expect(perMessage.size).toBe(N);
  const duplicates = [...perMessage.values()].reduce((a, n) => a + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(kills * CONCURRENCY);
  // Recorded as sent: the review page and `messages --json` agree with the sink.
  expect((await store.listMessages()).every((m) => m.acknowledged)).toBe(true);
}, 120_000);
