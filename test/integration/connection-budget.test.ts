/**
 * The connection budget holds with extra worker threads: `endorse worker --once` with
 * WORKER_THREADS=4 and a budget of 2 IMAP and 2 SMTP connections drains a few hundred messages with
 * replies, while proxies in front of Dovecot and the SMTP sink count the sockets open at once.
 * Nothing is lost: every message is stored, every acknowledgement sent once, each with its Sent copy.
 * Needs `npm run build` first (threads and the CLI run from dist/).
 */
import { existsSync } from 'node:fs';
import { generateMail } from '../helpers/generate';
import { cliPath, runCli, startStack, type Stack } from '../helpers/stack';
import { startCountingProxy, type CountingProxy } from '../helpers/tcp-proxy';

let stack: Stack;
let imapProxy: CountingProxy;
let smtpProxy: CountingProxy;
beforeAll(async () => {
  if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: run npm run build first`);
  stack = await startStack();
  [imapProxy, smtpProxy] = await Promise.all([startCountingProxy(stack.dovecot.port), startCountingProxy(stack.smtp.port)]);
}, 60_000);
afterAll(async () => {
  await Promise.allSettled([imapProxy?.close(), smtpProxy?.close()]);
  await stack?.stop();
});

async function sentFolderIds(): Promise<string[]> {
  const c = await stack.imap();
  try {
    const lock = await c.getMailboxLock('Sent');
    try {
      const ids: string[] = [];
      for await (const m of c.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '');
      return ids;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

test('4 worker threads, a budget of 2 IMAP and 2 SMTP connections: never more open, nothing lost', async () => {
  const now = new Date();
  // Dated today, so no rule about old mail or the start of intake leaves any of it unanswered.
  const mail = generateMail(300, { seed: 9 }).map((m) => Buffer.from(m.raw.toString('utf8').replace(/^Date: .*$/m, `Date: ${now.toUTCString()}`), 'utf8'));
  await stack.append(mail, { dates: mail.map(() => now) });
  const env = stack.env({
    IMAP_PORT: String(imapProxy.port), SMTP_PORT: String(smtpProxy.port),
    WORKER_THREADS: '4', IMAP_MAX_CONNECTIONS: '2', SMTP_MAX_CONNECTIONS: '2', REPLY_CONCURRENCY: '4',
    REPLY_REQUIRE_AUTH: 'none', REPLY_MAX_PER_HOUR: '10000', REPLY_MAX_PER_DAY: '10000', REPLY_MAX_PER_DOMAIN_PER_HOUR: '10000',
    INTAKE_START: 'all', LOG_LEVEL: 'info',
  });
  const run = await runCli(['worker', '--once'], env);
  expect(run.stderr).toContain('started extra worker threads');
  expect(run.code).toBe(0);

  expect(imapProxy.maxOpen).toBeGreaterThan(0);
  expect(imapProxy.maxOpen).toBeLessThanOrEqual(2);
  expect(smtpProxy.maxOpen).toBeGreaterThan(0);
  expect(smtpProxy.maxOpen).toBeLessThanOrEqual(2);

  const listed = await runCli(['messages', '--json'], env);
  const messages = JSON.parse(listed.stdout) as { messageId: string; acknowledged: boolean }[];
  expect(messages).toHaveLength(300);
  const acknowledged = messages.filter((m) => m.acknowledged).length;
  expect(acknowledged).toBeGreaterThan(150);
  // Each acknowledgement sent once, and a copy of each in the Sent folder.
  const sentIds = stack.smtp.messages.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw.toString('latin1'))?.[1]);
  expect(stack.smtp.messages).toHaveLength(acknowledged);
  expect(new Set(sentIds).size).toBe(acknowledged);
  expect((await sentFolderIds()).sort()).toEqual([...sentIds].sort());
}, 600_000);
