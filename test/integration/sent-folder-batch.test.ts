/**
 * Sent copies asked for at once go to a real Dovecot in one MULTIAPPEND (RFC 3502), counted at a
 * proxy between the adapter and the server; a command the server refuses as a whole falls back to
 * one append per copy, so the copy it will not take fails alone and the others are kept.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createSentFolder, type SentFolder } from '../../src/replies/sent-folder';
import { startCutProxy, type CutProxy } from '../helpers/cut-proxy';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';

let dovecot: DovecotServer;
let proxy: CutProxy;
let clientText = '';
const folders: SentFolder[] = [];

beforeAll(async () => {
  // A 64 KB limit per message (the quota plugin's), so a test can have the server refuse one copy.
  dovecot = await startDovecot({ extraConf: () => 'mail_plugins = $mail_plugins quota\nplugin {\n  quota = maildir:User quota\n  quota_max_mail_size = 64k\n}\n' });
  proxy = await startCutProxy(dovecot.port, { onClientData: (chunk) => (clientText += chunk.toString('latin1')) });
});
afterAll(async () => {
  await Promise.all(folders.map((f) => f.close()));
  await proxy?.close();
  await dovecot?.stop();
});

function sentFolder(folder: string): SentFolder {
  const f = createSentFolder({ host: '127.0.0.1', port: proxy.port, secure: false, user: dovecot.user, password: dovecot.password, folder, allowPlaintext: true });
  folders.push(f);
  return f;
}

const copy = (id: string, body = 'Thank you for endorsing the appeal.') =>
  Buffer.from(`From: info@appeal.example\r\nTo: ${id}@amis.example\r\nSubject: Re: our support\r\nMessage-ID: <acknowledgement.${id}@appeal.example>\r\n\r\n${body}\r\n`);

/** APPEND commands the clients sent since `from` (an offset into what they sent). */
const appendsSince = (from: number) => (clientText.slice(from).match(/^[A-Z0-9]+ APPEND /gm) ?? []).length;

async function messageIds(folder: string): Promise<string[]> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await c.connect();
  try {
    const lock = await c.getMailboxLock(folder);
    try {
      const ids: string[] = [];
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
        expect(m.flags?.has('\\Seen')).toBe(true);
        ids.push(m.envelope?.messageId ?? '');
      }
      return ids.sort();
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

test('copies asked for together are appended by one command, into a folder it creates, each once and \\Seen', async () => {
  const name = `Sent-${randomUUID().slice(0, 8)}`;
  const f = sentFolder(name);
  const ids = Array.from({ length: 20 }, (_, i) => `m${i}`);
  const from = clientText.length;
  await Promise.all(ids.map((id) => f.append(copy(id))));
  // One MULTIAPPEND answered [TRYCREATE], then the same one again once the folder exists.
  expect(appendsSince(from)).toBe(2);
  expect(await messageIds(name)).toEqual(ids.map((id) => `<acknowledgement.${id}@appeal.example>`).sort());
});

test('copies asked for while a command runs go together in the next one', async () => {
  const name = `Sent-${randomUUID().slice(0, 8)}`;
  const f = sentFolder(name);
  await f.append(copy('first'));
  const from = clientText.length;
  const first = f.append(copy('a0'));
  while (!clientText.slice(from).includes('<acknowledgement.a0@')) await new Promise((r) => setTimeout(r, 1));
  const rest = Array.from({ length: 9 }, (_, i) => f.append(copy(`a${i + 1}`)));
  await Promise.all([first, ...rest]);
  // a0 alone (it was on the wire), then the nine that came meanwhile, together.
  expect(appendsSince(from)).toBe(2);
  expect(await messageIds(name)).toHaveLength(11);
});

test('a command refused as a whole is retried copy by copy: the copy over the server limit fails alone', async () => {
  const name = `Sent-${randomUUID().slice(0, 8)}`;
  const f = sentFolder(name);
  await f.append(copy('opens-the-folder'));
  const from = clientText.length;
  const outcomes = await Promise.allSettled([f.append(copy('b1')), f.append(copy('too-big', 'x'.repeat(100 * 1024))), f.append(copy('b2'))]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  // The refused MULTIAPPEND, then one APPEND per copy.
  expect(appendsSince(from)).toBe(4);
  expect(await messageIds(name)).toEqual(['<acknowledgement.b1@appeal.example>', '<acknowledgement.b2@appeal.example>', '<acknowledgement.opens-the-folder@appeal.example>']);
});
