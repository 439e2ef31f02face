/**
 * `endorse backup` then FLUSHALL then `endorse restore` (the built CLI, a real Redis): every decision,
 * history entry, version, reply state, sent-record, question, account and cursor comes back, key for
 * key and value for value as they were before (read by this file's own SCAN, and through the store
 * APIs), while queues, staged bytes, locks and sessions stay out. A restore over newer state keeps the
 * newer item; a damaged, foreign or other-prefix file is refused and changes nothing.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cursorKey } from '../../src/intake/cursor';
import { startKey } from '../../src/intake/start';
import { createQuestionInbox } from '../../src/questions/inbox';
import { createSavedReplies } from '../../src/questions/saved';
import { replyKeys } from '../../src/replies/keys';
import { saveQuestion } from '../../src/replies/questions';
import { replySecret } from '../../src/replies/signed-id';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';
import { createUsers } from '../../src/users';
import { startRedis, type RedisServer } from '../helpers/redis';
import { runCli } from '../helpers/stack';
import { item, message } from './web-world';

let server: RedisServer;
let redis: Redis;
let store: ReviewStore;
let dir: string;
let env: Record<string, string>;
const prefix = 'bk';
const keys = replyKeys(prefix);

/** Every key under a prefix with its type, value and whether it expires: read here, not by the code under test. */
async function snapshot(p = prefix): Promise<Map<string, { type: string; value: unknown; expires: boolean }>> {
  const out = new Map<string, { type: string; value: unknown; expires: boolean }>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${p}:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of found) {
      const type = await redis.type(k);
      const value = type === 'string' ? await redis.get(k)
        : type === 'hash' ? await redis.hgetall(k)
          : type === 'list' ? await redis.lrange(k, 0, -1)
            : type === 'set' ? (await redis.smembers(k)).sort()
              : type === 'zset' ? await redis.zrange(k, '0', '-1', 'WITHSCORES')
                : type === 'stream' ? await redis.xrange(k, '-', '+')
                  : type;
      out.set(k.slice(p.length + 1), { type, value, expires: (await redis.pttl(k)) > 0 });
    }
  } while (cursor !== '0');
  return out;
}

