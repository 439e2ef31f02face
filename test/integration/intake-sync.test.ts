/**
 * The watcher's syncOnce/fileOnce and its lease and cursor, against a real Dovecot and Redis. The sink
 * and filing source are in-memory fakes of our own seams (src/intake/types.ts); IMAP and Redis are real.
 * Each test watches its own folder and uses its own key prefix.
 */
import { spawnSync } from 'node:child_process';
import { useIntakeWorld } from '../helpers/intake-world';
import { createWatcher, Watcher, WatcherOptions } from '../../src/intake/watcher';
import { tryAcquireLease, acquireLease, leaseKey } from '../../src/intake/lease';
import { advanceCursor, cursorKey, readCursor } from '../../src/intake/cursor';
import { LeaseLostError, LeaseTimeoutError } from '../../src/intake/errors';
import type { FetchedMessage, FilingRequest, FilingSource, IntakeSink } from '../../src/intake/types';

const world = useIntakeWorld();
const { watchers } = world;
let n = 0;

/** A sink that keeps what it was given (sizes and bytes) and can be told to fail. */
class MemorySink implements IntakeSink {
  calls: FetchedMessage[][] = [];
  failNext = 0;
  async accept(batch: FetchedMessage[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('sink down');
    }
    this.calls.push(batch);
  }
  get all(): FetchedMessage[] {
    return this.calls.flat();
  }
}

class MemoryFiling implements FilingSource {
  queue: FilingRequest[] = [];
  done_: FilingRequest[] = [];
  async take(max: number): Promise<FilingRequest[]> {
    return this.queue.splice(0, max);
  }
  async done(requests: FilingRequest[]): Promise<void> {
    this.done_.push(...requests);
  }
}

const silent = { info() {}, warn() {}, error() {}, debug() {} };

function fresh(): { prefix: string; mailbox: string } {
  n++;
  return { prefix: `t${n}x${Date.now()}`, mailbox: `Watch${n}` };
}

function watcher(over: Partial<WatcherOptions> & { prefix: string; mailbox: string }): { w: Watcher; sink: MemorySink; filing: MemoryFiling } {
  const sink = (over.sink as MemorySink | undefined) ?? new MemorySink();
  const filing = (over.filing as MemoryFiling | undefined) ?? new MemoryFiling();
  const w = createWatcher({
    imap: { host: '127.0.0.1', port: world.dovecot.port, secure: false, user: world.dovecot.user, password: world.dovecot.password, allowPlaintext: true },
    redis: world.redis, sink, filing,
    maxMessageBytes: 25 * 1024 * 1024, batchSize: 50, pollMs: 60_000, filingEnabled: true,
    folders: { endorsements: `${over.mailbox}-Endorsements`, automated: `${over.mailbox}-Automated`, junk: `${over.mailbox}-Junk` },
    log: silent, leaseTtlMs: 3000, leaseWaitMs: 500,
    ...over,
  });
  watchers.push(w);
  return { w, sink, filing };
}

function message(id: string | null, body = 'I endorse the appeal.', extra = ''): Buffer {
  const mid = id ? `Message-ID: <${id}>\r\n` : '';
  return Buffer.from(`From: sender@example.net\r\nTo: info@example.org\r\nSubject: test ${id}\r\n${mid}${extra}\r\n${body}\r\n`);
}

async function append(mailbox: string, raws: Buffer[]): Promise<void> {
  await world.imap.mailboxCreate(mailbox);
  for (const r of raws) await world.imap.append(mailbox, r);
}

async function flagsAndUids(mailbox: string): Promise<{ uid: number; seen: boolean; subject: string }[]> {
  const lock = await world.imap.getMailboxLock(mailbox);
  try {
    await world.imap.noop(); // let Dovecot report the watcher's moves to this session first (RFC 3501 7.4.1)
    const out = [];
    if ((world.imap.mailbox as { exists: number }).exists === 0) return [];
    for await (const m of world.imap.fetch('1:*', { uid: true, flags: true, envelope: true })) {
      out.push({ uid: m.uid, seen: !!m.flags?.has('\\Seen'), subject: m.envelope?.subject ?? '' });
    }
    return out;
  } finally {
    lock.release();
  }
}

async function uidValidityOf(mailbox: string): Promise<string> {
  const st = await world.imap.status(mailbox, { uidValidity: true });
  if (!st) throw new Error(`STATUS ${mailbox} failed`);
  return String(st.uidValidity);
}

