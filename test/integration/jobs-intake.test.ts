/**
 * The intake job against a real Redis and BullMQ queue: idempotent by message key, oversized and
 * missing messages kept visible with the reason, acknowledgement jobs queued once.
 */
import Redis from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processIntake } from '../../src/jobs/intake';
import { rawKey, type IntakePayload } from '../../src/jobs/queues';
import { messageKey, rawMessageId } from '../../src/mail/key';
import { bouncingAddress } from '../../src/replies/bounces';
import { replyKeys } from '../../src/replies/keys';
import { startRedis, type RedisServer } from '../helpers/redis';
import { intakeDeps } from '../helpers/intake-deps';

const corpus = join(__dirname, '../fixtures/corpus');
let server: RedisServer;
let redis: Redis;
let n = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

function world() {
  const prefix = `ji${++n}`;
  const { replyQueue, store, deps } = intakeDeps(redis, prefix);
  return { prefix, replyQueue, store, deps };
}

async function stage(prefix: string, raw: Buffer, extra: Partial<IntakePayload> = {}): Promise<IntakePayload> {
  const key = messageKey(rawMessageId(raw), raw);
  await redis.set(rawKey(prefix, key), raw);
  return { key, mailbox: 'INBOX', uidValidity: '7', uid: 1, size: raw.length, receivedAt: new Date().toISOString(), oversized: false, ...extra };
}

const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
const firstOf = (kind: string) => readFileSync(join(corpus, labels.find((l) => l.kind === kind)!.file));

test('an endorsement is recorded once, its items pending, one acknowledgement job, however often the job runs', async () => {
  const { prefix, replyQueue, store, deps } = world();
  const job = await stage(prefix, firstOf('endorsement'));
  expect(await processIntake(job, deps)).toBe('created');
  expect(await processIntake(job, deps)).toBe('exists');
  await Promise.all([processIntake(job, deps), processIntake(job, deps)]);
  const rec = await store.getMessage(job.key);
  expect(rec).toMatchObject({ kind: 'endorsement', acknowledgeDue: true, uid: 1, mailbox: 'INBOX' });
  expect(rec!.endorsementIds.length).toBeGreaterThan(0);
  const items = await store.listItems({ status: 'all' });
  expect(items.map((i) => i.id).sort()).toEqual([...rec!.endorsementIds].sort());
  expect(items.every((i) => i.status === 'pending' && i.messageKey === job.key)).toBe(true);
  expect(await replyQueue.getJobCounts('waiting')).toEqual({ waiting: 1 });
  expect((await replyQueue.getWaiting())[0]!.id).toBe(`ack-${job.key}`);
  const filing = await store.filingSource().take(10);
  // The request carries the Message-ID, so filing can find the message again after a UIDVALIDITY change.
  expect(filing).toEqual([{ key: job.key, mailbox: 'INBOX', uidValidity: '7', uid: 1, folder: 'Endorsements', messageId: `<${rawMessageId(firstOf('endorsement'))}>` }]);
  await replyQueue.close();
});

test('machine mail is recorded and filed as automated, with no acknowledgement job', async () => {
  const { prefix, replyQueue, store, deps } = world();
  const job = await stage(prefix, firstOf('bounce'));
  await processIntake(job, deps);
  expect(await store.getMessage(job.key)).toMatchObject({ kind: 'bounce', acknowledgeDue: false });
  expect((await replyQueue.getJobCounts('waiting')).waiting).toBe(0);
  expect((await store.filingSource().take(10))[0]!.folder).toBe('Automated');
  await replyQueue.close();
});

test('an oversized message is kept for review with the reason, left in the inbox, not acknowledged', async () => {
  const { prefix, replyQueue, store, deps } = world();
  const headers = Buffer.from('From: Big Org <big@example.org>\r\nSubject: Our endorsement (scan attached)\r\nMessage-ID: <huge@example.org>\r\n\r\n');
  const job = await stage(prefix, headers, { oversized: true, size: 40 << 20 });
  await processIntake(job, deps);
  const rec = await store.getMessage(job.key);
  expect(rec).toMatchObject({ kind: 'question', acknowledgeDue: false, oversized: true, subject: 'Our endorsement (scan attached)' });
  expect(rec!.error).toMatch(/40\.0 MB is over the 25\.0 MB limit/);
  expect((await store.filingSource().take(10))[0]!.folder).toBeNull();
  expect((await replyQueue.getJobCounts('waiting')).waiting).toBe(0);
  await replyQueue.close();
});

test('a job whose bytes are gone still leaves a visible record saying so', async () => {
  const { replyQueue, store, deps } = world();
  const job: IntakePayload = { key: 'm' + 'a'.repeat(32), mailbox: 'INBOX', uidValidity: '7', uid: 9, size: 10, receivedAt: new Date().toISOString(), oversized: false };
  await processIntake(job, deps);
  const rec = await store.getMessage(job.key);
  expect(rec).toMatchObject({ kind: 'question', acknowledgeDue: false, uid: 9 });
  expect(rec!.error).toMatch(/not found in Redis \(uid 9 in INBOX\)/);
  await replyQueue.close();
});

test('garbage bytes are recorded as unreadable, never thrown', async () => {
  const { prefix, replyQueue, store, deps } = world();
  const job = await stage(prefix, Buffer.from([0, 255, 13, 13, 10, 0x1b, 0x24, 0x42, 0, 0, 0]));
  await expect(processIntake(job, deps)).resolves.toBe('created');
  expect((await store.getMessage(job.key))!.acknowledgeDue).toBe(false);
  await replyQueue.close();
});

test('a bounce of our own acknowledgement marks the address as bouncing; the endorsement shows the failure', async () => {
  const { prefix, replyQueue, store, deps } = world();
  const job = await stage(prefix, firstOf('endorsement'));
  await processIntake(job, deps);
  const rec = (await store.getMessage(job.key))!;
  const to = /<([^>]+)>/.exec(rec.replyTo ?? rec.from ?? '')?.[1] ?? rec.from!;
  // Our reply Message-IDs carry an HMAC (signed-id.ts); the bounce is matched against the sent-record's.
  const ourId = `<acknowledgement.${job.key}.0123456789abcdef0123@ukraine-solidarity.eu>`;
  // What the reply service writes once the SMTP server accepted our acknowledgement.
  await redis.set(replyKeys(prefix).sent('acknowledgement', job.key), JSON.stringify({ at: new Date().toISOString(), to, messageId: ourId, note: 'sent' }));
  await store.setReply(job.key, 'sent');
  const dsn = Buffer.from(
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: info@ukraine-solidarity.eu\r\nSubject: Undelivered Mail Returned to Sender\r\n' +
      'Message-ID: <dsn.1@mx.example.net>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n' +
      `--b\r\nContent-Type: text/plain\r\n\r\nYour message to ${to} could not be delivered.\r\n\r\n` +
      `--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; ${to}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n` +
      `--b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: info@ukraine-solidarity.eu\r\nTo: ${to}\r\nMessage-ID: ${ourId}\r\nSubject: Re: test\r\n\r\n--b--\r\n`,
  );
  const bounceJob = await stage(prefix, dsn, { uid: 2 });
  await processIntake(bounceJob, deps);
  expect((await store.getMessage(bounceJob.key))!.kind).toBe('bounce');
  expect(await bouncingAddress(redis, prefix, to)).toMatchObject({ messageId: ourId });
  expect((await store.getMessage(job.key))!.reply).toBe('failed');
  await replyQueue.close();
});
