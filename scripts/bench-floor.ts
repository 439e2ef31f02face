/**
 * The floor of the benchmark: the least work any such tool must do. One process fetches every
 * message's source from the mailbox in batches (imapflow: up to BATCH messages or 8 MB a round trip,
 * the same limits as the watcher, so neither side holds the mailbox in memory) and parses it
 * (mailparser), one at a time, keeping nothing. Prints {"count": N} on stdout.
 * Environment: IMAP_PORT, IMAP_USER, IMAP_PASSWORD, BATCH.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { DEFAULT_BATCH_BYTES, planBatches, uidSet } from '../src/intake/fetch-plan';

async function main(): Promise<void> {
  const c = new ImapFlow({
    host: '127.0.0.1', port: Number(process.env.IMAP_PORT), secure: false, logger: false,
    auth: { user: process.env.IMAP_USER!, pass: process.env.IMAP_PASSWORD! },
  });
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  let count = 0;
  try {
    const metas = [];
    for await (const m of c.fetch('1:*', { uid: true, size: true }, { uid: true })) metas.push({ uid: m.uid, size: m.size ?? 0, receivedAt: new Date() });
    const limits = { batchSize: Number(process.env.BATCH ?? 200), maxBatchBytes: DEFAULT_BATCH_BYTES, maxMessageBytes: Infinity };
    for (const batch of planBatches(metas, limits)) {
      const sources: Buffer[] = [];
      for await (const m of c.fetch(uidSet(batch.full.map((x) => x.uid)), { uid: true, source: true }, { uid: true })) if (m.source) sources.push(m.source);
      for (const src of sources.splice(0)) {
        await simpleParser(src);
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
