/**
 * The least a drain that answers must do, with none of the safety around it: the floor's fetch (same
 * batches), our understanding in one thread (the worker's pool, parse and analysis), one Redis write
 * per message (the record as JSON, pipelined with its batch), and for each message due an
 * acknowledgement: the reply composed as the worker composes it, sent over the worker's pooled SMTP
 * connections, and its copy appended to a folder of its own (MULTIAPPEND batches, the worker's Sent-folder
 * adapter; not the Sent folder, which the drain's copies then go to as empty as the floor left it).
 * No queue, lock, circuit breaker, sent-record, policy or retry. `npm run bench` runs it between the
 * floor and the drain: the gap from the floor is the price of the work itself, the gap from it to the
 * drain the price of the guarantees. Prints {"count": N, "sent": M} on stdout.
 * Environment: the worker's (IMAP_*, SMTP_*, REDIS_URL, WORKER_THREADS, ...), BATCH; to take the work
 * apart, LEAST_REPLIES=false (fetch, understand, store: no replies) and LEAST_COPY=false (no copies).
 */
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { analysisContext } from '../src/container';
import { loadConfig } from '../src/config';
import { DEFAULT_BATCH_BYTES, planBatches, uidSet } from '../src/intake/fetch-plan';
import { createUnderstander } from '../src/jobs/understand-pool';
import { createLogger } from '../src/log';
import { createMailer } from '../src/replies/mailer';
import { createSentFolder } from '../src/replies/sent-folder';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const redis = new Redis(config.REDIS_URL, { enableAutoPipelining: true });
  const mailer = createMailer({
    host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, pool: true,
    allowPlaintext: config.SMTP_ALLOW_PLAINTEXT, maxConnections: Math.min(config.REPLY_CONCURRENCY, config.SMTP_MAX_CONNECTIONS),
  });
  const sent = createSentFolder({
    host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE, user: config.IMAP_USER, password: config.IMAP_PASSWORD,
    folder: 'Least', allowPlaintext: config.IMAP_ALLOW_PLAINTEXT,
  });
  const understander = createUnderstander({
    size: Math.max(1, config.WORKER_THREADS), log: createLogger('error'),
    understand: { context: analysisContext(config), folders: { endorsements: 'x', automated: 'x', junk: 'x' }, filing: false, maxMessageBytes: config.MAX_MESSAGE_BYTES },
  });
  const c = new ImapFlow({
    host: config.IMAP_HOST, port: config.IMAP_PORT, secure: false, logger: false,
    auth: { user: config.IMAP_USER, pass: config.IMAP_PASSWORD! },
  });
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  let count = 0;
  let replies = 0;
  const replying = new Set<Promise<void>>();
  const understanding = new Set<Promise<void>>();
  try {
    const metas = [];
    for await (const m of c.fetch('1:*', { uid: true, size: true }, { uid: true })) metas.push({ uid: m.uid, size: m.size ?? 0, receivedAt: new Date() });
    const limits = { batchSize: Number(process.env.BATCH ?? 200), maxBatchBytes: DEFAULT_BATCH_BYTES, maxMessageBytes: Infinity };
    const uidValidity = String(c.mailbox && c.mailbox.uidValidity);
    for (const batch of planBatches(metas, limits)) {
      const tasks = [];
      for await (const m of c.fetch(uidSet(batch.full.map((x) => x.uid)), { uid: true, source: true }, { uid: true })) {
        const at = { key: `least:${m.uid}`, mailbox: 'INBOX', uidValidity, uid: m.uid, size: m.source?.length ?? 0, receivedAt: new Date().toISOString(), oversized: false };
        tasks.push({ raw: m.source ?? null, at });
      }
      // Understanding goes on while the next batch is fetched; at most two batches in hand.
      while (understanding.size >= 2) await Promise.race(understanding);
      const run = understander.run(tasks, async (u) => {
        count++;
        await redis.set(`least:${u.record.key}`, JSON.stringify(u.record));
        if (process.env.LEAST_REPLIES === 'false' || !u.record.acknowledgeDue || !u.record.from) return;
        // Replies go on while the next batch is fetched, as the worker's reply jobs do.
        const reply = (async () => {
          const { raw } = await mailer.send({
            from: config.fromAddress, to: u.record.from!, subject: `Re: ${u.record.subject}`, text: 'Thank you.\n', html: '<p>Thank you.</p>',
            inReplyTo: null, references: [], messageId: `<least.${u.record.uid}@${config.fromAddress.split('@')[1]}>`, language: 'en',
          });
          if (process.env.LEAST_COPY !== 'false') await sent.append(raw);
          replies++;
        })();
        replying.add(reply);
        void reply.finally(() => replying.delete(reply));
      });
      understanding.add(run);
      void run.finally(() => understanding.delete(run));
    }
    await Promise.all(understanding);
    await Promise.all(replying);
  } finally {
    lock.release();
  }
  await Promise.all([c.logout(), understander.close(), mailer.close(), sent.close()]);
  redis.disconnect();
  process.stdout.write(JSON.stringify({ count, sent: replies }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