test('syncOnce fetches every message exactly once, in batches, without setting \\Seen', async () => {
  const at = fresh();
  const raws = Array.from({ length: 25 }, (_, i) => message(`m${i}@example.net`, `body ${i}`));
  await append(at.mailbox, raws);
  const { w, sink } = watcher({ ...at, batchSize: 4 });

  expect(await w.syncOnce()).toEqual({ fetched: 25 });
  expect(sink.calls.map((c) => c.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
  expect(sink.all.map((m) => m.uid)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  expect(sink.all.map((m) => m.raw.toString())).toEqual(raws.map((r) => r.toString()));
  expect(new Set(sink.all.map((m) => m.key)).size).toBe(25);
  expect(sink.all.every((m) => !m.oversized && m.mailbox === at.mailbox && m.size === m.raw.length)).toBe(true);
  const uidValidity = await uidValidityOf(at.mailbox);
  expect(sink.all.every((m) => m.uidValidity === uidValidity)).toBe(true);
  expect(await world.redis.get(cursorKey(at.prefix, at.mailbox, uidValidity))).toBe('25');

  expect(await w.syncOnce()).toEqual({ fetched: 0 });
  await append(at.mailbox, [message('late@example.net')]);
  expect(await w.syncOnce()).toEqual({ fetched: 1 });
  expect(sink.all).toHaveLength(26);
  expect((await flagsAndUids(at.mailbox)).some((m) => m.seen)).toBe(false);
});

test('source batches are capped by bytes as well as count; a big message goes alone', async () => {
  const at = fresh();
  const big = 'x'.repeat(70_000);
  await append(at.mailbox, [message('a@x', big), message('b@x', big), message('c@x'), message('d@x', 'y'.repeat(250_000)), message('e@x')]);
  const { w, sink } = watcher({ ...at, batchSize: 10, maxBatchBytes: 200_000 });
  await w.syncOnce();
  expect(sink.calls.map((c) => c.map((m) => m.uid))).toEqual([[1, 2, 3], [4], [5]]);
});

test('when the sink throws the cursor stays, and the next sync delivers the same messages', async () => {
  const at = fresh();
  await append(at.mailbox, [message('s1@x'), message('s2@x'), message('s3@x')]);
  const { w, sink } = watcher({ ...at, batchSize: 2 });
  sink.failNext = 1;
  await expect(w.syncOnce()).rejects.toThrow('sink down');
  expect(await world.redis.get(cursorKey(at.prefix, at.mailbox, await uidValidityOf(at.mailbox)))).toBeNull();
  expect(sink.all).toHaveLength(0);

  expect(await w.syncOnce()).toEqual({ fetched: 3 });
  expect(sink.all.map((m) => m.uid)).toEqual([1, 2, 3]);

  // A failure on the second batch keeps the first batch's progress only.
  await append(at.mailbox, [message('s4@x'), message('s5@x'), message('s6@x')]);
  const failing = new MemorySink();
  const w2 = watcher({ ...at, sink: failing, batchSize: 2 }).w;
  await w.stop();
  let accepted = 0;
  failing.accept = async (batch) => {
    if (accepted++ === 1) throw new Error('sink down');
    failing.calls.push(batch);
  };
  await expect(w2.syncOnce()).rejects.toThrow('sink down');
  expect(failing.all.map((m) => m.uid)).toEqual([4, 5]);
  expect(await readCursor(world.redis, at.prefix, at.mailbox, await uidValidityOf(at.mailbox))).toBe(5);
  await w2.syncOnce();
  expect(failing.all.map((m) => m.uid)).toEqual([4, 5, 6]);
});

test('a new UIDVALIDITY (folder deleted and recreated) makes the watcher rescan from UID 1', async () => {
  const at = fresh();
  await append(at.mailbox, [message('v1@x'), message('v2@x')]);
  const { w, sink } = watcher(at);
  await w.syncOnce();
  const firstValidity = sink.all[0]!.uidValidity;
  await w.stop();

  await world.imap.mailboxDelete(at.mailbox);
  await new Promise((r) => setTimeout(r, 1100)); // Dovecot derives UIDVALIDITY from the clock
  await append(at.mailbox, [message('v1@x'), message('v2@x'), message('v3@x')]);
  const secondValidity = await uidValidityOf(at.mailbox);
  expect(secondValidity).not.toBe(firstValidity);

  expect(await w.syncOnce()).toEqual({ fetched: 3 });
  const rescanned = sink.all.slice(2);
  expect(rescanned.map((m) => [m.uid, m.uidValidity])).toEqual([[1, secondValidity], [2, secondValidity], [3, secondValidity]]);
  // The sink sees the same keys again for the same messages, which is how it dedupes the rescan.
  expect(rescanned.slice(0, 2).map((m) => m.key)).toEqual(sink.all.slice(0, 2).map((m) => m.key));
  expect(await world.redis.get(cursorKey(at.prefix, at.mailbox, firstValidity))).toBe('2');
  expect(await world.redis.get(cursorKey(at.prefix, at.mailbox, secondValidity))).toBe('3');
});

test('a message over the size cap is handed over as its header block only', async () => {
  const at = fresh();
  const bigBody = 'BODYMARK'.repeat(10_000);
  const big = message('big@example.net', bigBody, 'X-Extra: yes\r\n');
  const bigNoId = message(null, bigBody + 'other');
  await append(at.mailbox, [message('small@x'), big, bigNoId]);
  const { w, sink } = watcher({ ...at, maxMessageBytes: 20_000 });
  expect(await w.syncOnce()).toEqual({ fetched: 3 });
  const [small, over, overNoId] = sink.all;
  expect(small!.oversized).toBe(false);
  expect(over!.oversized).toBe(true);
  expect(over!.size).toBe(big.length);
  const headerBlock = big.subarray(0, big.indexOf('\r\n\r\n') + 4).toString();
  expect(over!.raw.toString()).toBe(headerBlock);
  expect(over!.key).toMatch(/^m[0-9a-f]{32}$/);
  expect(overNoId!.oversized).toBe(true);
  expect(overNoId!.raw.toString()).not.toContain('BODYMARK');
  expect(overNoId!.key).toMatch(/^b[0-9a-f]{32}$/);
  expect(new Set(sink.all.map((m) => m.key)).size).toBe(3);
});

test('a second watcher cannot sync while the first holds the lease; it takes over after release or expiry', async () => {
  const at = fresh();
  await append(at.mailbox, [message('l1@x')]);
  const first = watcher(at);
  const second = watcher({ ...at, leaseWaitMs: 400 });
  await first.w.syncOnce();
  await expect(second.w.syncOnce()).rejects.toBeInstanceOf(LeaseTimeoutError);
  expect(second.sink.all).toHaveLength(0);

  await first.w.stop();
  expect(await world.redis.exists(leaseKey(at.prefix, at.mailbox))).toBe(0);
  await append(at.mailbox, [message('l2@x')]);
  expect(await second.w.syncOnce()).toEqual({ fetched: 1 });
  await second.w.stop();

  // A holder that crashed (no renewal, no release): the next watcher waits for the expiry.
  const crashed = await tryAcquireLease({ redis: world.redis, prefix: at.prefix, mailbox: at.mailbox, ttlMs: 800, renewEveryMs: false });
  expect(crashed).not.toBeNull();
  await append(at.mailbox, [message('l3@x')]);
  const third = watcher({ ...at, leaseWaitMs: 5000 });
  const t0 = Date.now();
  expect(await third.w.syncOnce()).toEqual({ fetched: 1 });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
  expect(third.sink.all.map((m) => m.uid)).toEqual([3]);
});

test('lease: a holder on this machine whose process is gone is taken over at once; a live one is waited for', async () => {
  const at = fresh();
  const base = { redis: world.redis, prefix: at.prefix, mailbox: at.mailbox, ttlMs: 60_000 };
  const mine = await acquireLease({ ...base, waitMs: 0, renewEveryMs: false });
  // Same machine, live process (this one): no takeover, the wait times out.
  await expect(acquireLease({ ...base, waitMs: 300 })).rejects.toBeInstanceOf(LeaseTimeoutError);
  // Rewrite the holder's pid to one that has exited (a child we started and reaped).
  const child = spawnSync('true');
  expect(child.status).toBe(0);
  const [host, , rest] = mine.token.split(':');
  await world.redis.set(leaseKey(at.prefix, at.mailbox), `${host}:${child.pid}:${rest}`, 'PX', 60_000);
  const t0 = Date.now();
  const next = await acquireLease({ ...base, waitMs: 300 });
  expect(Date.now() - t0).toBeLessThan(300);
  expect(next.fence).toBeGreaterThan(mine.fence);
  // Another machine's holder is never second-guessed.
  await next.release();
  await world.redis.set(leaseKey(at.prefix, at.mailbox), `elsewhere.example:${child.pid}:x`, 'PX', 60_000);
  await expect(acquireLease({ ...base, waitMs: 300 })).rejects.toBeInstanceOf(LeaseTimeoutError);
});

test('lease: fencing tokens grow, renewal outlives the ttl, release and cursor writes need our token', async () => {
  const at = fresh();
  const base = { redis: world.redis, prefix: at.prefix, mailbox: at.mailbox };
  const lost: string[] = [];
  const a = await acquireLease({ ...base, ttlMs: 600, renewEveryMs: 150, waitMs: 0, onLost: (r) => lost.push(r) });
  expect(await tryAcquireLease({ ...base, ttlMs: 600 })).toBeNull();
  await new Promise((r) => setTimeout(r, 1200));
  expect(a.held()).toBe(true);
  expect(await world.redis.get(leaseKey(at.prefix, at.mailbox))).toBe(a.token);

  const uv = '42';
  expect(await advanceCursor(world.redis, { ...at, uidValidity: uv }, 7, a)).toBe(7);
  expect(await advanceCursor(world.redis, { ...at, uidValidity: uv }, 5, a)).toBe(7);
  expect(await readCursor(world.redis, at.prefix, at.mailbox, uv)).toBe(7);

  // Someone else takes the key (e.g. after a long pause of ours): renewal notices, writes are refused.
  await world.redis.set(leaseKey(at.prefix, at.mailbox), 'other-token', 'PX', 5000);
  expect(await a.renew()).toBe(false);
  expect(lost).toHaveLength(1);
  expect(a.held()).toBe(false);
  await expect(advanceCursor(world.redis, { ...at, uidValidity: uv }, 9, a)).rejects.toBeInstanceOf(LeaseLostError);
  expect(await readCursor(world.redis, at.prefix, at.mailbox, uv)).toBe(7);
  expect(await a.release()).toBe(false);
  expect(await world.redis.get(leaseKey(at.prefix, at.mailbox))).toBe('other-token');

  await world.redis.del(leaseKey(at.prefix, at.mailbox));
  const b = await acquireLease({ ...base, ttlMs: 600, waitMs: 0 });
  expect(b.fence).toBeGreaterThan(a.fence);
  expect(await b.release()).toBe(true);
  expect(await world.redis.exists(leaseKey(at.prefix, at.mailbox))).toBe(0);
});

test('filing moves processed messages into created folders, leaves questions and is idempotent', async () => {
  const at = fresh();
  await append(at.mailbox, ['e1', 'e2', 'q1', 'a1', 'gone'].map((s) => message(`${s}@x`)));
  const { w, sink, filing } = watcher(at);
  await w.syncOnce();
  const [e1, e2, q1, a1, gone] = sink.all;
  const req = (m: FetchedMessage, folder: string | null): FilingRequest => ({ key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid, folder });
  const endorsements = `${at.mailbox}-Endorsements`;
  const automated = `${at.mailbox}-Automated`;
  // "gone" was moved away by a person before filing: its request must still complete.
  await world.imap.mailboxCreate(`${at.mailbox}-Elsewhere`);
  const lock = await world.imap.getMailboxLock(at.mailbox);
  try {
    await world.imap.messageMove(String(gone!.uid), `${at.mailbox}-Elsewhere`, { uid: true });
  } finally {
    lock.release();
  }
  const stale = { ...req(e1!, endorsements), uidValidity: '1', key: 'stale' };
  filing.queue.push(req(e1!, endorsements), req(e2!, endorsements), req(q1!, null), req(a1!, automated), req(gone!, endorsements), stale);

  expect(await w.fileOnce()).toBe(6);
  expect(await w.fileOnce()).toBe(0);
  expect((await flagsAndUids(at.mailbox)).map((m) => m.subject)).toEqual(['test q1@x']);
  expect((await flagsAndUids(endorsements)).map((m) => [m.subject, m.seen])).toEqual([['test e1@x', false], ['test e2@x', false]]);
  expect((await flagsAndUids(automated)).map((m) => m.subject)).toEqual(['test a1@x']);
  const doneBy = Object.fromEntries(filing.done_.map((r) => [r.key, r.folder]));
  expect(doneBy).toEqual({ [e1!.key]: endorsements, [e2!.key]: endorsements, [q1!.key]: null, [a1!.key]: automated, [gone!.key]: endorsements, stale: null });

  // A request repeated after a crash between the move and `done` finds nothing to move and completes.
  filing.queue.push(req(e1!, endorsements));
  expect(await w.fileOnce()).toBe(1);
  expect((await flagsAndUids(endorsements)).length).toBe(2);
});

test('with filing disabled, requests are acknowledged and nothing moves; syncOnce drains the filing source', async () => {
  const at = fresh();
  await append(at.mailbox, [message('f1@x'), message('f2@x')]);
  const { w, sink, filing } = watcher({ ...at, filingEnabled: false, batchSize: 1 });
  await w.syncOnce();
  filing.queue.push(...sink.all.map((m) => ({ key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid, folder: `${at.mailbox}-Endorsements` })));
  expect(await w.syncOnce()).toEqual({ fetched: 0 });
  expect(filing.queue).toHaveLength(0);
  expect(filing.done_.map((r) => r.folder)).toEqual([null, null]);
  expect(await flagsAndUids(at.mailbox)).toHaveLength(2);
  const list = await world.imap.list();
  expect(list.some((b) => b.path === `${at.mailbox}-Endorsements`)).toBe(false);
});