const sorted = (m: Map<string, unknown>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
/** Working state: left out of backups (and BullMQ's queue keys, which any command's queues create). */
const WORKING = /^(?:reply:|intake:|intake-large:|raw:|lease:|sending:|budget:|web:session:|web:user-sessions:)/;
/** A snapshot without working state. */
const kept = (m: Map<string, unknown>) => sorted(new Map([...m].filter(([k]) => !WORKING.test(k))));

let before: Map<string, { type: string; value: unknown; expires: boolean }>;
let itemsBefore: EndorsementItem[];
let messagesBefore: MessageRecord[];
/** Keys the test made that a backup must leave out. */
let transient: string[];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  store = createReviewStore(redis, prefix);
  dir = mkdtempSync(join(tmpdir(), 'endorse-backup-'));
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
    IMAP_HOST: '127.0.0.1', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: '127.0.0.1', FROM_ADDRESS: 'Appeal <info@example.org>',
    APPEAL_TITLE: 'Peace Appeal', REDIS_URL: server.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', REPLIES: 'false',
  };

  // Messages and items through the store, then the organisers' work on them.
  for (let i = 0; i < 6; i++) {
    const key = `m${String(i).padStart(32, '0')}`;
    await store.recordMessage(message(key, `2026-06-0${i + 1}T10:00:00.000Z`), [item({ organisation: `Org ${i}` }), item({ organisation: `Org ${i} b`, signerType: 'organisation' })],
      [[`k:${i}`], [`k:${i}b`]], { key, mailbox: 'INBOX', uidValidity: '7', uid: i + 1, folder: null });
  }
  const id = (i: number, n = 0) => `m${String(i).padStart(32, '0')}-${n}`;
  await store.transition(id(0), 'approve', 'alice');
  await store.transition(id(1), 'reject', 'bob', 'not an organisation');
  await store.editItem(id(2), { name: 'Jane Roe', country: 'DE' }, 'carol');
  await store.transition(id(2), 'approve', 'carol', undefined, 2);
  await store.setDuplicate(id(3, 1), id(3), 'alice');
  // A withdrawal: a request message linked to the approved signer, then carried out.
  const wkey = `m${'9'.repeat(32)}`;
  await store.recordMessage(message(wkey, '2026-06-09T10:00:00.000Z', { kind: 'withdrawal' }), [item({ kind: 'withdrawal', organisation: 'Org 0' })], [[]], { key: wkey, mailbox: 'INBOX', uidValidity: '7', uid: 20, folder: null });
  await store.linkWithdrawal(`${wkey}-0`, id(0), 'alice');
  await store.removeFromList(`${wkey}-0`, 'alice');
  // Replies: an acknowledgement sent (state and sent-record), a confirmation failed, an attempt in flight.
  const ackKey = `m${String(4).padStart(32, '0')}`;
  await store.setReply(ackKey, 'sent');
  await redis.set(keys.sent('acknowledgement', ackKey), JSON.stringify({ at: '2026-06-05T10:00:01.000Z', to: 'jane@example.net', messageId: '<ack@example.org>', note: '' }));
  await store.setItemReply(id(2), 'failed', '550 no such user');
  await redis.set(keys.attempt('confirmation', id(0)), '2026-06-05T10:00:02.000Z', 'EX', 3600);
  await redis.set(keys.bouncing('gone@example.net'), JSON.stringify({ at: 'x', messageId: '<b@x>', detail: '550' }), 'EX', 86400);
  await redis.set(keys.held(), JSON.stringify({ since: '2026-06-05T10:00:00.000Z', reason: 'daily limit' }));
  await replySecret(redis, prefix);
  // Questions: an organiser's question to a sender, the questions inbox with a move and a note, a saved reply.
  const qrec = (await store.getMessage(`m${String(5).padStart(32, '0')}`))!;
  await saveQuestion(redis, prefix, { messageKey: qrec.key, itemId: id(5), text: 'Which country are you in?', by: 'alice' });
  const inbox = createQuestionInbox(redis, prefix);
  await inbox.ensure(qrec, 'alice');
  await inbox.note(qrec.key, 'called them', 'bob');
  await inbox.move(qrec.key, 'answer', 'bob', 'a1');
  await createSavedReplies(redis, prefix).save({ language: 'en', title: 'Thanks', text: 'Thank you!', by: 'alice' });
  // Accounts with a password hash and an API token; a session, which must stay out.
  const users = createUsers(redis, prefix, { scrypt: { N: 2 ** 12, r: 8, p: 1 } });
  await users.accounts.add('alice', 'violet kettle marches under 7 lanterns');
  await users.accounts.createToken('alice');
  await users.sessions.create('alice');
  // Where intake stands.
  await redis.set(cursorKey(prefix, 'INBOX', '7'), '20');
  await redis.set(startKey(prefix, 'INBOX'), JSON.stringify({ mode: 'now', uidValidity: '7', top: 0, at: '2026-06-01T00:00:00.000Z' }));

  // Working state a backup leaves out: a queued job, staged bytes, a lease, a lock, budget slots.
  const q = new Queue('reply', { connection: redis, prefix });
  await q.add('acknowledgement', { type: 'acknowledgement', id: ackKey }, { jobId: 'ack-x' });
  await q.close();
  await redis.set(`${prefix}:raw:${ackKey}`, 'Subject: hi\r\n\r\nbody');
  await redis.set(`${prefix}:lease:INBOX`, 'token', 'EX', 30);
  await redis.set(keys.sending('confirmation', id(0)), 'tok', 'EX', 30);
  await redis.zadd(`${prefix}:budget:smtp`, Date.now(), 'slot');

  before = await snapshot();
  transient = [...before.keys()].filter((k) => WORKING.test(k));
  itemsBefore = await store.listItems();
  messagesBefore = await store.listMessages();
}, 120_000);

