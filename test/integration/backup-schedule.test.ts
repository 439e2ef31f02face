/**
 * Scheduled backups on a real Redis: each one a complete 0600 file in BACKUP_DIR, the newest
 * BACKUP_KEEP kept, the last one recorded for `endorse doctor`; a backup with fewer items than the
 * one before (Redis lost data) deletes nothing. And the restore's merge of the dedupe index and the
 * time to live of keys that expire.
 */
import Redis from 'ioredis';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listBackups, writeBackupFile } from '../../src/backup/files';
import { restoreBackup } from '../../src/backup/restore';
import { backupOnce, readBackupStatus, startScheduledBackup } from '../../src/backup/schedule';
import { createLogger } from '../../src/log';
import { createReviewStore } from '../../src/review/store';
import { startRedis, type RedisServer } from '../helpers/redis';
import { item, message } from './web-world';

let server: RedisServer;
let redis: Redis;
let dir: string;
const log = createLogger('silent');

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  dir = mkdtempSync(join(tmpdir(), 'endorse-backup-sched-'));
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function addMessages(prefix: string, n: number, from = 0): Promise<void> {
  const store = createReviewStore(redis, prefix);
  for (let i = from; i < from + n; i++) {
    const key = `m${String(i).padStart(32, '0')}`;
    await store.recordMessage(message(key, '2026-06-01T10:00:00.000Z'), [item({ organisation: `Org ${i}` })], [[`k:${i}`]], { key, mailbox: 'INBOX', uidValidity: '7', uid: i + 1, folder: null });
  }
}

test('every interval a complete 0600 backup; the newest BACKUP_KEEP stay; the last is recorded', async () => {
  const prefix = 's1';
  const out = join(dir, 's1');
  await addMessages(prefix, 3);
  // 0.002 minutes: a backup every 120 ms, so the test sees several; every name seen is remembered.
  const stop = startScheduledBackup({ redis, prefix, log, dir: out, everyMinutes: 0.002, keep: 2 });
  const seen = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (seen.size < 4 && Date.now() < deadline) {
    for (const f of await listBackups(out, prefix)) seen.add(f);
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop();
  for (const f of await listBackups(out, prefix)) seen.add(f);
  expect(seen.size).toBeGreaterThanOrEqual(4);
  const files = await listBackups(out, prefix);
  expect(files).toEqual([...seen].sort().slice(-2));
  expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  for (const f of files) {
    expect(statSync(f).mode & 0o777).toBe(0o600);
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'endorse-backup', prefix, counts: { items: 3 } });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', counts: { item: 3, message: 3 } });
  }
  expect(await readBackupStatus(redis, prefix)).toMatchObject({ ok: true, file: files[1], items: 3, messages: 3 });
});

