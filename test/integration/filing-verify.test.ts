/**
 * Moves the server acknowledged but did not make, with a real Dovecot behind a line-rewriting proxy:
 * the proxy sends each UID MOVE for the filing folder to a hidden `Limbo` folder (Dovecot answers OK,
 * the mail leaves the inbox and never reaches its folder, as on a full disk), or turns it into a
 * no-op answered OK, and can strip COPYUID (a server without UIDPLUS). Such a message must carry a
 * filing error on its record, never "filed"; a genuine move through the same proxy is recorded with
 * the UID it has in its folder.
 */
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { createWatcher, type Watcher } from '../../src/intake/watcher';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startRedis, type RedisServer } from '../helpers/redis';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const FILED = 'Endorsements';

let redisServer: RedisServer;
let dovecot: DovecotServer;
let redis: Redis;
let imap: ImapFlow;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [redisServer, dovecot] = await Promise.all([startRedis(), startDovecot()]);
  redis = new Redis(redisServer.url);
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  await imap.mailboxCreate(FILED);
  await imap.mailboxCreate('Limbo');
}, 30_000);
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await imap?.logout();
  redis?.disconnect();
  await Promise.all([redisServer?.stop(), dovecot?.stop()]);
});

type Mode = 'pass' | 'limbo' | 'noop' | 'unreadable';

