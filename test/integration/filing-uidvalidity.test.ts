/**
 * Filing across a UIDVALIDITY change of the watched folder, with a real Dovecot and Redis: the
 * folder's index and UID list are deleted between intake and filing, so Dovecot numbers its messages
 * afresh under a new UIDVALIDITY. Each request is found again by Message-ID and filed under its new
 * UID; one an earlier run already filed is recorded where it is; one found nowhere carries a reason.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { createWatcher, type Watcher } from '../../src/intake/watcher';
import { createReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startRedis, type RedisServer } from '../helpers/redis';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const WATCHED = 'Watch';
const FILED = 'Endorsements';

let redisServer: RedisServer;
let dovecot: DovecotServer;
let redis: Redis;
let imap: ImapFlow;
let watcher: Watcher | null = null;

beforeAll(async () => {
  [redisServer, dovecot] = await Promise.all([startRedis(), startDovecot()]);
  redis = new Redis(redisServer.url);
  imap = await connect();
}, 30_000);
afterAll(async () => {
  await watcher?.stop();
  await imap?.logout();
  redis?.disconnect();
  await Promise.all([redisServer?.stop(), dovecot?.stop()]);
});

async function connect(): Promise<ImapFlow> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await c.connect();
  return c;
}

const mail = (id: string) => Buffer.from(`From: a@example.net\r\nTo: info@example.org\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.net>\r\n\r\nhello ${id}\r\n`);

async function uidsAndIds(folder: string): Promise<{ uidValidity: string; byUid: Map<number, string> }> {
  const lock = await imap.getMailboxLock(folder);
  try {
    const byUid = new Map<number, string>();
    if (imap.mailbox && imap.mailbox.exists) for await (const m of imap.fetch('1:*', { uid: true, envelope: true })) byUid.set(m.uid, m.envelope?.messageId ?? '');
    return { uidValidity: String(imap.mailbox ? imap.mailbox.uidValidity : ''), byUid };
  } finally {
    lock.release();
  }
}

/** Make Dovecot forget the folder's UIDs: it rebuilds them under a new UIDVALIDITY (a restore from backup does the same). */
async function resetUidValidity(folder: string): Promise<void> {
  // A session that had the folder open keeps answering "deleted under us": only new sessions see the new numbering.
  await imap.logout();
  // Dovecot takes the time as a new UIDVALIDITY: a second later it cannot be the old one.
  await new Promise((r) => setTimeout(r, 1100));
  const dir = join(dovecot.dir, 'mail', dovecot.user, 'Maildir', `.${folder}`);
  for (const f of readdirSync(dir)) if (f === 'dovecot-uidlist' || f.startsWith('dovecot.index')) rmSync(join(dir, f));
  // The folder list's index remembers the folder's old identity; without it Dovecot rebuilds that too.
  const root = join(dir, '..');
  for (const f of readdirSync(root)) if (f.startsWith('dovecot.list.index')) rmSync(join(root, f));
  imap = await connect();
}

test('after a UIDVALIDITY change every message is filed under its new UID, or its reason recorded', async () => {
  const ids = ['m1', 'm2', 'm3', 'm4', 'done', 'gone', 'noid'];
  await imap.mailboxCreate(WATCHED);
  await imap.mailboxCreate(FILED);
  const uids: number[] = [];
  let uidValidity = '';
  for (const id of ids) {
    const r = await imap.append(WATCHED, id === 'noid' ? Buffer.from('From: a@example.net\r\nSubject: noid\r\n\r\nno id\r\n') : mail(id));
    uids.push(r ? r.uid! : 0);
    uidValidity = String(r ? r.uidValidity : '');
  }
  const prefix = `u${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  for (const [i, id] of ids.entries()) {
    const rec: MessageRecord = {
      key: `k-${id}`, messageId: id === 'noid' ? null : `<${id}@example.net>`, mailbox: WATCHED, uidValidity, uid: uids[i]!,
      receivedAt: '2026-01-01T09:00:00.000Z', from: 'a@example.net', replyTo: null, subject: id, kind: 'endorsement', language: null,
      acknowledgeDue: false, acknowledged: false, reply: 'none', reasons: [], notes: [], size: 1, oversized: false, endorsementIds: [],
      folder: null, text: '', attachments: [], references: [],
    };
    await store.recordMessage(rec, [], [], { key: rec.key, mailbox: WATCHED, uidValidity, uid: uids[i]!, folder: FILED });
  }
  // "done" was moved by an earlier run that died before recording it; "gone" was deleted by a person.
  const lock = await imap.getMailboxLock(WATCHED);
  try {
    await imap.messageMove(String(uids[4]), FILED, { uid: true });
    await imap.messageDelete(String(uids[5]), { uid: true });
  } finally {
    lock.release();
  }
  await resetUidValidity(WATCHED);
  const after = await uidsAndIds(WATCHED);
  expect(after.uidValidity).not.toBe(uidValidity);

  watcher = createWatcher({
    imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, allowPlaintext: true },
    redis, prefix, mailbox: WATCHED, sink: { accept: async () => undefined }, filing: store.filingSource(),
    maxMessageBytes: 1e6, batchSize: 50, pollMs: 60_000, filingEnabled: true,
    folders: { endorsements: FILED, automated: 'Automated', junk: 'Junk' }, log: silent, leaseTtlMs: 3000, leaseWaitMs: 500, filingRetryMs: 20,
  });
  // "gone" is looked for three more times (20 ms apart here) before its failure is recorded.
  for (let i = 0; i < 100 && (await store.pendingFilingCount()) > 0; i++) {
    if ((await watcher.fileOnce()) === 0) await new Promise((r) => setTimeout(r, 25));
  }
  expect(await store.pendingFilingCount()).toBe(0);

  const filed = await uidsAndIds(FILED);
  expect([...filed.byUid.values()].sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'done'].map((id) => `<${id}@example.net>`).sort());
  for (const id of ['m1', 'm2', 'm3', 'm4', 'done']) {
    const rec = await store.getMessage(`k-${id}`);
    expect({ id, folder: rec?.folder, error: rec?.filingError }).toEqual({ id, folder: FILED, error: undefined });
    // The store says where it is, and it is there.
    expect(rec?.filedUid?.uidValidity).toBe(filed.uidValidity);
    expect(filed.byUid.get(rec!.filedUid!.uid)).toBe(`<${id}@example.net>`);
  }
  const gone = await store.getMessage('k-gone');
  expect(gone?.folder).toBeNull();
  expect(gone?.filingError).toMatch(/UIDVALIDITY of "Watch" changed .*<gone@example\.net>.* neither there nor in "Endorsements"/);
  const noid = await store.getMessage('k-noid');
  expect(noid?.folder).toBeNull();
  expect(noid?.filingError).toMatch(/no Message-ID/);
  // Only the message that could not be found again stays in the watched folder.
  expect([...(await uidsAndIds(WATCHED)).byUid.values()]).toEqual(['']);
}, 60_000);
