/**
 * Folders by role against a real Dovecot whose folders are those of Microsoft 365 (`Sent Items`,
 * `Junk Email`, `Archive`, `Drafts`, flagged RFC 6154 special-use): no `Sent` or `Junk` appears beside
 * them, spam is filed in `Junk Email`, and each reply has exactly one Sent copy, ours (SENT_COPY=always)
 * or the provider's (the test plays the provider filing it), which the recovery search finds. A line-
 * rewriting proxy plays an Outlook/Courier-style server answering CREATE "already exists" without a
 * code; a folder name Dovecot refuses shows on the message record while intake goes on.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, statSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config';
import { createWatcher, type Watcher, type WatcherOptions } from '../../src/intake/watcher';
import type { FetchedMessage, FilingRequest, FilingSource, IntakeSink } from '../../src/intake/types';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { createSentFolder, type SentFolder } from '../../src/replies/sent-folder';
import { createReplyService } from '../../src/replies/service';
import { createReviewStore } from '../../src/review/store';
import type { MessageRecord } from '../../src/review/types';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const TEMPLATES = join(__dirname, '../../templates/replies');
const MICROSOFT_LIKE = `  inbox = yes
  separator = /
  mailbox "Sent Items" {
    auto = subscribe
    special_use = \\Sent
  }
  mailbox "Junk Email" {
    auto = subscribe
    special_use = \\Junk
  }
  mailbox Archive {
    auto = subscribe
    special_use = \\Archive
  }
  mailbox Drafts {
    auto = subscribe
    special_use = \\Drafts
  }`;
const silent = { info() {}, warn() {}, error() {}, debug() {} };

let redisServer: RedisServer;
let dovecot: DovecotServer;
let smtp: SmtpSink;
let redis: Redis;
let mailer: Mailer;
let imap: ImapFlow;
const watchers: Watcher[] = [];
const sentFolders: SentFolder[] = [];

beforeAll(async () => {
  [redisServer, dovecot, smtp] = await Promise.all([startRedis(), startDovecot({ namespace: MICROSOFT_LIKE }), startSmtpSink()]);
  redis = new Redis(redisServer.url);
  mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, pool: true, allowPlaintext: true });
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
});
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await Promise.all(sentFolders.map((f) => f.close()));
  await imap?.logout();
  mailer?.close();
  redis?.disconnect();
  await Promise.all([redisServer?.stop(), dovecot?.stop(), smtp?.close()]);
});

async function folderList(): Promise<string[]> {
  return (await imap.list()).map((f) => f.path).sort();
}

async function messageIds(folder: string): Promise<string[]> {
  const lock = await imap.getMailboxLock(folder);
  try {
    await imap.noop();
    const out: string[] = [];
    if (!imap.mailbox || !imap.mailbox.exists) return out;
    for await (const m of imap.fetch('1:*', { envelope: true })) out.push(m.envelope?.messageId ?? '');
    return out;
  } finally {
    lock.release();
  }
}

class MemoryFiling implements FilingSource {
  queue: FilingRequest[] = [];
  finished: FilingRequest[] = [];
  async take(max: number): Promise<FilingRequest[]> {
    return this.queue.splice(0, max);
  }
  async done(requests: FilingRequest[]): Promise<void> {
    this.finished.push(...requests);
  }
}

function watcher(port: number, over: Partial<WatcherOptions> & { mailbox: string; filing: FilingSource; sink?: IntakeSink }): Watcher {
  const w = createWatcher({
    imap: { host: '127.0.0.1', port, secure: false, user: dovecot.user, password: dovecot.password, allowPlaintext: true },
    redis, prefix: `f${randomUUID().slice(0, 8)}`, sink: { accept: async () => undefined },
    maxMessageBytes: 1e6, batchSize: 50, pollMs: 60_000, filingEnabled: true,
    folders: { endorsements: 'Endorsements', automated: 'Automated', junk: 'Junk' }, junkByRole: true,
    log: silent, leaseTtlMs: 3000, leaseWaitMs: 500,
    ...over,
  });
  watchers.push(w);
  return w;
}

const mail = (id: string) => Buffer.from(`From: a@example.net\r\nTo: info@example.org\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.net>\r\n\r\nhello\r\n`);

/** Append messages to a fresh watched folder; returns their UIDs and the folder's UIDVALIDITY. */
async function watched(name: string, ids: string[]): Promise<{ uids: number[]; uidValidity: string }> {
  await imap.mailboxCreate(name);
  const uids: number[] = [];
  let uidValidity = '';
  for (const id of ids) {
    const r = await imap.append(name, mail(id));
    if (!r) throw new Error('append failed');
    uids.push(r.uid!);
    uidValidity = String(r.uidValidity);
  }
  return { uids, uidValidity };
}

