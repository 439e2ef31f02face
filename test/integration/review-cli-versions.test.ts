/**
 * `endorse review approve|reject --version N` on a real Redis (the command touches nothing else):
 * the current version goes through, a stale one exits 1 saying who changed what, and `--version`
 * with several ids or a malformed value is bad usage (exit 2).
 */
import Redis from 'ioredis';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import { startRedis, type RedisServer } from '../helpers/redis';
import { runCli } from '../helpers/stack';
import { item, message } from './web-world';

let server: RedisServer;
let redis: Redis;
let store: ReviewStore;
let env: Record<string, string>;
const prefix = 'cliv';

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  store = createReviewStore(redis, prefix);
  for (const key of ['c1', 'c2', 'c3']) {
    await store.recordMessage(message(key, '2026-06-01T10:00:00.000Z'), [item({ organisation: `Org ${key}` })], [[`k:${key}`]], { key, mailbox: 'INBOX', uidValidity: '7', uid: 1, folder: null });
  }
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
    // The review command never opens the mailbox or SMTP; the config still wants them named.
    IMAP_HOST: '127.0.0.1', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: '127.0.0.1', FROM_ADDRESS: 'Appeal <info@example.org>',
    APPEAL_TITLE: 'Peace Appeal', REDIS_URL: server.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', REPLIES: 'false',
  };
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

test('the current version goes through; a stale one exits 1 saying who changed what, and changes nothing', async () => {
  const ok = await runCli(['review', 'approve', 'c1-0', '--version', '1', '--by', 'alice'], env);
  expect(ok.stderr).toBe('c1-0: approved by alice\n');
  expect(ok.code).toBe(0);
  expect((await store.getItem('c1-0'))!.version).toBe(2);

  const stale = await runCli(['review', 'reject', 'c1-0', '--version', '1', '--reason', 'fake', '--by', 'bob'], env);
  expect(stale.code).toBe(1);
  expect(stale.stderr).toMatch(/^endorse: Not saved: endorsement c1-0 changed since you loaded it \(you saw version 1, it is now 2\): alice approve at [0-9: -]+ \(status "pending" → "approved"\)\. Look at it again and retry\.\n$/);
  expect((await store.getItem('c1-0'))!).toMatchObject({ status: 'approved', version: 2 });
});

test('without --version the command acts on the version it reads', async () => {
  await store.editItem('c2-0', { name: 'Someone' }, 'carol');
  const r = await runCli(['review', 'reject', 'c2-0', '--by', 'bob'], env);
  expect(r.code).toBe(0);
  expect((await store.getItem('c2-0'))!).toMatchObject({ status: 'rejected', version: 3 });
});

test('--version with several ids, or not a number, is bad usage (exit 2)', async () => {
  const many = await runCli(['review', 'approve', 'c3-0', 'c2-0', '--version', '1'], env);
  expect(many.code).toBe(2);
  expect(many.stderr).toMatch(/give exactly one id/);
  const word = await runCli(['review', 'approve', 'c3-0', '--version', 'latest'], env);
  expect(word.code).toBe(2);
  expect(word.stderr).toMatch(/--version must be a whole number/);
  expect((await store.getItem('c3-0'))!.status).toBe('pending');
});
