/**
 * Replies end to end through the built CLI on real servers: a German endorsement is acknowledged in
 * German; an organiser approves it through the JSON API; the confirmation arrives in the thread, in
 * German, with a copy of each reply in the mailbox's Sent folder; running the worker again sends
 * nothing more. Needs `npm run build` first (as `npm test` does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { simpleParser } from 'mailparser';
import { generateMail } from '../helpers/generate';
import { freePort, waitFor } from '../helpers/ports';
import { cliPath, runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let web: ChildProcess | undefined;
beforeAll(async () => {
  if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: run npm run build first`);
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  if (web?.pid && web.exitCode === null) {
    web.kill('SIGTERM');
    await new Promise((r) => web!.once('exit', r));
  }
  await stack?.stop();
});

async function sentFolderIds(): Promise<string[]> {
  const c = await stack.imap();
  try {
    const lock = await c.getMailboxLock('Sent');
    try {
      const ids: string[] = [];
      for await (const m of c.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '');
      return ids.sort();
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

test('acknowledged in German, approved in the API, confirmed in the thread in German, once', async () => {
  const port = await freePort();
  // The shipped appeal profile: replies name the appeal in the reader's language.
  const env = stack.env({ WEB_PORT: String(port), APPEAL_FILE: join(__dirname, '../../profiles/peace-for-ukraine.json') });
  // The generator's second organisation writes in German.
  const mail = generateMail(60, { seed: 11 }).find((m, i) => i % 6 === 1 && m.intended === 'endorsement')!;
  await stack.append([mail.raw]);
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);

  expect(stack.smtp.messages).toHaveLength(1);
  const ack = await simpleParser(stack.smtp.messages[0]!.raw);
  expect(stack.smtp.messages[0]!.to).toEqual([mail.from]);
  expect(ack.headers.get('content-language')).toBe('de');
  expect(ack.subject).toMatch(/^Re: Endorsement: Gewerkschaftsforum Leipzig/);
  expect(ack.inReplyTo).toBe(mail.messageId);
  expect(ack.text).toContain('vielen Dank, dass Sie den Aufruf „Stoppt den russischen Angriffskrieg! Frieden für die Ukraine!“ im Namen von Gewerkschaftsforum Leipzig');

  expect((await runCli(['users', 'add', 'alice'], env, 'a long enough password\n')).code).toBe(0);
  const token = (await runCli(['users', 'token', 'alice'], env)).stdout.trim();
  expect(token.length).toBeGreaterThan(20);
  web = spawnCli(['web'], env);
  const api = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  await waitFor('the web process', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
  const pending = (await (await api('/api/endorsements?status=pending')).json()) as { id: string; organisation: string; contactEmail: string }[];
  expect(pending).toHaveLength(1);
  expect((await api(`/api/endorsements/${pending[0]!.id}/approve`, 'POST')).status).toBe(200);

  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  expect(stack.smtp.messages).toHaveLength(2);
  const confirmation = await simpleParser(stack.smtp.messages[1]!.raw);
  expect(stack.smtp.messages[1]!.to).toEqual([pending[0]!.contactEmail]);
  expect(confirmation.inReplyTo).toBe(mail.messageId);
  expect(confirmation.references).toEqual(mail.messageId);
  expect(confirmation.headers.get('content-language')).toBe('de');
  expect(confirmation.headers.get('auto-submitted')).toBe('auto-replied');
  expect(confirmation.messageId!.startsWith(`<confirmation.${pending[0]!.id}.`)).toBe(true);
  expect(confirmation.messageId).toMatch(/\.[0-9a-f]{20}@ukraine-solidarity\.eu>$/);
  expect(confirmation.text).toContain('Sie stehen auf der Liste als:');
  expect(confirmation.text).toContain('Gewerkschaftsforum Leipzig');
  // The profile's signatories URL, with no SIGNATORIES_URL set.
  expect(confirmation.text).toContain('Die Liste der Unterzeichnenden finden Sie unter https://ukraine-solidarity.eu/signatories.');

  const copies = [ack.messageId!, confirmation.messageId!].sort();
  expect(await sentFolderIds()).toEqual(copies);

  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  expect(stack.smtp.messages).toHaveLength(2);
  expect(await sentFolderIds()).toEqual(copies);
}, 180_000);