test('rotation keeps the newest N; a backup with fewer items than the one before deletes nothing', async () => {
  const prefix = 's2';
  const out = join(dir, 's2');
  await addMessages(prefix, 4);
  let clock = Date.parse('2026-06-01T00:00:00.000Z');
  const now = () => new Date((clock += 60_000));
  for (let i = 0; i < 4; i++) expect((await backupOnce({ redis, prefix, log, dir: out, everyMinutes: 60, keep: 3, now })).ok).toBe(true);
  const three = await listBackups(out, prefix);
  expect(three.map((f) => f.slice(-25))).toEqual(['20260601T000200000Z.jsonl', '20260601T000300000Z.jsonl', '20260601T000400000Z.jsonl']);
  // Temporary files of a write that crashed go with the next rotation once an hour old; a fresh one stays.
  const crashed = join(out, `.endorse-${prefix}-20260601T000000000Z.jsonl.999.tmp`);
  const fresh = join(out, `.endorse-${prefix}-20260601T000500000Z.jsonl.998.tmp`);
  writeFileSync(crashed, '{"format"');
  writeFileSync(fresh, '{"format"');
  utimesSync(crashed, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
  await backupOnce({ redis, prefix, log, dir: out, everyMinutes: 60, keep: 3, now });
  expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([fresh.slice(out.length + 1)]);
  rmSync(fresh);
  three.shift();
  three.push((await listBackups(out, prefix)).at(-1)!);

  // Redis lost two items: the next backup is written, warned about, and nothing is rotated away.
  await redis.del(`${prefix}:item:m${'0'.repeat(32)}-0`);
  await redis.zrem(`${prefix}:items:all`, `m${'0'.repeat(32)}-0`, `m${'0'.repeat(31)}1-0`);
  const s = await backupOnce({ redis, prefix, log, dir: out, everyMinutes: 60, keep: 3, now });
  expect(s).toMatchObject({ ok: true, items: 3 });
  expect(await listBackups(out, prefix)).toEqual([...three, s.file]);
});

test('a backup that cannot be written is recorded as failed, with the reason', async () => {
  const prefix = 's3';
  const blocker = join(dir, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const s = await backupOnce({ redis, prefix, log, dir: join(blocker, 'sub'), everyMinutes: 60, keep: 3 });
  expect(s.ok).toBe(false);
  expect(s.error).toMatch(/ENOTDIR|EEXIST/);
  expect(await readBackupStatus(redis, prefix)).toMatchObject({ ok: false, error: s.error });
});

test('restore adds missing dedupe keys to an existing index, and keeps what expires expiring', async () => {
  const prefix = 's4';
  await addMessages(prefix, 2);
  await redis.set(`${prefix}:attempt:confirmation:x`, 'at', 'EX', 3600);
  const file = join(dir, 's4.jsonl');
  await writeBackupFile(redis, prefix, file);
  const dedupeBefore = await redis.hgetall(`${prefix}:dedupe`);
  expect(Object.keys(dedupeBefore)).toEqual(['k:0', 'k:1']);
  await redis.hdel(`${prefix}:dedupe`, 'k:0');
  await redis.hset(`${prefix}:dedupe`, 'k:9', 'other-0');
  await redis.del(`${prefix}:attempt:confirmation:x`);
  const r = await restoreBackup(redis, prefix, file);
  expect(r.merged).toBe(1);
  expect(await redis.hgetall(`${prefix}:dedupe`)).toEqual({ ...dedupeBefore, 'k:9': 'other-0' });
  const ttl = await redis.pttl(`${prefix}:attempt:confirmation:x`);
  expect(ttl).toBeGreaterThan(3_500_000);
  expect(ttl).toBeLessThanOrEqual(3_600_000);
});

test('a restored epoch comes back not ready (the worker rebuilds from the mailbox first); an existing one is kept', async () => {
  const prefix = 's5';
  const epoch = { id: 'e1', createdAt: '2026-06-01T00:00:00.000Z', checkpoint: 1780000000000, ready: true };
  await redis.set(`${prefix}:epoch`, JSON.stringify(epoch));
  const file = join(dir, 's5.jsonl');
  await writeBackupFile(redis, prefix, file);
  await redis.del(`${prefix}:epoch`);
  await restoreBackup(redis, prefix, file);
  expect(JSON.parse((await redis.get(`${prefix}:epoch`))!)).toEqual({ ...epoch, ready: false });
  const newer = { ...epoch, id: 'e2', checkpoint: 1790000000000 };
  await redis.set(`${prefix}:epoch`, JSON.stringify(newer));
  await restoreBackup(redis, prefix, file);
  expect(JSON.parse((await redis.get(`${prefix}:epoch`))!)).toEqual(newer);
});

test('a backup taken while organisers work has each item agree with its own history', async () => {
  const prefix = 's6';
  await addMessages(prefix, 300);
  const store = createReviewStore(redis, prefix);
  const ids = Array.from({ length: 300 }, (_, i) => `m${String(i).padStart(32, '0')}-0`);
  let stop = false;
  let dumping = false;
  let during = 0;
  let firstRound: () => void = () => undefined;
  const started = new Promise<void>((r) => (firstRound = r));
  // Reviewers at work during the dump: each change bumps the version and adds a history entry.
  const work = (async () => {
    for (let round = 0; !stop; round++) {
      await Promise.all(ids.slice((round * 30) % 300, ((round * 30) % 300) + 30).map(async (id, n) => {
        await store.editItem(id, { name: `Person ${round}-${n}` }, 'alice');
        if (dumping) during++;
      }));
      firstRound();
    }
  })();
  await started;
  const file = join(dir, 's6.jsonl');
  dumping = true;
  await writeBackupFile(redis, prefix, file);
  dumping = false;
  stop = true;
  await work;
  expect(during).toBeGreaterThan(0);
  const items = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { t: string; version: number; hash: Record<string, string>; history: string[] })
    .filter((r) => r.t === 'item');
  expect(items).toHaveLength(300);
  for (const r of items) {
    // One history entry per version (the first, "received", is version 1), and the last one names it.
    expect(r.history).toHaveLength(r.version);
    expect(Number(r.hash.version)).toBe(r.version);
    if (r.version > 1) expect((JSON.parse(r.history.at(-1)!) as { version: number }).version).toBe(r.version);
  }
});