afterAll(async () => {
  redis.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the state the test built is what it means to check', () => {
  // Guards against a vacuous comparison: each kind of record is there before the backup.
  expect(itemsBefore.map((i) => i.status).sort()).toEqual(['approved', ...Array<string>(9).fill('pending'), 'rejected', 'withdrawn', 'withdrawn']);
  for (const k of ['sent:acknowledgement:', 'attempt:confirmation:', 'question:', 'questions:', 'inbox:q:', 'inbox:answered', 'inbox:saved', 'web:user:alice', 'web:token:', 'cursor:INBOX:7', 'intake-start:INBOX', 'replies:secret', 'replies:held', 'bouncing:', 'dedupe', 'filing:req']) {
    expect([...before.keys()].some((key) => key.startsWith(k))).toBe(true);
  }
  expect(transient.some((k) => k.startsWith('reply:'))).toBe(true);
  expect(transient.some((k) => k.startsWith('web:session:'))).toBe(true);
});

test('backup, FLUSHALL, restore: everything but working state comes back as it was', async () => {
  const file = join(dir, 'full.jsonl');
  const b = await runCli(['backup', '--out', file], env);
  expect(b.stderr).toMatch(/backup of prefix "bk": 7 messages, 13 items, 1 questions, \d+ other keys; [\d.]+ kB in [\d.]+ s → /);
  expect(b.code).toBe(0);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'endorse-backup', version: 1, prefix: 'bk', counts: { messages: 7, items: 13 } });
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', counts: { message: 7, item: 13, inbox: 1 } });
  // The password hash is in the file (the README says so): that is why it is 0600.
  expect(readFileSync(file, 'utf8')).toContain('scrypt');

  await redis.flushall();
  const r = await runCli(['restore', file], env);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('messages: 7 added, 0 replaced, 0 kept');
  expect(r.stderr).toContain('items: 13 added, 0 replaced, 0 kept');
  expect(r.stderr).toContain('questions: 1 added, 0 replaced, 0 kept');

  expect(kept(await snapshot())).toEqual(kept(before));
  // Working state stayed out (BullMQ's meta hash is made again by the command's own queues).
  const back = [];
  for (const k of transient) if (!k.endsWith(':meta') && (await redis.exists(`${prefix}:${k}`))) back.push(k);
  expect(back).toEqual([]);
  expect(await store.listItems()).toEqual(itemsBefore);
  expect(await store.listMessages()).toEqual(messagesBefore);
  // The one taken off the list is still off it, with the request's whole story.
  const removed = itemsBefore.find((i) => i.kind === 'withdrawal')!;
  expect(await store.getItem(removed.id)).toEqual(removed);
  expect(removed.history.map((h) => h.action)).toEqual(['received', 'linked', 'remove-from-list']);
});

test('restoring the same file again changes nothing', async () => {
  const file = join(dir, 'full.jsonl');
  const state = await snapshot();
  const r = await runCli(['restore', file], env);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('items: 0 added, 0 replaced, 13 kept');
  expect(r.stderr).toMatch(/other keys: 0 added, 0 replaced, \d+ kept/);
  expect(sorted(await snapshot())).toEqual(sorted(state));
});

test('into newer state: the newer item version and existing keys win, missing ones come back', async () => {
  const file = join(dir, 'full.jsonl');
  const pendingId = itemsBefore.find((i) => i.status === 'pending' && i.kind === 'endorsement')!.id;
  const approvedId = itemsBefore.find((i) => i.status === 'approved')!.id;
  const newer = await store.transition(pendingId, 'approve', 'dave');
  // An older version in Redis than in the file (Redis restarted from a lagging AOF): the file's wins.
  await redis.hset(`${prefix}:item:${approvedId}`, 'version', '1', 'status', 'pending');
  await redis.zrem(`${prefix}:items:approved`, approvedId);
  await redis.zadd(`${prefix}:items:pending`, 1, approvedId);
  await redis.del(keys.sent('acknowledgement', `m${String(4).padStart(32, '0')}`));
  await redis.set(`${prefix}:replies:secret`, 'newer-secret');

  const r = await runCli(['restore', file], env);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('items: 0 added, 1 replaced, 12 kept');
  expect(await store.getItem(pendingId)).toEqual(newer);
  expect(await store.getItem(approvedId)).toEqual(itemsBefore.find((i) => i.id === approvedId));
  expect(await store.listItems({ status: 'pending' }).then((a) => a.map((i) => i.id))).not.toContain(approvedId);
  expect(await redis.get(keys.sent('acknowledgement', `m${String(4).padStart(32, '0')}`))).toBe(before.get(`sent:acknowledgement:m${String(4).padStart(32, '0')}`)!.value);
  expect(await redis.get(`${prefix}:replies:secret`)).toBe('newer-secret');

  // --force overwrites other keys, still never a newer item.
  const f = await runCli(['restore', file, '--force'], env);
  expect(f.code).toBe(0);
  expect(await redis.get(`${prefix}:replies:secret`)).toBe(before.get('replies:secret')!.value);
  expect(await store.getItem(pendingId)).toEqual(newer);
});

