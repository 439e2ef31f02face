/**
 * Nothing is sent twice when Redis blips or loses its state, against a real Redis, Dovecot and SMTP
 * sink: Redis cut right after SMTP accepted a reply (before its sent-record) leaves a copy in Sent and,
 * once Redis is back, the record, and the retry sends nothing; a process never runs SMTP again for a
 * reply it sent whose record Redis refused; after a FLUSHALL (secret, markers and records lost, no
 * REPLY_SECRET), the 'always' Sent check finds the reply signed by the lost secret.
 */
import Redis from 'ioredis';
import { ImapFlow } from 'imapflow';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createSentFolder, type SentFolder } from '../../src/replies/sent-folder';
import { createReplyService, type ReplyServiceDeps } from '../../src/replies/service';
import { replyKeys } from '../../src/replies/keys';
import { signedMessageId } from '../../src/replies/signed-id';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startCutProxy, type CutProxy } from '../helpers/cut-proxy';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { waitFor } from '../helpers/ports';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const TEMPLATES = join(__dirname, '../../templates/replies');
const config = { fromAddress: 'info@appeal.example', fromName: 'Appeal team', appealTitle: 'The Letter', ownDomains: ['appeal.example'], perRecipientLimit: 5, perRecipientWindowSec: 60 };
let redisServer: RedisServer;
let dovecot: DovecotServer;
let sink: SmtpSink;
let redis: Redis;
let mailer: Mailer;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [redisServer, dovecot, sink] = await Promise.all([startRedis(), startDovecot(), startSmtpSink()]);
  redis = new Redis(redisServer.url);
  mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  mailer?.close();
  await redis?.quit();
  await Promise.all([redisServer?.stop(), dovecot?.stop(), sink?.close()]);
});
beforeEach(() => {
  sink.messages.length = 0;
});

function sentFolder(folder: string): SentFolder {
  const f = createSentFolder({ host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, folder, allowPlaintext: true });
  closers.push(() => f.close());
  return f;
}