test('spam goes to the server\'s Junk Email; no Sent or Junk is created beside the provider\'s folders, and a second start creates nothing', async () => {
  const { uids, uidValidity } = await watched('Watch-role', ['spam1']);
  const before = await folderList();
  expect(before).toEqual(expect.arrayContaining(['Sent Items', 'Junk Email', 'Archive', 'Drafts']));
  const filing = new MemoryFiling();
  filing.queue.push({ key: 'k-spam', mailbox: 'Watch-role', uidValidity, uid: uids[0]!, folder: 'Junk' });
  await watcher(dovecot.port, { mailbox: 'Watch-role', filing }).syncOnce();
  expect(filing.finished).toEqual([expect.objectContaining({ key: 'k-spam', folder: 'Junk Email' })]);
  expect(filing.finished[0]!.error).toBeUndefined();
  expect(await messageIds('Junk Email')).toContain('<spam1@example.net>');
  const after = await folderList();
  // Only our own folders, which have no RFC 6154 role, are new.
  expect(after).toEqual([...before, 'Automated', 'Endorsements'].sort());
  expect(after).not.toContain('Junk');
  expect(after).not.toContain('Sent');
  await watcher(dovecot.port, { mailbox: 'Watch-role', filing: new MemoryFiling() }).syncOnce();
  expect(await folderList()).toEqual(after);
});

test('an explicit FOLDER_JUNK is used as named (created), not swapped for the role folder', async () => {
  const { uids, uidValidity } = await watched('Watch-explicit', ['spam2']);
  const filing = new MemoryFiling();
  filing.queue.push({ key: 'k-spam2', mailbox: 'Watch-explicit', uidValidity, uid: uids[0]!, folder: 'Our Spam' });
  await watcher(dovecot.port, {
    mailbox: 'Watch-explicit', filing, junkByRole: false, folders: { endorsements: 'Endorsements', automated: 'Automated', junk: 'Our Spam' },
  }).syncOnce();
  expect(filing.finished).toEqual([expect.objectContaining({ folder: 'Our Spam' })]);
  expect(await messageIds('Our Spam')).toEqual(['<spam2@example.net>']);
});

