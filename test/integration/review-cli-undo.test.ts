/**
 * `endorse review approve|remove|undo` as the CLI runs them (the container built from the
 * environment) against a real Redis and BullMQ queue: each says on stderr which mail waits and how
 * to undo it; undo cancels the delayed job and puts the statuses back; a second undo is refused.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Queue } from 'bullmq';
import { REPLY_QUEUE } from '../../src/jobs/queues';
import { reviewCommand, reviewRemoveCommand, reviewUndoCommand } from '../../src/commands/review';
import { createReviewStore } from '../../src/review/store';
import { startRedis, type RedisServer } from '../helpers/redis';
import { item, message } from './web-world';

let server: RedisServer;
let redis: Redis;
const prefix = `c${randomUUID().slice(0, 8)}`;
const saved = { ...process.env };
let stderr: string[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 3 });
  // Only Redis is reached: the mailbox and SMTP settings are required by the config, never dialled here.
  Object.assign(process.env, {
    IMAP_HOST: '127.0.0.1', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: '127.0.0.1', FROM_ADDRESS: 'info@appeal.example',
    APPEAL_TITLE: 'Peace Appeal', REDIS_URL: server.url, QUEUE_PREFIX: prefix, REVIEW_UNDO_SECONDS: '60', LOG_LEVEL: 'silent',
  });
  const store = createReviewStore(redis, prefix);
  await store.recordMessage(message('e1', '2026-01-01T10:00:00.000Z'), [item({ organisation: 'Acme', contactEmail: 'acme@acme.example' })], [['k1']], { key: 'e1', mailbox: 'INBOX', uidValidity: '7', uid: 1, folder: null });
  await store.recordMessage(message('r1', '2026-02-01T10:00:00.000Z', { kind: 'withdrawal', from: 'Req <req@acme.example>' }),
    [item({ organisation: 'Acme', contactEmail: null, kind: 'withdrawal' })], [['k2']], { key: 'r1', mailbox: 'INBOX', uidValidity: '7', uid: 2, folder: null });
});

afterAll(async () => {
  process.env = saved;
  redis.disconnect();
  await server.stop();
});

beforeEach(() => {
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr.push(String(s));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

async function jobState(id: string): Promise<string> {
  const q = new Queue(REPLY_QUEUE, { connection: redis, prefix });
  try {
    return (await (await q.getJob(id))?.getState()) ?? 'missing';
  } finally {
    await q.close();
  }
}
const status = async (id: string) => (await createReviewStore(redis, prefix).getItem(id))!.status;

test('approve says which mail waits and how to undo it; undo cancels it and reopens the item', async () => {
  await reviewCommand('approve', ['e1-0'], 'alice');
  expect(stderr.join('')).toMatch(/^e1-0: approved by alice; confirmation to acme@acme\.example in (60|59) s \(undo: endorse review undo e1-0\)\n$/);
  expect(await jobState('confirm-e1-0')).toBe('delayed');
  stderr = [];
  await reviewUndoCommand(['e1-0'], 'alice');
  expect(stderr.join('')).toBe('e1-0: approve undone by alice; the confirmation to acme@acme.example was not sent\n');
  expect(await jobState('confirm-e1-0')).toBe('missing');
  expect(await status('e1-0')).toBe('pending');
  await expect(reviewUndoCommand(['e1-0'], 'alice')).rejects.toThrow('Nothing to undo for e1-0');
});

test('approving a withdrawal request fails; remove --of links and carries it out, its note to the requester waits; undo puts both back', async () => {
  await expect(reviewCommand('approve', ['r1-0'], 'alice')).rejects.toThrow('can never be approved');
  await reviewCommand('approve', ['e1-0'], 'alice');
  await expect(reviewRemoveCommand('r1-0', undefined, 'alice')).rejects.toThrow('not linked to a signer yet');
  stderr = [];
  await reviewRemoveCommand('r1-0', 'e1-0', 'alice');
  expect(stderr.join('')).toMatch(/^r1-0: e1-0 removed from the list \(was approved\) by alice; withdrawal to req@acme\.example in (60|59) s \(undo: endorse review undo r1-0\)\n$/);
  expect([await status('r1-0'), await status('e1-0')]).toEqual(['withdrawn', 'withdrawn']);
  expect(await jobState('confirm-e1-0')).toBe('missing');
  expect(await jobState('withdraw-r1-0')).toBe('delayed');
  await reviewUndoCommand(['r1-0'], 'alice');
  expect([await status('r1-0'), await status('e1-0')]).toEqual(['pending', 'approved']);
  expect(await jobState('withdraw-r1-0')).toBe('missing');
});
