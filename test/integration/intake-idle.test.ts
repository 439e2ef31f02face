/**
 * IDLE on whichever folder is watched (RFC 2177): mail appended to a watched folder other than INBOX
 * is taken in long before the poll, on a plain Dovecot and on one whose personal namespace has a
 * prefix (`INBOX.`, Courier and cPanel style), where the server's name for the folder differs from
 * the one configured.
 */
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { createWatcher, type Watcher } from '../../src/intake/watcher';
import type { FetchedMessage, FilingRequest, FilingSource, IntakeSink } from '../../src/intake/types';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startRedis, type RedisServer } from '../helpers/redis';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const PREFIXED = `  inbox = yes
  prefix = INBOX.
  separator = .`;

let redisServer: RedisServer;
let redis: Redis;
const servers: DovecotServer[] = [];
const watchers: Watcher[] = [];

beforeAll(async () => {
  redisServer = await startRedis();
  redis = new Redis(redisServer.url);
});
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([redisServer?.stop(), ...servers.map((s) => s.stop())]);
});

const noFiling: FilingSource = { take: async () => [], done: async (_r: FilingRequest[]) => undefined };

async function client(d: DovecotServer): Promise<ImapFlow> {
  const c = new ImapFlow({ host: '127.0.0.1', port: d.port, secure: false, auth: { user: d.user, pass: d.password }, logger: false });
  await c.connect();
  return c;
}

async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['a plain namespace', undefined, 'Appeal'],
  ['an INBOX. prefixed namespace', PREFIXED, 'Appeal'],
  ['INBOX written in lower case', undefined, 'inbox'],
])('IDLE on %s', (_name, namespace, mailbox) => {
  test('a message appended to the watched folder is taken in well before the poll', async () => {
    const d = await startDovecot(namespace ? { namespace } : {});
    servers.push(d);
    const imap = await client(d);
    try {
      if (mailbox.toUpperCase() !== 'INBOX') await imap.mailboxCreate(mailbox);
      const got: FetchedMessage[] = [];
      const sink: IntakeSink = { accept: async (b) => void got.push(...b) };
      const w = createWatcher({
        imap: { host: '127.0.0.1', port: d.port, secure: false, user: d.user, password: d.password, allowPlaintext: true },
        redis, prefix: `idle${Date.now()}${servers.length}`, mailbox, sink, filing: noFiling,
        maxMessageBytes: 1e6, batchSize: 50, pollMs: 120_000, filingEnabled: false,
        folders: { endorsements: 'E', automated: 'A', junk: 'J' }, log: silent, leaseTtlMs: 3000,
      });
      watchers.push(w);
      await w.start();
      await imap.append(mailbox, Buffer.from('From: a@example.net\r\nSubject: first\r\nMessage-ID: <first@x>\r\n\r\nhello\r\n'));
      await until('the first message', 10_000, () => got.length === 1);
      // The watcher is idling now: the next message must come through IDLE, not the 120 s poll.
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = Date.now();
      await imap.append(mailbox, Buffer.from('From: b@example.net\r\nSubject: second\r\nMessage-ID: <second@x>\r\n\r\nhello\r\n'));
      await until('the second message', 15_000, () => got.length === 2);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(got.map((m) => m.uid)).toEqual([1, 2]);
    } finally {
      await imap.logout();
    }
  });
});
