/**
 * The long-running watcher (`start`): IDLE, the safety-net poll, periodic filing, reconnecting after
 * the server drops the connection, and handing the mailbox over on stop. Real Dovecot and Redis; the
 * sink and filing source are in-memory fakes of our own seams.
 *
 * The connection drop is real: the test SIGKILLs the Dovecot `imap` process serving the watcher (a
 * child of the Dovecot master this test started, found by its parent pid), which closes the socket from
 * the server side the way a crashed or restarted server does. `doveadm kick` is not available here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { useIntakeWorld } from '../helpers/intake-world';
import { createWatcher, WatcherOptions } from '../../src/intake/watcher';
import { leaseKey } from '../../src/intake/lease';
import type { FetchedMessage, FilingRequest, FilingSource, IntakeSink } from '../../src/intake/types';

const world = useIntakeWorld();
const { watchers } = world;
let n = 0;

class MemorySink implements IntakeSink {
  got: FetchedMessage[] = [];
  async accept(batch: FetchedMessage[]): Promise<void> {
    this.got.push(...batch);
  }
}

class MemoryFiling implements FilingSource {
  queue: FilingRequest[] = [];
  filed: FilingRequest[] = [];
  async take(max: number): Promise<FilingRequest[]> {
    return this.queue.splice(0, max);
  }
  async done(requests: FilingRequest[]): Promise<void> {
    this.filed.push(...requests);
  }
}

/** A logger that keeps the messages, so tests can see what the watcher went through. */
function recordingLog(): { lines: string[]; info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void; debug(): void } {
  const lines: string[] = [];
  const keep = (_o: object, m?: string): void => {
    lines.push(m ?? '');
  };
  return { lines, info: keep, warn: keep, error: keep, debug() {} };
}

function setup(over: Partial<WatcherOptions> = {}) {
  n++;
  const prefix = `s${n}x${Date.now()}`;
  const mailbox = `Live${n}`;
  const sink = new MemorySink();
  const filing = new MemoryFiling();
  const log = recordingLog();
  const opts: WatcherOptions = {
    imap: { host: '127.0.0.1', port: world.dovecot.port, secure: false, user: world.dovecot.user, password: world.dovecot.password, allowPlaintext: true },
    redis: world.redis, prefix, mailbox, sink, filing, log,
    maxMessageBytes: 1024 * 1024, batchSize: 50, pollMs: 60_000, filingEnabled: true,
    folders: { endorsements: `${mailbox}-E`, automated: `${mailbox}-A`, junk: `${mailbox}-J` },
    leaseTtlMs: 3000, leaseWaitMs: 500, fileEveryMs: 200, reconnect: { baseMs: 100, capMs: 400 },
    ...over,
  };
  const w = createWatcher(opts);
  watchers.push(w);
  return { w, sink, filing, log, prefix, mailbox, opts };
}

async function append(mailbox: string, id: string): Promise<void> {
  await world.imap.mailboxCreate(mailbox);
  await world.imap.append(mailbox, Buffer.from(`From: a@example.net\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\n\r\nhello\r\n`));
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - t0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids of the Dovecot `imap` session processes (children of our Dovecot master). */
function imapSessions(): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === world.dovecot.pid && comm === 'imap') pids.push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

test('IDLE: a message appended while the watcher runs is taken in within a couple of seconds', async () => {
  const s = setup({ pollMs: 60_000 });
  await append(s.mailbox, 'before@x');
  await s.w.start();
  await eventually('first sync', () => s.sink.got.length === 1, 5000);
  await sleep(600); // let the connection settle into IDLE
  await append(s.mailbox, 'idle@x');
  const took = await eventually('IDLE delivery', () => s.sink.got.length === 2, 3000);
  expect(took).toBeLessThan(3000);
  expect(s.sink.got.map((m) => m.uid)).toEqual([1, 2]);
});

test('poll: with IDLE off, the periodic poll finds new mail, and nothing else would', async () => {
  const polled = setup({ idle: false, pollMs: 300 });
  const unpolled = setup({ idle: false, pollMs: 60_000 });
  await append(polled.mailbox, 'p0@x');
  await append(unpolled.mailbox, 'u0@x');
  await Promise.all([polled.w.start(), unpolled.w.start()]);
  await eventually('first syncs', () => polled.sink.got.length === 1 && unpolled.sink.got.length === 1, 5000);
  await sleep(500);
  await append(polled.mailbox, 'p1@x');
  await append(unpolled.mailbox, 'u1@x');
  await eventually('poll delivery', () => polled.sink.got.length === 2, 3000);
  await sleep(1500);
  expect(unpolled.sink.got).toHaveLength(1);
});

