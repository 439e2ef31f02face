/**
 * `node dist/scripts/bench-rebuild.js [--replies 10000]`: how long the rebuild after a Redis reset
 * takes to read back the reply states of N replies. Seeds a private Dovecot's Sent folder with N copies
 * of our replies (deterministic Message-IDs) and a little other mail, then times, side by side on the
 * same folder: the whole rebuild (empty Redis; one batched ENVELOPE scan of Sent + the sent-records
 * written) and the other way, one SEARCH HEADER Message-ID per reply (measured on a sample, scaled).
 */
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { createContainer } from '../src/container';
import { createLogger } from '../src/log';
import { rebuildUnderLease } from '../src/recovery/wire';
import { signedMessageId } from '../src/replies/signed-id';
import { startStack } from '../test/helpers/stack';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const DOMAIN = 'ukraine-solidarity.eu';

function reply(i: number): Buffer {
  const key = `m${i.toString(16).padStart(32, '0')}`;
  const type = i % 5 === 0 ? 'confirmation' : 'acknowledgement';
  const id = type === 'confirmation' ? `${key}-0` : key;
  return Buffer.from([
    `From: Appeal team <info@${DOMAIN}>`, `To: contact${i}@org${i}.example`,
    `Subject: Thank you for endorsing the appeal`, `Date: ${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}`,
    `Message-ID: ${signedMessageId('bench-secret', type, id, DOMAIN)}`, `In-Reply-To: <gen.${i}@org${i}.example>`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    'Dear friends,', '', 'thank you for your endorsement. We will review it and publish your name on the list of signatories.', '',
    'The appeal team', '',
  ].join('\r\n'));
}

async function main(): Promise<void> {
  const n = arg('replies', 10_000);
  const sample = arg('sample', 200);
  const stack = await startStack();
  try {
    const other = Array.from({ length: Math.ceil(n / 20) }, (_, i) => Buffer.from(
      `From: Someone <person${i}@example.net>\r\nTo: x@example.net\r\nSubject: sent by hand ${i}\r\nMessage-ID: <hand${i}@${DOMAIN}>\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\n\r\nhello\r\n`));
    const t0 = Date.now();
    const c0 = await stack.imap();
    await c0.mailboxCreate('Sent').catch(() => undefined);
    await c0.logout();
    await stack.append([...Array.from({ length: n }, (_, i) => reply(i)), ...other], { folder: 'Sent' });
    process.stdout.write(`seeded Sent with ${n} replies and ${other.length} other messages in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const env = stack.env({ SENT_FOLDER: 'Sent', STATE_DIR: '', LOG_LEVEL: 'warn' });
    const config = loadConfig(env);
    const c = createContainer(config, createLogger('warn'));
    try {
      const t1 = process.hrtime.bigint();
      const s = await rebuildUnderLease(config, { redis: c.redis, intakeDeps: c.intakeDeps, imapSettings: c.imapSettings, log: c.log }, { rememberedStart: null, lastGood: null });
      const ms = Number(process.hrtime.bigint() - t1) / 1e6;
      const redis = new Redis(stack.redis.url);
      const records = (await redis.keys(`${config.QUEUE_PREFIX}:sent:*`)).length;
      redis.disconnect();
      process.stdout.write(`rebuild: ${s.replies} replies found, ${s.repliesRebuilt} sent-records written (${records} in Redis); Sent scan ${s.sentScanMs} ms, whole rebuild ${ms.toFixed(0)} ms\n`);
      if (s.replies !== n || records !== n) throw new Error(`expected ${n} replies and records`);
    } finally {
      await c.close();
    }

    // The other way: one SEARCH per reply, as a lookup by Message-ID does.
    const client: ImapFlow = await stack.imap();
    try {
      const lock = await client.getMailboxLock('Sent', { readOnly: true });
      const t2 = process.hrtime.bigint();
      for (let i = 0; i < sample; i++) {
        const id = signedMessageId('bench-secret', i % 5 === 0 ? 'confirmation' : 'acknowledgement', `m${i.toString(16).padStart(32, '0')}${i % 5 === 0 ? '-0' : ''}`, DOMAIN);
        const found = await client.search({ header: { 'message-id': id } }, { uid: true });
        if (!found || found.length !== 1) throw new Error(`search for ${id} found ${String(found)}`);
      }
      const per = Number(process.hrtime.bigint() - t2) / 1e6 / sample;
      lock.release();
      process.stdout.write(`one SEARCH per reply: ${per.toFixed(1)} ms each over ${sample}; ${n} replies would take ~${((per * n) / 1000).toFixed(0)} s\n`);
    } finally {
      await client.logout();
    }
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
