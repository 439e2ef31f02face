/**
 * Memory stays flat in mailbox size: syncing twenty 10 MB messages must never hold them all (what is
 * alive with a batch in hand is measured after a forced collection). The
 * sink keeps only sizes, so whatever memory grows is the watcher's own. Real Dovecot and Redis.
 * (The benchmark compares the whole worker with the fetch-and-parse floor; this checks the watcher.)
 */
import { ImapFlow } from 'imapflow';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Redis from 'ioredis';
import { startDovecot, DovecotServer } from '../helpers/dovecot';
import { startRedis, RedisServer } from '../helpers/redis';
import { createWatcher } from '../../src/intake/watcher';
import type { FetchedMessage, FilingSource, IntakeSink } from '../../src/intake/types';

let redisServer: RedisServer;
let dovecot: DovecotServer;
let redis: Redis;

beforeAll(async () => {
  [redisServer, dovecot] = await Promise.all([startRedis(), startDovecot()]);
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([redisServer?.stop(), dovecot?.stop()]);
});

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const COUNT = 20;
const SIZE = 10 * MB;

test('peak memory while syncing twenty 10 MB messages stays well under their sum', async () => {
  const imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  await imap.mailboxCreate('Big');
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
  const body = Buffer.from(line.repeat(Math.ceil(SIZE / line.length)));
  for (let i = 0; i < COUNT; i++) {
    const head = Buffer.from(`From: a@example.net\r\nSubject: big ${i}\r\nMessage-ID: <big${i}@example.net>\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n`);
    await imap.append('Big', Buffer.concat([head, body]));
  }
  await imap.logout();

  const sizes: number[] = [];
  const sink: IntakeSink = {
    async accept(batch: FetchedMessage[]) {
      for (const m of batch) sizes.push(m.raw.length);
      sample();
      // What the watcher keeps alive while it holds a batch, garbage collected first.
      collect();
      live = Math.max(live, used() - base.used);
    },
  };
  const filing: FilingSource = { take: async () => [], done: async () => {} };
  const w = createWatcher({
    imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, allowPlaintext: true },
    redis, prefix: `mem${Date.now()}`, mailbox: 'Big', sink, filing,
    maxMessageBytes: 25 * MB, batchSize: 200, pollMs: 60_000, filingEnabled: false,
    folders: { endorsements: 'E', automated: 'A', junk: 'J' },
    log: { info() {}, warn() {}, error() {}, debug() {} },
  });

  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  collect();
  const base = { rss: process.memoryUsage().rss, used: used() };
  let peak = { rss: 0, used: 0 };
  let live = 0;
  function sample(): void {
    peak = { rss: Math.max(peak.rss, process.memoryUsage().rss - base.rss), used: Math.max(peak.used, used() - base.used) };
  }
  const timer = setInterval(sample, 5);
  try {
    expect(await w.syncOnce()).toEqual({ fetched: COUNT });
  } finally {
    clearInterval(timer);
    await w.stop();
  }
  expect(sizes).toHaveLength(COUNT);
  expect(sizes.every((s) => s >= SIZE)).toBe(true);
  const sum = sizes.reduce((a, b) => a + b, 0);
  console.log(`sum ${Math.round(sum / MB)} MB; peak growth: heap+buffers ${Math.round(peak.used / MB)} MB, rss ${Math.round(peak.rss / MB)} MB; live at a batch ${Math.round(live / MB)} MB`);
  // Holding the mailbox would need at least the sum. What stays alive with a batch in hand is the
  // message and imapflow's buffer for the next (a few times one message); the peak between batches
  // adds garbage not yet collected, which the collection at each batch keeps from piling up (without
  // it, V8's timing alone took the peak to 108 MB in one CI run on a loaded machine).
  expect(live).toBeLessThan(4 * SIZE);
  expect(peak.used).toBeLessThan(sum / 2);
  expect(peak.rss).toBeLessThan(sum / 2);
}, 120_000);