test('start files processed messages periodically', async () => {
  const s = setup();
  await append(s.mailbox, 'e@x');
  await append(s.mailbox, 'q@x');
  await s.w.start();
  await eventually('sync', () => s.sink.got.length === 2, 5000);
  const [e, q] = s.sink.got;
  const req = (m: FetchedMessage, folder: string | null): FilingRequest => ({ key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid, folder });
  s.filing.queue.push(req(e!, `${s.mailbox}-E`), req(q!, null));
  await eventually('filing', () => s.filing.filed.length === 2, 3000);
  const st = await world.imap.status(`${s.mailbox}-E`, { messages: true });
  expect(st && st.messages).toBe(1);
  const inbox = await world.imap.status(s.mailbox, { messages: true });
  expect(inbox && inbox.messages).toBe(1);
});

test('reconnects after the server drops the connection, and takes in what arrived meanwhile', async () => {
  const s = setup({ pollMs: 60_000 });
  await append(s.mailbox, 'r0@x');
  // The test's own session must not be killed: end it, and open a new one after the kill.
  await world.imap.logout();
  await s.w.start();
  await eventually('first sync', () => s.sink.got.length === 1, 5000);
  const sessions = imapSessions();
  expect(sessions).toHaveLength(1);
  process.kill(sessions[0]!, 'SIGKILL');
  await eventually('close noticed', () => s.log.lines.includes('IMAP connection closed'), 3000);

  world.imap = new ImapFlow({ host: '127.0.0.1', port: world.dovecot.port, secure: false, auth: { user: world.dovecot.user, pass: world.dovecot.password }, logger: false });
  await world.imap.connect();
  await append(s.mailbox, 'r1@x');
  await eventually('delivery after reconnect', () => s.sink.got.length === 2, 5000);
  expect(s.log.lines.filter((l) => l === 'IMAP connected')).toHaveLength(2);
  expect(s.sink.got.map((m) => m.uid)).toEqual([1, 2]);
});

test('stop releases the lease and logs out; a standby watcher then takes over from the shared cursor', async () => {
  const first = setup();
  const standby = { sink: new MemorySink(), log: recordingLog() };
  // The same mailbox and key prefix: a second process watching the same mailbox.
  const second = createWatcher({ ...first.opts, sink: standby.sink, filing: new MemoryFiling(), log: standby.log });
  watchers.push(second);
  await append(first.mailbox, 'h0@x');
  await first.w.start();
  await eventually('first sync', () => first.sink.got.length === 1, 5000);
  await second.start();
  await sleep(800);
  await append(first.mailbox, 'h1@x');
  await eventually('leader takes h1', () => first.sink.got.length === 2, 3000);
  expect(standby.sink.got).toHaveLength(0);
  expect(standby.log.lines).not.toContain('mailbox lease acquired');

  await first.w.stop();
  await eventually('standby acquires', () => standby.log.lines.includes('mailbox lease acquired'), 3000);
  await append(first.mailbox, 'h2@x');
  await eventually('standby takes h2', () => standby.sink.got.some((m) => m.uid === 3), 5000);
  expect(standby.sink.got.map((m) => m.uid)).toEqual([3]);
  await second.stop();
  expect(await world.redis.exists(leaseKey(first.prefix, first.mailbox))).toBe(0);
});

test('a watcher that loses its lease stops fetching until it holds the lease again', async () => {
  const s = setup({ leaseTtlMs: 600 });
  await append(s.mailbox, 'k0@x');
  await s.w.start();
  await eventually('first sync', () => s.sink.got.length === 1, 5000);
  // Another process takes the mailbox (as after a long pause of ours, past the ttl).
  await world.redis.set(leaseKey(s.prefix, s.mailbox), 'someone-else', 'PX', 2500);
  await eventually('loss noticed', () => s.log.lines.includes('mailbox lease lost: fetching stops'), 2000);
  await append(s.mailbox, 'k1@x');
  await sleep(1000);
  expect(s.sink.got).toHaveLength(1);
  // The other holder goes away: the watcher takes the lease back and catches up.
  await world.redis.del(leaseKey(s.prefix, s.mailbox));
  await eventually('catch up', () => s.sink.got.length === 2, 3000);
  expect(s.log.lines.filter((l) => l === 'mailbox lease acquired')).toHaveLength(2);
});