/** The Message-IDs in a folder of the test mailbox. */
async function folderIds(folder: string): Promise<string[]> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await c.connect();
  try {
    const lock = await c.getMailboxLock(folder);
    try {
      const out: string[] = [];
      for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.messageId ?? '');
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

function message(key: string): MessageRecord {
  return {
    key, messageId: `<${key}@amis.example>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from: 'Ana Lima <ana@amis.example>', replyTo: null, subject: 'Our support', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'none', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  };
}

async function record(store: ReviewStore, rec: MessageRecord): Promise<void> {
  await store.recordMessage(rec, [], [], { key: rec.key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
}

/** A Redis client as the container makes it (a producer: 3 retries per request), through a proxy the test cuts. */
async function redisBehindProxy(): Promise<{ client: Redis; proxy: CutProxy }> {
  const proxy = await startCutProxy(redisServer.port);
  const client = new Redis(`redis://127.0.0.1:${proxy.port}`, { maxRetriesPerRequest: 3 });
  client.on('error', () => undefined);
  closers.push(() => proxy.close(), async () => client.disconnect());
  return { client, proxy };
}

/** The real mailer, with Redis cut for `downMs` the moment SMTP has accepted the first reply. */
function cutRedisOnAccept(proxy: CutProxy, downMs: number): Mailer {
  let done = false;
  return {
    ...mailer,
    async send(msg) {
      const sent = await mailer.send(msg);
      if (!done) {
        done = true;
        await proxy.cut();
        setTimeout(() => void proxy.restore(), downMs);
      }
      return sent;
    },
  };
}

function service(client: Redis, prefix: string, over: Partial<ReplyServiceDeps>) {
  return createReplyService({ store: createReviewStore(client, prefix), mailer, redis: client, prefix, templatesDir: TEMPLATES, config, ...over });
}

test('Redis cut between SMTP acceptance and the sent-record: the copy is made, the record written once Redis is back, one send', async () => {
  const prefix = `t-${randomUUID()}`;
  const folder = `Sent-${randomUUID().slice(0, 8)}`;
  await record(createReviewStore(redis, prefix), message('b1'));
  const { client, proxy } = await redisBehindProxy();
  const sent = sentFolder(folder);
  const copy = { keepCopy: (raw: Buffer) => sent.append(raw), wasDelivered: (id: string) => sent.containsReply(id) };
  const first = service(client, prefix, { ...copy, mailer: cutRedisOnAccept(proxy, 1500), recordRetryMs: 30_000 });
  // The job's first run, and (whatever it ended in) a retry by another worker, as BullMQ would.
  const outcome = await first.sendAcknowledgement('b1').catch((err: Error) => err.message);
  const retry = await service(redis, prefix, copy).sendAcknowledgement('b1');

  expect({ outcome, retry, sends: sink.messages.length }).toEqual({ outcome: 'sent', retry: 'skipped', sends: 1 });
  expect(await redis.exists(replyKeys(prefix).sent('acknowledgement', 'b1'))).toBe(1);
  expect(await folderIds(folder)).toEqual([expect.stringMatching(/^<acknowledgement\.b1\.[0-9a-f]{20}@appeal\.example>$/)]);
  expect(await createReviewStore(redis, prefix).getMessage('b1')).toMatchObject({ reply: 'sent', acknowledged: true });
}, 60_000);

test('Redis down longer than the record is retried, no Sent folder at all: the same process never sends that reply again', async () => {
  const prefix = `t-${randomUUID()}`;
  await record(createReviewStore(redis, prefix), message('b2'));
  const { client, proxy } = await redisBehindProxy();
  const svc = service(client, prefix, { mailer: cutRedisOnAccept(proxy, 6000), recordRetryMs: 500 });
  await expect(svc.sendAcknowledgement('b2')).rejects.toThrow(/max retries per request|the sent-record took over/);
  expect(sink.messages).toHaveLength(1);
  // The job's retry in this process once Redis is back: SMTP is not run again. (A write given up
  // on may have reached Redis on reconnection: then the record is there already.)
  await waitFor('Redis back through the proxy', async () => (await client.ping().catch(() => '')) === 'PONG', 30_000);
  expect(['sent', 'skipped']).toContain(await svc.sendAcknowledgement('b2'));
  expect(sink.messages).toHaveLength(1);
  expect(await redis.exists(replyKeys(prefix).sent('acknowledgement', 'b2'))).toBe(1);
  expect(await svc.sendAcknowledgement('b2')).toBe('skipped');
  expect(sink.messages).toHaveLength(1);
}, 60_000);

test.each([
  ["'always': the reply signed by the lost secret is found in Sent, nothing is sent", 'always', 1],
  ["'attempts' (the default; the control): the attempt marker is gone too, so it is sent again", 'attempts', 2],
] as const)('FLUSHALL with no REPLY_SECRET, %s', async (_name, authority, sends) => {
  const prefix = `t-${randomUUID()}`;
  const folder = `Sent-${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  const sent = sentFolder(folder);
  const copy = { keepCopy: (raw: Buffer) => sent.append(raw), wasDelivered: (id: string) => sent.containsReply(id) };
  await record(store, message('f1'));
  expect(await service(redis, prefix, copy).sendAcknowledgement('f1')).toBe('sent');
  const oldSecret = await redis.get(replyKeys(prefix).secret());

  await redis.flushall();
  // What the mailbox gives back (the rebuild's part): the message record, its reply not known.
  await record(store, message('f1'));
  const after = service(redis, prefix, { ...copy, sentAuthority: authority });
  expect(await after.sendAcknowledgement('f1')).toBe(authority === 'always' ? 'skipped' : 'sent');
  expect(sink.messages).toHaveLength(sends);
  // A new secret signs new IDs: the exact ID is not in Sent, the reply is.
  const newSecret = (await redis.get(replyKeys(prefix).secret()))!;
  expect(newSecret).not.toBe(oldSecret);
  const newId = signedMessageId(newSecret, 'acknowledgement', 'f1', 'appeal.example');
  expect(await sent.contains(newId)).toBe(sends === 2);
  expect(await sent.containsReply(newId)).toBe(true);
  expect(await store.getMessage('f1')).toMatchObject({ reply: 'sent' });
}, 60_000);
