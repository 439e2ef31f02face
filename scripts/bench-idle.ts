/**
 * The latency half of `npm run bench`: a running `endorse worker` on an empty mailbox under IDLE, and
 * endorsements appended one at a time; for each, the time from the APPEND to its acknowledgement
 * arriving at the SMTP sink. Only mail the understanding acknowledges is used, so every wait ends.
 */
import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../src/config';
import { analysisContext } from '../src/container';
import { analyzeMail } from '../src/mail/analyze';
import { parseMail } from '../src/mail/parse';
import { generateMail } from '../test/helpers/generate';
import { spawnCli, type Stack } from '../test/helpers/stack';

/** Latencies in milliseconds, in the order the mails were appended. */
export interface IdleResult {
  latenciesMs: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `count` generated endorsements that are due an acknowledgement, as the worker will decide. */
async function acknowledged(count: number, env: Record<string, string>): Promise<{ raw: Buffer; messageId: string }[]> {
  const context = analysisContext(loadConfig(env));
  const out: { raw: Buffer; messageId: string }[] = [];
  for (const m of generateMail(count * 4, { seed: 11 })) {
    if (out.length >= count) break;
    if (m.intended !== 'endorsement') continue;
    const mail = await parseMail(m.raw);
    if (analyzeMail(mail, context).acknowledge && mail.messageId) out.push({ raw: m.raw, messageId: mail.messageId });
  }
  if (out.length < count) throw new Error(`only ${out.length} of ${count} generated mails are acknowledged`);
  return out;
}

/** Resolves once the child has written `text` to standard error (its log). */
function logged(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`worker did not log "${text}" within ${timeoutMs} ms: ${seen.slice(-2000)}`)), timeoutMs);
    child.stderr?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * Start `endorse worker` on the stack's (empty) mailbox, append `count` mails one by one and time each
 * to its acknowledgement at the sink. The worker is stopped with SIGTERM afterwards.
 */
export async function idleLatency(stack: Stack, count: number, extraEnv: Record<string, string> = {}): Promise<IdleResult> {
  const env = stack.env({ LOG_LEVEL: 'info', REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DAY: '100000', POLL_SECONDS: '60', ...extraEnv });
  const mails = await acknowledged(count, env);
  const child = spawnCli(['worker'], env);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const imap = await stack.imap();
  const latenciesMs: number[] = [];
  try {
    await logged(child, '"watching"', 30_000);
    // Let the first IDLE start before the first APPEND.
    await sleep(500);
    for (const m of mails) {
      const before = stack.smtp.messages.length;
      const t0 = process.hrtime.bigint();
      await imap.append('INBOX', m.raw);
      const deadline = Date.now() + 30_000;
      while (stack.smtp.messages.length === before) {
        if (Date.now() > deadline) throw new Error(`no acknowledgement of ${m.messageId} within 30 s`);
        await sleep(2);
      }
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const reply = stack.smtp.messages[before]!.raw.toString('latin1');
      if (!reply.includes(m.messageId)) throw new Error(`the reply that arrived is not about ${m.messageId}`);
    }
  } finally {
    await imap.logout().catch(() => undefined);
    child.kill('SIGTERM');
    await exited;
  }
  return { latenciesMs };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
