/**
 * The floor of the benchmark: the least work any such tool must do. One process fetches every
 * message's source from the mailbox in batches (imapflow) and parses it (mailparser), and keeps
 * nothing. Prints {"count": N} on stdout. Environment: IMAP_PORT, IMAP_USER, IMAP_PASSWORD, BATCH.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

async function main(): Promise<void> {
  const c = new ImapFlow({
    host: '127.0.0.1', port: Number(process.env.IMAP_PORT), secure: false, logger: false,
    auth: { user: process.env.IMAP_USER!, pass: process.env.IMAP_PASSWORD! },
  });
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  let count = 0;
  try {
    const uids = (await c.search({ all: true }, { uid: true })) || [];
    const batch = Number(process.env.BATCH ?? 200);
    for (let i = 0; i < uids.length; i += batch) {
      const range = uids.slice(i, i + batch).join(',');
      for await (const m of c.fetch(range, { uid: true, source: true }, { uid: true })) {
        if (m.source) await simpleParser(m.source);
        count++;
      }
    }
  } finally {
    lock.release();
  }
  await c.logout();
  process.stdout.write(JSON.stringify({ count }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
