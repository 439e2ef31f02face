/**
 * `npm run eval`: how well the core reads mail. Scores the dev corpus (test/fixtures/corpus, labelled)
 * and, when present, the external corpus of real machine and odd mail (../shared/corpus/external,
 * evaluation only, never copied here). `--verbose` lists every mismatch.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeMail } from '../src/mail/analyze';
import { parseMail } from '../src/mail/parse';
import type { Analysis, AnalysisContext, InboundMail } from '../src/mail/types';
import { scoreDev, scoreExternal, type DevLabel, type Outcome } from './eval-score';

const CTX: AnalysisContext = { ownAddresses: ['info@ukraine-solidarity.eu'], ownDomains: ['ukraine-solidarity.eu'] };

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function run(path: string): Promise<Outcome> {
  const t0 = process.hrtime.bigint();
  let mail: InboundMail | null = null;
  let analysis: Analysis | null = null;
  let crash: string | null = null;
  try {
    mail = await parseMail(readFileSync(path));
    analysis = analyzeMail(mail, CTX);
    if (analysis.error && !mail.parseError) crash = analysis.error;
  } catch (err) {
    crash = err instanceof Error ? err.stack ?? err.message : String(err);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { path, mail, analysis, crash, ms };
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}% (${n}/${d})` : 'n/a';
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const root = repoRoot();
  const devDir = join(root, 'test/fixtures/corpus');
  const labels = JSON.parse(readFileSync(join(devDir, 'labels.json'), 'utf8')) as DevLabel[];
  const files = readdirSync(devDir).filter((f) => f.endsWith('.eml')).sort();
  // Module loading and the PDF thread's start are once per process, not per message: pay them first.
  const warm = Date.now();
  for (const f of files.slice(0, 5)) await run(join(devDir, f));
  const warmMs = Date.now() - warm;
  const started = Date.now();
  const dev: Outcome[] = [];
  for (const f of files) dev.push(await run(join(devDir, f)));
  const d = scoreDev(dev, labels);
  console.log(`dev corpus (${files.length} messages, ${devDir})`);
  console.log(`  kind accuracy         ${pct(d.kindOk, d.n)}`);
  console.log(`  false acknowledgements ${d.falseAcks}   missed acknowledgements ${d.missedAcks}`);
  console.log(`  endorsement recall    ${pct(d.recallHit, d.recallOf)}   precision ${pct(d.precisionHit, d.precisionOf)}`);
  console.log(`  country               ${pct(d.country, d.matched)}`);
  console.log(`  website               ${pct(d.website, d.matched)}`);
  console.log(`  contact address       ${pct(d.contact, d.matched)}`);
  console.log(`  language              ${pct(d.languageOk, d.n)}`);
  console.log(`  crashes               ${d.crashes}`);
  if (verbose) for (const m of d.mismatches) console.log(`    ${m}`);

  const extDir = resolve(root, '../shared/corpus/external');
  const ext: Outcome[] = [];
  let extCount = 0;
  if (existsSync(join(extDir, 'INDEX.tsv'))) {
    const rows = readFileSync(join(extDir, 'INDEX.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.trim());
    const entries = rows.map((r) => r.split('\t')).map((c) => ({ path: c[0]!, category: c[4] ?? '' }));
    for (const e of entries) ext.push(await run(join(extDir, 'messages', e.path)));
    extCount = ext.length;
    const x = scoreExternal(ext, entries);
    console.log(`external corpus (${ext.length} messages, ${extDir})`);
    for (const [cat, s] of Object.entries(x.byCategory)) console.log(`  ${cat.padEnd(12)} ${pct(s.ok, s.n)}`);
    console.log(`  machine-mail recognition ${pct(x.machineOk, x.machineN)}`);
    console.log(`  acknowledgements      ${x.acks}`);
    console.log(`  crashes               ${x.crashes}`);
    console.log(`  kinds of the rest     ${JSON.stringify(x.otherKinds)}`);
    if (verbose) for (const m of x.mismatches) console.log(`    ${m}`);
  } else {
    console.log(`external corpus: not found at ${extDir}, skipped`);
  }
  const total = files.length + extCount;
  const secs = (Date.now() - started) / 1000;
  const times = [...dev, ...ext].map((o) => o.ms).sort((a, b) => a - b);
  const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
  if (verbose) for (const o of [...dev, ...ext].sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`    slow: ${o.ms.toFixed(1)} ms ${o.path}`);
  console.log(`throughput, first pass: ${(total / secs).toFixed(0)} messages/s (${total} messages in ${secs.toFixed(2)} s wall, one process, parse + analyse)`);
  console.log(`  per message: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms; start-up (modules, PDF thread) ${warmMs} ms`);
  // A second pass over the same files shows the steady state of a long-running worker (JIT warm,
  // lazy tables loaded); CPU time is reported too, since wall time depends on what else the machine runs.
  const paths = [...dev, ...ext].map((o) => o.path);
  const raws = paths.map((p) => readFileSync(p));
  const wall0 = Date.now();
  const cpu0 = process.cpuUsage();
  for (const raw of raws) analyzeMail(await parseMail(raw), CTX);
  const cpu = process.cpuUsage(cpu0);
  const wall = (Date.now() - wall0) / 1000;
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  console.log(`throughput, warm pass: ${(raws.length / wall).toFixed(0)} messages/s wall, ${(raws.length / cpuSecs).toFixed(0)} messages per CPU-second (files preloaded)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
