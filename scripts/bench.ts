/**
 * `npm run bench`: seeds a private Dovecot with N realistic messages (a few with large attachments)
 * and measures side by side, on the same mailbox: the floor (imapflow fetch in batches + mailparser,
 * one process), the least work that answers with no guarantees (bench-least.ts, small mail only) and
 * `endorse worker --once` draining it into the review store with acknowledgements sent to an SMTP sink. Then a memory scenario: twenty 10 MB messages, peak RSS of each side. Each
 * scenario also reports what Redis keeps per message once the worker is done (used_memory growth).
 * Last, IDLE latency: mails appended one by one to a running `endorse worker`, each timed from its
 * APPEND to its acknowledgement at the SMTP sink (bench-idle.ts). Ends with a table of it all.
 * Usage: node dist/scripts/bench.js [--messages N] [--big-count 20] [--big-mb 10] [--idle 50] [--only throughput|memory|idle]
 *   [--profile DIR]: the drain also writes V8 CPU profiles (one per thread) into DIR, to see where its time goes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { generateMail } from '../test/helpers/generate';
import { cliPath, startStack, type Stack } from '../test/helpers/stack';
import { idleLatency, percentile, type IdleResult } from './bench-idle';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

interface Run {
  seconds: number;
  peakBytes: number;
  stdout: string;
}

function timed(script: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'rss');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeArgs, '-r', join(__dirname, '../../scripts/peak-rss.js'), script, ...args], { env: { ...env, PEAK_RSS_FILE: rssFile }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
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

/** One scenario's figures, both sides. */
interface Figures {
  label: string;
  count: number;
  bytes: number;
  floor: Run;
  /** The least a drain that answers must do (bench-least.ts), when it ran. */
  least: Run | null;
  drain: Run;
  sent: number;
  redisPerMessage: number;
}