test('a file that is not a backup, or is damaged, is refused with a clear message and changes nothing', async () => {
  const good = readFileSync(join(dir, 'full.jsonl'), 'utf8').trimEnd().split('\n');
  await redis.flushall();
  const cases: [string, string, RegExp][] = [
    ['other.json', '{"format":"something-else","version":1}\n', /other\.json is not an endorse backup: its first line has format "something-else"/],
    ['text.txt', 'hello\nworld\n', /text\.txt is not an endorse backup: its first line is not JSON/],
    ['cut.jsonl', `${good.slice(0, -3).join('\n')}\n`, /cut\.jsonl has no end line: the backup is incomplete/],
    ['bad-line.jsonl', [...good.slice(0, 3), '{"t":"item","id":"x"}', ...good.slice(3)].join('\n'), /bad-line\.jsonl line 4 is not a backup record/],
    ['newer.jsonl', [JSON.stringify({ ...JSON.parse(good[0]!), version: 99 }), ...good.slice(1)].join('\n'), /format version 99; this version of endorse reads up to 1/],
    ['missing.jsonl', good.slice(0, -2).concat(good.at(-1)!).join('\n'), /the end line counts \d+ \w+ records but the file holds \d+/],
  ];
  for (const [name, text, message] of cases) {
    writeFileSync(join(dir, name), text);
    const r = await runCli(['restore', join(dir, name)], env);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(await redis.dbsize()).toBe(0);
  }
  const none = await runCli(['restore', join(dir, 'no-such-file')], env);
  expect(none.stderr).toMatch(/cannot read .*no-such-file \(ENOENT\)/);
  expect(none.code).toBe(2);
});

test('a backup of another prefix is refused unless --other-prefix, which restores it under this one', async () => {
  await redis.flushall();
  const other = { ...env, QUEUE_PREFIX: 'bk2' };
  const refused = await runCli(['restore', join(dir, 'full.jsonl')], other);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/is a backup of prefix "bk", not of QUEUE_PREFIX "bk2": set QUEUE_PREFIX=bk, or pass --other-prefix/);
  expect(await redis.dbsize()).toBe(0);
  const ok = await runCli(['restore', join(dir, 'full.jsonl'), '--other-prefix'], other);
  expect(ok.code).toBe(0);
  expect(kept(await snapshot('bk2'))).toEqual(kept(before));
});

test('without --out (or with -) the backup goes to standard output; --out FOLDER gets a timestamped file', async () => {
  await redis.flushall();
  await runCli(['restore', join(dir, 'full.jsonl')], env);
  const out = await runCli(['backup'], env);
  expect(out.code).toBe(0);
  const lines = out.stdout.trimEnd().split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'endorse-backup', prefix: 'bk', counts: { messages: 7, items: 13 } });
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', counts: { message: 7, item: 13 } });
  const inDir = join(dir, 'by-hand/');
  const r = await runCli(['backup', '--out', inDir], env);
  expect(r.code).toBe(0);
  const file = /→ (.+)\n$/.exec(r.stderr)![1]!;
  expect(file).toMatch(new RegExp(`^${inDir}endorse-bk-\\d{8}T\\d{9}Z\\.jsonl$`));
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8').split('\n').length).toBe(lines.length + 1);
});
