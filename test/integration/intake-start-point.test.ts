/**
 * Where intake starts on a mailbox it never read (INTAKE_START), at the watcher, on real Dovecot and
 * Redis: `now` skips what is there and keeps the choice across runs; a later UIDVALIDITY rescans from
 * UID 1 as before; a mailbox read before start records existed goes on from its cursor. The sink is
 * an in-memory fake of our own seam.
 */
import { useIntakeWorld } from '../helpers/intake-world';
import { createWatcher } from '../../src/intake/watcher';
import { advanceCursor, readCursor } from '../../src/intake/cursor';
import { readStart } from '../../src/intake/start';
import { acquireLease } from '../../src/intake/lease';
import type { IntakeStart } from '../../src/intake/start';
import type { FetchedMessage, FilingSource, IntakeSink } from '../../src/intake/types';

const world = useIntakeWorld();
let n = 0;

class MemorySink implements IntakeSink {
  got: FetchedMessage[] = [];
  async accept(batch: FetchedMessage[]): Promise<void> {
    this.got.push(...batch);
  }
}
const noFiling: FilingSource = { take: async () => [], done: async () => undefined };

function setup(start: IntakeStart) {
  n++;
  const prefix = `sp${n}x${Date.now()}`;
  const mailbox = `Start${n}`;
  const sink = new MemorySink();
  const lines: string[] = [];
  const keep = (_o: object, m?: string) => void lines.push(m ?? '');
  const make = () => {
    const w = createWatcher({
      imap: { host: '127.0.0.1', port: world.dovecot.port, secure: false, user: world.dovecot.user, password: world.dovecot.password, allowPlaintext: true },
      redis: world.redis, prefix, mailbox, sink, filing: noFiling, log: { info: keep, warn: keep, error: keep, debug() {} },
      maxMessageBytes: 1024 * 1024, batchSize: 50, pollMs: 60_000, filingEnabled: false,
      folders: { endorsements: 'E', automated: 'A', junk: 'J' }, leaseTtlMs: 3000, leaseWaitMs: 500, start,
    });
    world.watchers.push(w);
    return w;
  };
  return { prefix, mailbox, sink, lines, make };
}

async function append(mailbox: string, ids: string[]): Promise<void> {
  await world.imap.mailboxCreate(mailbox).catch(() => undefined);
  for (const id of ids) await world.imap.append(mailbox, Buffer.from(`From: a@example.net\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\n\r\nhello\r\n`));
}

test('now: what is there is skipped, the choice holds across watchers, new mail is taken', async () => {
  const s = setup({ mode: 'now' });
  await append(s.mailbox, ['a@x', 'b@x', 'c@x']);
  const w = s.make();
  expect(await w.syncOnce()).toEqual({ fetched: 0 });
  expect(s.lines).toContain('intake starts at UID 4: 3 older messages left for `endorse import`');
  expect(await readStart(world.redis, s.prefix, s.mailbox)).toMatchObject({ mode: 'now', top: 3 });
  await w.stop();
  // A later watcher (a restart) now set to `all`: the first choice stands.
  await append(s.mailbox, ['d@x']);
  const sink = new MemorySink();
  const w2 = createWatcher(wOpts(s, sink));
  world.watchers.push(w2);
  expect(await w2.syncOnce()).toEqual({ fetched: 1 });
  expect(sink.got.map((m) => m.uid)).toEqual([4]);
});

/** The options of `s`'s watcher with another sink and `all` (for the restart case). */
function wOpts(s: ReturnType<typeof setup>, sink: IntakeSink) {
  return {
    imap: { host: '127.0.0.1', port: world.dovecot.port, secure: false, user: world.dovecot.user, password: world.dovecot.password, allowPlaintext: true },
    redis: world.redis, prefix: s.prefix, mailbox: s.mailbox, sink, filing: noFiling, log: { info() {}, warn() {}, error() {}, debug() {} },
    maxMessageBytes: 1024 * 1024, batchSize: 50, pollMs: 60_000, filingEnabled: false,
    folders: { endorsements: 'E', automated: 'A', junk: 'J' }, leaseTtlMs: 3000, leaseWaitMs: 500, start: { mode: 'all' } as IntakeStart,
  };
}

test('now, then a new UIDVALIDITY (folder recreated): everything in it is rescanned from UID 1', async () => {
  const s = setup({ mode: 'now' });
  await append(s.mailbox, ['u1@x', 'u2@x']);
  const w = s.make();
  expect(await w.syncOnce()).toEqual({ fetched: 0 });
  await w.stop();
  await world.imap.mailboxDelete(s.mailbox);
  await append(s.mailbox, ['v1@x', 'v2@x']);
  const w2 = s.make();
  expect(await w2.syncOnce()).toEqual({ fetched: 2 });
  expect(s.sink.got.map((m) => m.raw.toString())).toEqual([expect.stringContaining('v1@x'), expect.stringContaining('v2@x')]);
});

test('a mailbox read before start records existed goes on from its cursor, whatever INTAKE_START says', async () => {
  const s = setup({ mode: 'now' });
  await append(s.mailbox, ['o1@x', 'o2@x', 'o3@x']);
  // An older install's state: a cursor at UID 1 and no start record.
  const lock = await world.imap.getMailboxLock(s.mailbox);
  const uidValidity = String((world.imap.mailbox as { uidValidity: bigint }).uidValidity);
  lock.release();
  const lease = await acquireLease({ redis: world.redis, prefix: s.prefix, mailbox: s.mailbox, ttlMs: 3000, waitMs: 500 });
  await advanceCursor(world.redis, { prefix: s.prefix, mailbox: s.mailbox, uidValidity }, 1, lease);
  await lease.release();
  const w = s.make();
  expect(await w.syncOnce()).toEqual({ fetched: 2 });
  expect(s.sink.got.map((m) => m.uid)).toEqual([2, 3]);
  expect(await readStart(world.redis, s.prefix, s.mailbox)).toMatchObject({ mode: 'earlier' });
  expect(await readCursor(world.redis, s.prefix, s.mailbox, uidValidity)).toBe(3);
});
