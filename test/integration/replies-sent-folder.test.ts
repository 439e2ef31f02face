/**
 * The Sent-folder copy against a real Dovecot, and the recovery it makes possible: a sender killed
 * with SIGKILL after the sent-record, before the copy, sends nothing more on retry; and when Redis loses
 * its last writes (the sent-record gone, the attempt marker kept), the retry finds the copy by its
 * Message-ID instead of sending again.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { ImapFlow } from 'imapflow';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createSentFolder, type SentFolder } from '../../src/replies/sent-folder';
import { createReplyService } from '../../src/replies/service';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { CHILD_PRELUDE } from './replies-child';

const ROOT = join(__dirname, '../..');
const TEMPLATES = join(ROOT, 'templates/replies');
let redisServer: RedisServer;
let dovecot: DovecotServer;
let sink: SmtpSink;
let redis: Redis;
let mailer: Mailer;
const folders: SentFolder[] = [];

beforeAll(async () => {
  [redisServer, dovecot, sink] = await Promise.all([startRedis(), startDovecot(), startSmtpSink()]);
  redis = new Redis(redisServer.url);
  mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
});
afterAll(async () => {
  await Promise.all(folders.map((f) => f.close()));
  mailer?.close();
  await redis?.quit();
  await Promise.all([redisServer?.stop(), dovecot?.stop(), sink?.close()]);
});
beforeEach(() => {
  sink.messages.length = 0;
});

function sentFolder(folder: string): SentFolder {
  const f = createSentFolder({ host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, folder, allowPlaintext: true });
  folders.push(f);
  return f;
}

/** Every message in a folder of the test mailbox: its Message-ID and bytes. */
async function folderMessages(folder: string): Promise<{ messageId: string; source: Buffer }[]> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await c.connect();
  try {
    const lock = await c.getMailboxLock(folder);
    try {
      const out: { messageId: string; source: Buffer }[] = [];
      for await (const m of c.fetch('1:*', { envelope: true, source: true })) out.push({ messageId: m.envelope?.messageId ?? '', source: m.source! });
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

function message(key: string, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, messageId: `<${key}@amis.example>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from: 'Ana Lima <ana@amis.example>', replyTo: null, subject: 'O nosso apoio', kind: 'endorsement', language: 'pt',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [], ...over,
  };
}

async function record(store: ReviewStore, rec: MessageRecord): Promise<void> {
  await store.recordMessage(rec, [], [], { key: rec.key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
}

const config = { fromAddress: 'info@appeal.example', fromName: 'Appeal team', appealTitle: 'The Letter', ownDomains: ['appeal.example'], perRecipientLimit: 5, perRecipientWindowSec: 60 };

test('each reply is appended to the Sent folder (created when missing), byte for byte what was sent', async () => {
  const prefix = `t-${randomUUID()}`;
  const store = createReviewStore(redis, prefix);
  const sent = sentFolder('Sent');
  const service = createReplyService({ store, mailer, redis, prefix, templatesDir: TEMPLATES, config, keepCopy: (raw) => sent.append(raw) });
  await record(store, message('s1'));
  expect(await service.sendAcknowledgement('s1')).toBe('sent');
  expect(sink.messages).toHaveLength(1);
  const copies = (await folderMessages('Sent')).filter((m) => m.messageId?.startsWith('<acknowledgement.s1.'));
  expect(copies).toHaveLength(1);
  expect(copies[0]!.source.toString('utf8').trimEnd()).toBe(sink.messages[0]!.raw.toString('utf8').trimEnd());
  expect(copies[0]!.source.toString('utf8')).toMatch(/^Content-Language: pt\r?$/m);
  expect(await sent.contains(copies[0]!.messageId)).toBe(true);
  expect(await sent.contains('<acknowledgement.nothing@appeal.example>')).toBe(false);
});

test('a folder that does not exist contains nothing, and the first append creates it', async () => {
  const f = sentFolder(`Sent-${randomUUID().slice(0, 8)}`);
  expect(await f.contains('<acknowledgement.x@appeal.example>')).toBe(false);
  const raw = Buffer.from('From: info@appeal.example\r\nTo: a@b.example\r\nSubject: t\r\nMessage-ID: <acknowledgement.x@appeal.example>\r\n\r\nhi\r\n');
  await f.append(raw);
  expect(await f.contains('<acknowledgement.x@appeal.example>')).toBe(true);
});

test('a copy that cannot be made is noted on the sent-record; the reply still counts as sent', async () => {
  const prefix = `t-${randomUUID()}`;
  const store = createReviewStore(redis, prefix);
  const broken = createSentFolder({ host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: 'wrong', folder: 'Sent', allowPlaintext: true });
  folders.push(broken);
  const errors: string[] = [];
  const service = createReplyService({ store, mailer, redis, prefix, templatesDir: TEMPLATES, config, keepCopy: (raw) => broken.append(raw), onCopyError: (e) => errors.push(e.message) });
  await record(store, message('s2'));
  expect(await service.sendAcknowledgement('s2')).toBe('sent');
  expect(sink.messages).toHaveLength(1);
  expect(errors).toHaveLength(1);
  const rec = JSON.parse((await redis.get(`${prefix}:sent:acknowledgement:s2`))!) as { note: string };
  expect(rec.note).toMatch(/^sent; no copy kept: /);
  expect(await store.getMessage('s2')).toMatchObject({ reply: 'sent', acknowledged: true });
});

// The child: one acknowledgement whose Sent-folder copy ends in SIGKILL: the process dies after SMTP
// acceptance and the sent-record, while the copy is being made.
const CHILD = `${CHILD_PRELUDE}(async () => {
  const redis = new Redis(process.env.REDIS_URL);
  const sent = createSentFolder(JSON.parse(process.env.IMAP_JSON));
  const mailer = createMailer({ host: '127.0.0.1', port: Number(process.env.SMTP_PORT), secure: false, pool: true, allowPlaintext: true });
  const service = createReplyService({ store: createReviewStore(redis, process.env.PREFIX), mailer, redis, prefix: process.env.PREFIX,
    templatesDir: root + '/templates/replies', config: JSON.parse(process.env.CONFIG_JSON),
    keepCopy: async (raw) => { process.kill(process.pid, 'SIGKILL'); await sent.append(raw); } });
  await service.sendAcknowledgement(process.env.KEY);
})().catch((err) => { console.error(err); process.exit(3); });
`;

function killedMidway(env: Record<string, string>): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => (signal ? resolve(signal) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

/** A service like the worker's: copies to `folder`, with or without the recovery search. */
function workerService(store: ReviewStore, prefix: string, folder: string, search: boolean) {
  const sent = sentFolder(folder);
  return createReplyService({
    store, mailer, redis, prefix, templatesDir: TEMPLATES, config,
    keepCopy: (raw) => sent.append(raw), ...(search ? { wasDelivered: (id: string) => sent.contains(id) } : {}),
  });
}

test('SIGKILL between the sent-record and the Sent copy: the retry sends nothing', async () => {
  const prefix = `t-${randomUUID()}`;
  const folder = `Sent-${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  await record(store, message('k0'));
  const imap = { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, folder, allowPlaintext: true };
  const signal = await killedMidway({
    ROOT, REDIS_URL: redisServer.url, SMTP_PORT: String(sink.port), PREFIX: prefix, KEY: 'k0',
    IMAP_JSON: JSON.stringify(imap), CONFIG_JSON: JSON.stringify(config),
  });
  expect(signal).toBe('SIGKILL');
  expect(sink.messages).toHaveLength(1);
  expect(await redis.exists(`${prefix}:sent:acknowledgement:k0`)).toBe(1);
  // The retry runs once the dead sender's lock has lapsed (the job lock in production).
  await redis.del(`${prefix}:sending:acknowledgement:k0`);
  expect(await workerService(store, prefix, folder, true).sendAcknowledgement('k0')).toBe('skipped');
  expect(sink.messages).toHaveLength(1);
  expect(await store.getMessage('k0')).toMatchObject({ reply: 'sent', acknowledged: true });
}, 60_000);

test.each([
  ['with the Sent search, the retry finds the copy and sends nothing', true, 1],
  ['without it (the control), the retry cannot know and sends again', false, 2],
])('Redis lost its last writes (attempt marker kept, sent-record gone): %s', async (_name, search, expected) => {
  const prefix = `t-${randomUUID()}`;
  const folder = `Sent-${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  await record(store, message('k1'));
  const service = workerService(store, prefix, folder, search);
  expect(await service.sendAcknowledgement('k1')).toBe('sent');
  // What an AOF fsync interval or a failover can lose: the record and the marker's removal, not the marker.
  await redis.del(`${prefix}:sent:acknowledgement:k1`);
  await redis.set(`${prefix}:attempt:acknowledgement:k1`, '2026-01-01T00:00:00.000Z');
  await store.setReply('k1', 'queued');

  expect(await service.sendAcknowledgement('k1')).toBe(search ? 'skipped' : 'sent');
  expect(sink.messages).toHaveLength(expected);
  const ids = (await folderMessages(folder)).map((m) => m.messageId);
  expect(ids).toHaveLength(expected);
  expect(ids.every((id) => /^<acknowledgement\.k1\.[0-9a-f]{20}@appeal\.example>$/.test(id ?? ''))).toBe(true);
  expect(await store.getMessage('k1')).toMatchObject({ reply: 'sent', acknowledged: true });
  expect(await service.sendAcknowledgement('k1')).toBe('skipped');
  expect(sink.messages).toHaveLength(expected);
}, 60_000);
