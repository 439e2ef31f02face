/**
 * `npm run bench`: seeds a private Dovecot with N realistic messages (a few with large attachments)
 * and measures side by side, on the same mailbox: the floor (imapflow fetch in batches + mailparser,
 * one process) and `endorse worker --once` draining it into the review store with acknowledgements
 * sent to an SMTP sink. Then a memory scenario: twenty 10 MB messages, peak RSS of each side. Each
 * scenario also reports what Redis keeps per message once the worker is done (used_memory growth).
 * Usage: node dist/scripts/bench.js [--messages N] [--big-count 20] [--big-mb 10] [--only throughput|memory]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { generateMail } from '../test/helpers/generate';
import { cliPath, startStack, type Stack } from '../test/helpers/stack';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

interface Run {
  seconds: number;
  peakBytes: number;
  stdout: string;
}

function timed(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'rss');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', join(__dirname, '../../scripts/peak-rss.js'), script, ...args], { env: { ...env, PEAK_RSS_FILE: rssFile }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (err) return reject(new Error(`${script} failed: ${stderr}`));
      const peakBytes = Number(readFileSync(rssFile, 'utf8'));
      rmSync(dir, { recursive: true, force: true });
      resolve({ seconds, peakBytes, stdout });
    });
  });
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/** Redis's `used_memory` in bytes. */
async function redisUsed(url: string): Promise<number> {
  const r = new Redis(url);
  try {
    return Number(/^used_memory:(\d+)/m.exec(await r.info('memory'))?.[1] ?? NaN);
  } finally {
    r.disconnect();
  }
}

async function scenario(stack: Stack, label: string, raws: Buffer[]): Promise<void> {
  await stack.append(raws);
  // Every safety property on; the breaker's hourly and daily caps (loop and flood guards) are raised past the 1,500 replies of a run.
  const env = stack.env({ LOG_LEVEL: 'error', REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DAY: '100000', ...(process.env.WORKER_THREADS ? { WORKER_THREADS: process.env.WORKER_THREADS } : {}) });
  const floor = await timed(join(__dirname, 'bench-floor.js'), [], { ...env, IMAP_PORT: env.IMAP_PORT!, BATCH: '200' });
  const count = JSON.parse(floor.stdout).count as number;
  if (count !== raws.length) throw new Error(`floor read ${count} of ${raws.length}`);
  const sentBefore = stack.smtp.messages.length;
  const redisBefore = await redisUsed(stack.redis.url);
  const worker = await timed(cliPath(), ['worker', '--once'], env);
  const redisPerMessage = ((await redisUsed(stack.redis.url)) - redisBefore) / count;
  const sent = stack.smtp.messages.length - sentBefore;
  const floorRate = count / floor.seconds;
  const workerRate = count / worker.seconds;
  const bytes = raws.reduce((a, r) => a + r.length, 0);
  process.stdout.write(
    `\n${label}: ${count} messages, ${mb(bytes)} in all\n` +
      `  floor  (fetch + parse)          ${floorRate.toFixed(0).padStart(6)} msg/s   ${floor.seconds.toFixed(2)} s   peak ${mb(floor.peakBytes)}\n` +
      `  worker --once (all safety on)   ${workerRate.toFixed(0).padStart(6)} msg/s   ${worker.seconds.toFixed(2)} s   peak ${mb(worker.peakBytes)}   (${sent} acknowledgements sent)\n` +
      `  ratio worker/floor: rate ${(workerRate / floorRate).toFixed(2)}, peak memory ${(worker.peakBytes / floor.peakBytes).toFixed(2)}\n` +
      `  Redis memory kept per message after the run: ${(redisPerMessage / 1024).toFixed(1)} KB (${mb(redisPerMessage * 10_000)} per 10,000 messages)\n`,
  );
}

async function main(): Promise<void> {
  const n = arg('messages', 2000);
  const bigCount = arg('big-count', 20);
  const bigMb = arg('big-mb', 10);
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  if (only !== 'memory') await throughput(n);
  if (only !== 'throughput') await memory(bigCount, bigMb);
}

async function throughput(n: number): Promise<void> {
  process.stderr.write(`bench: starting Redis, Dovecot and an SMTP sink on loopback\n`);
  const a = await startStack();
  try {
    process.stderr.write(`bench: seeding ${n} messages\n`);
    // Realistic mix: 75% endorsements, auto-replies, bounces, questions; 1 in 400 carries a 3 MB attachment.
    await scenario(a, 'Throughput', generateMail(n, { seed: 1, bigEvery: 400, bigBytes: 3 << 20 }).map((m) => m.raw));
  } finally {
    await a.stop();
  }
}

async function memory(bigCount: number, bigMb: number): Promise<void> {
  const b = await startStack();
  try {
    process.stderr.write(`bench: seeding ${bigCount} messages of ${bigMb} MB\n`);
    const big = generateMail(bigCount * 4, { seed: 2, bigEvery: 1, bigBytes: bigMb << 20 })
      .filter((m) => m.raw.length > bigMb << 20)
      .slice(0, bigCount);
    await scenario(b, 'Memory (large messages)', big.map((m) => m.raw));
  } finally {
    await b.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