describe('the Sent copy', () => {
  const replyConfig = { fromAddress: 'info@appeal.example', fromName: 'Appeal team', appealTitle: 'The Letter', ownDomains: ['appeal.example'], perRecipientLimit: 5, perRecipientWindowSec: 60 };
  const env = { IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'x', FROM_ADDRESS: 'info@appeal.example', APPEAL_TITLE: 'The Letter', MAIL_PROVIDER: 'microsoft365' };

  function message(key: string): MessageRecord {
    return {
      key, messageId: `<${key}@amis.example>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
      from: 'Ana Lima <ana@amis.example>', replyTo: null, subject: 'Our support', kind: 'endorsement', language: 'en',
      acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
      endorsementIds: [], folder: null, text: '', attachments: [], references: [],
    };
  }

  /** The reply service wired as the container wires it, from a Config, to the loopback Dovecot. */
  function service(extraEnv: Record<string, string>, prefix: string) {
    const config = loadConfig({ ...env, ...extraEnv });
    const sent = createSentFolder({
      host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, allowPlaintext: true,
      folder: config.explicitFolders.sent ?? 'Sent', byRole: config.explicitFolders.sent === null, hint: config.provider.folders?.sent,
    });
    sentFolders.push(sent);
    const store = createReviewStore(redis, prefix);
    const svc = createReplyService({
      store, mailer, redis, prefix, templatesDir: TEMPLATES, config: replyConfig,
      ...(config.appendSentCopy ? { keepCopy: (raw: Buffer) => sent.append(raw) } : {}),
      wasDelivered: (id: string) => sent.contains(id),
    });
    return { config, sent, store, svc };
  }

  test('SENT_COPY=always: one copy per reply, in Sent Items, and no Sent folder is created', async () => {
    const prefix = `s${randomUUID().slice(0, 8)}`;
    const { config, sent, store, svc } = service({ SENT_COPY: 'always' }, prefix);
    expect(config.appendSentCopy).toBe(true);
    const before = await folderList();
    const startCount = (await messageIds('Sent Items')).length;
    for (const key of ['a1', 'a2']) {
      await store.recordMessage(message(key), [], [], { key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
      expect(await svc.sendAcknowledgement(key)).toBe('sent');
    }
    expect(sent.folder).toBe('Sent Items');
    const ids = (await messageIds('Sent Items')).slice(startCount);
    expect(ids).toHaveLength(2);
    expect(ids.filter((id) => id.startsWith('<acknowledgement.a1.'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('<acknowledgement.a2.'))).toHaveLength(1);
    expect(await folderList()).toEqual(before);
  });

  test('the provider keeps its own copy: we append none, and after Redis lost the record the search finds the provider\'s copy', async () => {
    const prefix = `s${randomUUID().slice(0, 8)}`;
    const { config, store, svc } = service({}, prefix);
    expect(config).toMatchObject({ keepsSentCopy: true, appendSentCopy: false });
    const startCount = (await messageIds('Sent Items')).length;
    smtp.messages.length = 0;
    await store.recordMessage(message('p1'), [], [], { key: 'p1', mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
    expect(await svc.sendAcknowledgement('p1')).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    expect((await messageIds('Sent Items')).slice(startCount)).toEqual([]);
    // The test plays Exchange Online: what its SMTP accepted is filed in Sent Items by the provider.
    await imap.append('Sent Items', smtp.messages[0]!.raw, ['\\Seen']);
    // Redis loses the sent-record but keeps the attempt marker (an AOF fsync window).
    await redis.del(`${prefix}:sent:acknowledgement:p1`);
    await redis.set(`${prefix}:attempt:acknowledgement:p1`, '2026-01-01T00:00:00.000Z');
    await store.setReply('p1', 'queued');
    expect(await svc.sendAcknowledgement('p1')).toBe('skipped');
    expect(smtp.messages).toHaveLength(1);
    expect((await messageIds('Sent Items')).slice(startCount)).toHaveLength(1);
  });
});

/**
 * A pass-through IMAP proxy that makes Dovecot look like an Outlook/Courier-style server: CREATE of
 * an existing folder is answered NO without the [ALREADYEXISTS] code; and the first LIST it relays
 * leaves out `hidden`, as if another client created it just after our LIST.
 */
async function codelessProxy(hidden: string): Promise<{ port: number; rewritten: string[]; close(): Promise<void> }> {
  const rewritten: string[] = [];
  const sockets = new Set<Socket>();
  let listHidden = false;
  const server: Server = createServer((client) => {
    const upstream = connect(dovecot.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    const createTags = new Set<string>();
    const listTags = new Set<string>();
    let fromClient = '';
    client.on('data', (chunk: Buffer) => {
      fromClient += chunk.toString('latin1');
      let i;
      while ((i = fromClient.indexOf('\r\n')) >= 0) {
        const line = fromClient.slice(0, i);
        fromClient = fromClient.slice(i + 2);
        const m = /^(\S+) (CREATE|LIST) /i.exec(line);
        if (m) (m[2]!.toUpperCase() === 'CREATE' ? createTags : listTags).add(m[1]!);
      }
      upstream.write(chunk);
    });
    let fromServer = '';
    upstream.on('data', (chunk: Buffer) => {
      fromServer += chunk.toString('latin1');
      let out = '';
      let i;
      while ((i = fromServer.indexOf('\r\n')) >= 0) {
        let line = fromServer.slice(0, i);
        fromServer = fromServer.slice(i + 2);
        const tag = line.split(' ', 1)[0]!;
        if (!listHidden && listTags.size && line.startsWith('* LIST ') && (line.endsWith(` "${hidden}"`) || line.endsWith(` ${hidden}`))) continue;
        if (listTags.has(tag)) listHidden = true;
        const m = /^(\S+) NO \[ALREADYEXISTS\] (.*)$/.exec(line);
        if (m && createTags.has(m[1]!)) {
          line = `${m[1]} NO Mailbox already exists`;
          rewritten.push(line);
        }
        out += `${line}\r\n`;
      }
      if (out) client.write(Buffer.from(out, 'latin1'));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port, rewritten,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

test('a server answering CREATE "already exists" without a code: the watcher keeps running and files into the folder', async () => {
  await imap.mailboxCreate('Codeless');
  const proxy = await codelessProxy('Codeless');
  try {
    const { uids, uidValidity } = await watched('Watch-codeless', ['e1', 'e2']);
    const got: FetchedMessage[] = [];
    const filing = new MemoryFiling();
    filing.queue.push({ key: 'k-e1', mailbox: 'Watch-codeless', uidValidity, uid: uids[0]!, folder: 'Codeless' });
    const w = watcher(proxy.port, {
      mailbox: 'Watch-codeless', filing, sink: { accept: async (b) => void got.push(...b) },
      folders: { endorsements: 'Codeless', automated: 'Automated', junk: 'Junk' },
    });
    await w.syncOnce();
    expect(proxy.rewritten).toEqual([expect.stringMatching(/ NO Mailbox already exists$/)]);
    expect(got).toHaveLength(2);
    expect(filing.finished).toEqual([expect.objectContaining({ key: 'k-e1', folder: 'Codeless' })]);
    expect(filing.finished[0]!.error).toBeUndefined();
    expect(await messageIds('Codeless')).toEqual(['<e1@example.net>']);
  } finally {
    await proxy.close();
  }
});

test('a folder the server refuses: the message stays, the failure is on its record, other filing and intake go on', async () => {
  const prefix = `r${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  const { uids, uidValidity } = await watched('Watch-refused', ['bad1', 'ok1']);
  const rec = (key: string, uid: number): MessageRecord => ({
    key, messageId: null, mailbox: 'Watch-refused', uidValidity, uid, receivedAt: '2026-01-01T09:00:00.000Z', from: null, replyTo: null,
    subject: key, kind: 'endorsement', language: null, acknowledgeDue: false, acknowledged: false, reply: 'none', reasons: [], notes: [],
    size: 1, oversized: false, endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  });
  // Dovecot refuses an empty hierarchy level ("a//b") as a mailbox name.
  const refused = 'Endorse//ments';
  await store.recordMessage(rec('k-bad', uids[0]!), [], [], { key: 'k-bad', mailbox: 'Watch-refused', uidValidity, uid: uids[0]!, folder: refused });
  await store.recordMessage(rec('k-ok', uids[1]!), [], [], { key: 'k-ok', mailbox: 'Watch-refused', uidValidity, uid: uids[1]!, folder: 'Automated' });
  const got: FetchedMessage[] = [];
  const w = watcher(dovecot.port, {
    mailbox: 'Watch-refused', filing: store.filingSource(), sink: { accept: async (b) => void got.push(...b) },
    folders: { endorsements: refused, automated: 'Automated', junk: 'Junk' },
  });
  await w.syncOnce();
  const bad = await store.getMessage('k-bad');
  expect(bad?.folder).toBeNull();
  expect(bad?.filingError).toMatch(/folder "Endorse\/\/ments"/);
  expect((await store.getMessage('k-ok'))?.folder).toBe('Automated');
  expect((await store.getMessage('k-ok'))?.filingError).toBeUndefined();
  expect(await store.pendingFilingCount()).toBe(0);
  expect(await messageIds('Watch-refused')).toEqual(['<bad1@example.net>']);
  // Intake goes on: a new message is taken in by the same watcher.
  await imap.append('Watch-refused', mail('later'));
  await w.syncOnce();
  expect(got.map((m) => m.uid)).toEqual([...uids, uids[1]! + 1]);
});

test('a folder the server could not create at start is looked for again: once it can be made, mail is filed without a restart', async () => {
  const { uids, uidValidity } = await watched('Watch-later', ['early', 'late']);
  // Dovecot keeps each folder as a directory under the Maildir: while that root is read-only, CREATE fails.
  const root = join(dovecot.dir, 'mail', dovecot.user, 'Maildir');
  const mode = statSync(root).mode & 0o777;
  chmodSync(root, 0o555);
  const filing = new MemoryFiling();
  filing.queue.push({ key: 'k-early', mailbox: 'Watch-later', uidValidity, uid: uids[0]!, folder: 'Later' });
  const w = watcher(dovecot.port, {
    mailbox: 'Watch-later', filing, folders: { endorsements: 'Later', automated: 'Automated', junk: 'Junk' }, folderRetryMs: 0,
  });
  try {
    await w.syncOnce();
  } finally {
    chmodSync(root, mode);
  }
  expect(filing.finished).toEqual([expect.objectContaining({ key: 'k-early', error: expect.stringMatching(/folder "Later"/) })]);
  filing.queue.push({ key: 'k-late', mailbox: 'Watch-later', uidValidity, uid: uids[1]!, folder: 'Later' });
  await w.syncOnce();
  expect(filing.finished[1]).toEqual(expect.objectContaining({ key: 'k-late', folder: 'Later' }));
  expect(filing.finished[1]!.error).toBeUndefined();
  expect(await messageIds('Later')).toEqual(['<late@example.net>']);
});