/** An IMAP proxy in front of Dovecot that lies about moves as `mode` says, optionally hiding COPYUID. */
async function lyingProxy(mode: Mode, stripCopyUid: boolean): Promise<{ port: number; moves: string[]; stripped: string[] }> {
  const moves: string[] = [];
  const stripped: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(dovecot.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    const lines = (from: Socket, to: Socket, rewrite: (line: string) => string) => {
      let buf = '';
      from.on('data', (chunk: Buffer) => {
        buf += chunk.toString('latin1');
        let out = '';
        let i;
        while ((i = buf.indexOf('\r\n')) >= 0) {
          out += `${rewrite(buf.slice(0, i))}\r\n`;
          buf = buf.slice(i + 2);
        }
        if (out) to.write(Buffer.from(out, 'latin1'));
      });
    };
    lines(client, upstream, (line) => {
      const select = /^(\S+) (SELECT|EXAMINE) "?Endorsements"?/i.exec(line);
      if (select && mode === 'unreadable') return `${select[1]} SELECT NoSuchFolder`;
      const m = /^(\S+) UID MOVE (\S+) "?Endorsements"?$/i.exec(line);
      if (!m || mode === 'pass' || mode === 'unreadable') return line;
      moves.push(line);
      return mode === 'limbo' ? `${m[1]} UID MOVE ${m[2]} Limbo` : `${m[1]} NOOP`;
    });
    lines(upstream, client, (line) => {
      const out = stripCopyUid ? line.replace(/\[COPYUID [^\]]*\] ?/, '') : line;
      if (out !== line) stripped.push(line);
      return out;
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return { port: (server.address() as { port: number }).port, moves, stripped };
}

async function folderIds(folder: string): Promise<{ uidValidity: string; byUid: Map<number, string> }> {
  const lock = await imap.getMailboxLock(folder);
  try {
    await imap.noop();
    const byUid = new Map<number, string>();
    if (imap.mailbox && imap.mailbox.exists) for await (const m of imap.fetch('1:*', { uid: true, envelope: true })) byUid.set(m.uid, m.envelope?.messageId ?? '');
    return { uidValidity: String(imap.mailbox ? imap.mailbox.uidValidity : ''), byUid };
  } finally {
    lock.release();
  }
}

/** A watched folder with `ids` in it, each recorded in a fresh store with a request to file it in Endorsements. */
async function world(name: string, ids: string[]): Promise<ReviewStore> {
  await imap.mailboxCreate(name);
  const store = createReviewStore(redis, `v${randomUUID().slice(0, 8)}`);
  for (const id of ids) {
    const r = await imap.append(name, Buffer.from(`From: a@example.net\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.net>\r\n\r\n${id}\r\n`));
    const uid = r ? r.uid! : 0;
    const uidValidity = String(r ? r.uidValidity : '');
    const rec: MessageRecord = {
      key: `k-${id}`, messageId: `<${id}@example.net>`, mailbox: name, uidValidity, uid, receivedAt: '2026-01-01T09:00:00.000Z',
      from: 'a@example.net', replyTo: null, subject: id, kind: 'endorsement', language: null, acknowledgeDue: false, acknowledged: false,
      reply: 'none', reasons: [], notes: [], size: 1, oversized: false, endorsementIds: [], folder: null, text: '', attachments: [], references: [],
    };
    await store.recordMessage(rec, [], [], { key: rec.key, mailbox: name, uidValidity, uid, folder: FILED });
  }
  return store;
}

function filer(port: number, mailbox: string, store: ReviewStore): Watcher {
  const w: Watcher = createWatcher({
    imap: { host: '127.0.0.1', port, secure: false, user: dovecot.user, password: dovecot.password, allowPlaintext: true },
    redis, prefix: `w${randomUUID().slice(0, 8)}`, mailbox, sink: { accept: async () => undefined }, filing: store.filingSource(),
    maxMessageBytes: 1e6, batchSize: 50, pollMs: 60_000, filingEnabled: true, filingRetryMs: 20,
    folders: { endorsements: FILED, automated: 'Automated', junk: 'Junk' }, log: silent, leaseTtlMs: 3000, leaseWaitMs: 500,
  });
  stops.push(() => w.stop());
  return w;
}

/** File until nothing is pending: a move not found is looked for again (three times, 20 ms apart here). */
async function settle(w: Watcher, store: ReviewStore): Promise<void> {
  for (let i = 0; i < 100 && (await store.pendingFilingCount()) > 0; i++) {
    if ((await w.fileOnce()) === 0) await new Promise((r) => setTimeout(r, 25));
  }
  expect(await store.pendingFilingCount()).toBe(0);
}

async function fileThrough(port: number, mailbox: string, store: ReviewStore): Promise<void> {
  await settle(filer(port, mailbox, store), store);
}

test.each([
  ['with COPYUID', false],
  ['without COPYUID', true],
])('a move acknowledged but made elsewhere (%s) is a filing error, not "filed"', async (_label, strip) => {
  const box = `Lost${strip ? 'NoCopyUid' : 'CopyUid'}`;
  const store = await world(box, [`${box}1`, `${box}2`]);
  const proxy = await lyingProxy('limbo', strip);
  await fileThrough(proxy.port, box, store);
  expect(proxy.moves.length).toBeGreaterThan(0);
  expect(proxy.stripped.length > 0).toBe(strip);
  for (const id of [`${box}1`, `${box}2`]) {
    const rec = await store.getMessage(`k-${id}`);
    expect(rec?.folder).toBeNull();
    expect(rec?.filedUid).toBeUndefined();
    expect(rec?.filingError).toBe(`the server acknowledged the move to "${FILED}" but the message is not there; nor is it in "${box}"`);
  }
  expect([...(await folderIds(FILED)).byUid.values()]).not.toContain(`<${box}1@example.net>`);
}, 60_000);

test('a move not found at first (the server\'s view lagging) is looked for again and recorded where it turns up', async () => {
  const store = await world('Late', ['late1', 'late2']);
  const proxy = await lyingProxy('limbo', false);
  const w = filer(proxy.port, 'Late', store);
  // The first check finds neither message: both wait to be looked for again, nothing is recorded yet.
  expect(await w.fileOnce()).toBe(0);
  expect(await store.pendingFilingCount()).toBe(2);
  expect((await store.getMessage('k-late1'))?.filingError).toBeUndefined();
  // Then they turn up where they were meant to go.
  const lock = await imap.getMailboxLock('Limbo');
  try {
    await imap.messageMove('1:*', FILED, { uid: true });
  } finally {
    lock.release();
  }
  await settle(w, store);
  const filed = await folderIds(FILED);
  for (const id of ['late1', 'late2']) {
    const rec = await store.getMessage(`k-${id}`);
    expect({ folder: rec?.folder, error: rec?.filingError }).toEqual({ folder: FILED, error: undefined });
    expect(filed.byUid.get(rec!.filedUid!.uid)).toBe(`<${id}@example.net>`);
  }
}, 60_000);

test('a move answered OK that left the message in place is a filing error saying so', async () => {
  const store = await world('Stuck', ['stuck1']);
  const proxy = await lyingProxy('noop', false);
  await fileThrough(proxy.port, 'Stuck', store);
  const rec = await store.getMessage('k-stuck1');
  expect(rec?.folder).toBeNull();
  expect(rec?.filingError).toMatch(/could not move to folder "Endorsements": the server left it in "Stuck"/);
  expect([...(await folderIds('Stuck')).byUid.values()]).toEqual(['<stuck1@example.net>']);
}, 60_000);

test.each([
  ['with COPYUID', false],
  ['without COPYUID', true],
])('a genuine move (%s) is recorded with the UID it has in its folder', async (_label, strip) => {
  const box = `Fine${strip ? 'NoCopyUid' : 'CopyUid'}`;
  const store = await world(box, [`${box}1`, `${box}2`]);
  const proxy = await lyingProxy('pass', strip);
  await fileThrough(proxy.port, box, store);
  expect(proxy.stripped.length > 0).toBe(strip);
  const filed = await folderIds(FILED);
  for (const id of [`${box}1`, `${box}2`]) {
    const rec = await store.getMessage(`k-${id}`);
    expect(rec?.filingError).toBeUndefined();
    expect(rec?.folder).toBe(FILED);
    expect(rec?.filedUid?.uidValidity).toBe(filed.uidValidity);
    expect(filed.byUid.get(rec!.filedUid!.uid)).toBe(`<${id}@example.net>`);
  }
}, 60_000);

test('a destination the server will not open for the check: recorded where the server put it (it left the inbox), with the reason, and filing goes on', async () => {
  const store = await world('Unchecked', ['unchecked1']);
  const proxy = await lyingProxy('unreadable', false);
  await fileThrough(proxy.port, 'Unchecked', store);
  const rec = await store.getMessage('k-unchecked1');
  expect(rec?.folder).toBe(FILED);
  expect(rec?.filingError).toMatch(/^could not open folder "Endorsements" to check the move: .*it has left "Unchecked", so it is taken to be there$/);
  expect([...(await folderIds(FILED)).byUid.values()]).toContain('<unchecked1@example.net>');
  expect([...(await folderIds('Unchecked')).byUid.values()]).toEqual([]);
}, 60_000);