async function scenario(stack: Stack, label: string, raws: Buffer[], withLeast = false): Promise<Figures> {
  await stack.append(raws);
  // Every safety property on; the breaker's hourly and daily caps (loop and flood guards) are raised past the 1,500 replies of a run.
  // These, when set, reach the worker: to measure other settings (REPLIES=false: intake alone; SENT_COPY=never: no Sent-folder copies).
  const passed = Object.fromEntries(['WORKER_THREADS', 'HEAP_PACE_MB', 'REPLIES', 'SENT_COPY', 'REPLY_CONCURRENCY', 'LEAST_REPLIES', 'LEAST_COPY'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const env = stack.env({ LOG_LEVEL: 'error', REPLY_MAX_PER_HOUR: '100000', REPLY_MAX_PER_DAY: '100000', ...passed });
  const floor = await timed(join(__dirname, 'bench-floor.js'), [], { ...env, IMAP_PORT: env.IMAP_PORT!, BATCH: '200' });
  const count = JSON.parse(floor.stdout).count as number;
  if (count !== raws.length) throw new Error(`floor read ${count} of ${raws.length}`);
  const least = withLeast ? await timed(join(__dirname, 'bench-least.js'), [], { ...env, BATCH: '200' }) : null;
  if (least && JSON.parse(least.stdout).count !== raws.length) throw new Error(`bench-least read ${JSON.parse(least.stdout).count} of ${raws.length}`);
  const sentBefore = stack.smtp.messages.length;
  const redisBefore = await redisUsed(stack.redis.url);
  const profile = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null;
  const drain = await timed(cliPath(), ['worker', '--once'], env, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  const redisPerMessage = ((await redisUsed(stack.redis.url)) - redisBefore) / count;
  const f: Figures = { label, count, bytes: raws.reduce((a, r) => a + r.length, 0), floor, least, drain, sent: stack.smtp.messages.length - sentBefore, redisPerMessage };
  const rate = (r: Run) => f.count / r.seconds;
  process.stdout.write(
    `\n${label}: ${count} messages, ${mb(f.bytes)} in all\n` +
      `  floor  (fetch + parse)          ${rate(floor).toFixed(0).padStart(6)} msg/s   ${floor.seconds.toFixed(2)} s   peak ${mb(floor.peakBytes)}\n` +
      (least ? `  least work, no guarantees       ${rate(least).toFixed(0).padStart(6)} msg/s   ${least.seconds.toFixed(2)} s   peak ${mb(least.peakBytes)}   (${JSON.parse(least.stdout).sent} replies sent; ratio to the floor ${(rate(least) / rate(floor)).toFixed(2)})\n` : '') +
      `  worker --once (all safety on)   ${rate(drain).toFixed(0).padStart(6)} msg/s   ${drain.seconds.toFixed(2)} s   peak ${mb(drain.peakBytes)}   (${f.sent} acknowledgements sent)\n` +
      `  ratio worker/floor: rate ${(rate(drain) / rate(floor)).toFixed(2)}, peak memory ${(drain.peakBytes / floor.peakBytes).toFixed(2)}\n` +
      `  Redis memory kept per message after the run: ${(redisPerMessage / 1024).toFixed(1)} KB (${mb(redisPerMessage * 10_000)} per 10,000 messages)\n`,
  );
  return f;
}

async function main(): Promise<void> {
  const n = arg('messages', 2000);
  const bigCount = arg('big-count', 20);
  const bigMb = arg('big-mb', 10);
  const idleCount = arg('idle', 50);
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  const rows: Figures[] = [];
  let idle: IdleResult | null = null;
  if (!only || only === 'throughput') rows.push(await withStack((s) => throughput(s, n)));
  if (!only || only === 'memory') rows.push(await withStack((s) => memory(s, bigCount, bigMb)));
  if (!only || only === 'idle') idle = await withStack((s) => idleLatency(s, idleCount));
  summary(rows, idle);
}

async function withStack<T>(fn: (s: Stack) => Promise<T>): Promise<T> {
  process.stderr.write(`bench: starting Redis, Dovecot and an SMTP sink on loopback\n`);
  const s = await startStack();
  try {
    return await fn(s);
  } finally {
    await s.stop();
  }
}

/** The figures side by side, as a Markdown table (the README shows it), with the machine's load. */
function summary(rows: Figures[], idle: IdleResult | null): void {
  const rate = (f: Figures, r: Run) => f.count / r.seconds;
  const out = [
    `\nnpm run bench: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end\n`,
    '| scenario | floor msg/s | drain msg/s | ratio | floor peak RSS | drain peak RSS | ratio | Redis per 10,000 messages |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((f) => `| ${f.label}: ${f.count} messages, ${mb(f.bytes)} | ${rate(f, f.floor).toFixed(0)} | ${rate(f, f.drain).toFixed(0)} | ${(rate(f, f.drain) / rate(f, f.floor)).toFixed(2)} | ${mb(f.floor.peakBytes)} | ${mb(f.drain.peakBytes)} | ${(f.drain.peakBytes / f.floor.peakBytes).toFixed(2)} | ${mb(f.redisPerMessage * 10_000)} |`),
  ];
  for (const f of rows.filter((r) => r.least)) {
    const least = f.least!;
    out.push(`\n${f.label}, the least work, with no guarantees (bench-least: fetch, understand, one Redis write, reply, copy): ${rate(f, least).toFixed(0)} msg/s, ratio ${(rate(f, least) / rate(f, f.floor)).toFixed(2)} to the floor, peak ${mb(least.peakBytes)}, ${JSON.parse(least.stdout).sent} replies`);
  }
  if (idle) {
    const ms = (v: number) => `${(v / 1000).toFixed(2)} s`;
    out.push(`\nIDLE, append to acknowledgement at the SMTP sink, ${idle.latenciesMs.length} mails one by one: p50 ${ms(percentile(idle.latenciesMs, 50))}, p95 ${ms(percentile(idle.latenciesMs, 95))}, max ${ms(Math.max(...idle.latenciesMs))}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

async function throughput(stack: Stack, n: number): Promise<Figures> {
  process.stderr.write(`bench: seeding ${n} messages\n`);
  // Realistic mix: 75% endorsements, auto-replies, bounces, questions; 1 in 400 carries a 3 MB attachment.
  return scenario(stack, 'Small mail', generateMail(n, { seed: 1, bigEvery: 400, bigBytes: 3 << 20 }).map((m) => m.raw), true);
}

async function memory(stack: Stack, bigCount: number, bigMb: number): Promise<Figures> {
  process.stderr.write(`bench: seeding ${bigCount} messages of ${bigMb} MB\n`);
  const big = generateMail(bigCount * 4, { seed: 2, bigEvery: 1, bigBytes: bigMb << 20 })
    .filter((m) => m.raw.length > bigMb << 20)
    .slice(0, bigCount);
  return scenario(stack, 'Large mail', big.map((m) => m.raw));
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
