/**
 * Extraction measured on its own: for each labelled endorsement and withdrawal of the corpora, the
 * extractor runs with the LABELLED kind, so a wrong kind decision does not hide (or excuse) a wrong
 * signer. Scored with `scoreDev`, the same matching as `npm run eval`. `--verbose` lists mismatches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { attachmentText, forwardedOf } from '../src/mail/analyze';
import { extractEndorsements } from '../src/mail/extract';
import { parseMail } from '../src/mail/parse';
import { splitMessage } from '../src/mail/text';
import type { Kind } from '../src/mail/types';
import { scoreDev, type DevLabel, type Outcome } from './eval-score';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}% (${n}/${d})` : 'n/a');

async function outcomeOf(path: string, label: DevLabel): Promise<Outcome> {
  const mail = await parseMail(readFileSync(path));
  const split = splitMessage(mail.text, { subject: mail.subject });
  const fwd = forwardedOf(mail, split);
  const kind = label.kind as Kind;
  const endorsements = extractEndorsements({
    mail, kind, language: label.language, body: split.body, signature: split.signature, forwarded: fwd, attachmentText: attachmentText(mail),
  });
  const analysis = { kind, acknowledge: label.acknowledge, language: label.language, endorsements, reasons: [], notes: [] };
  return { path, mail, analysis, crash: null, ms: 0 };
}

async function scoreCorpus(name: string, dir: string, verbose: boolean): Promise<void> {
  const labels = (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as DevLabel[]).filter((l) => l.kind === 'endorsement' || l.kind === 'withdrawal');
  const outcomes: Outcome[] = [];
  const base = existsSync(join(dir, 'messages')) ? join(dir, 'messages') : dir;
  for (const l of labels) outcomes.push(await outcomeOf(join(base, l.file), l));
  const d = scoreDev(outcomes, labels);
  console.log(`${name}: ${d.n} endorsements and withdrawals, extracted with their labelled kind (${dir})`);
  console.log(`  signer recall    ${pct(d.recallHit, d.recallOf)}   precision ${pct(d.precisionHit, d.precisionOf)}`);
  console.log(`  country          ${pct(d.country, d.recallOf)}   (of signers found: ${pct(d.country, d.matched)})`);
  console.log(`  website          ${pct(d.website, d.recallOf)}   (of signers found: ${pct(d.website, d.matched)})`);
  console.log(`  contact address  ${pct(d.contact, d.recallOf)}   (of signers found: ${pct(d.contact, d.matched)})`);
  // Kind and language are given, not decided: only the extraction's own mismatches are listed.
  if (verbose) for (const m of d.mismatches.filter((x) => !/: (?:kind|language|acknowledgement) /.test(x))) console.log(`    ${m}`);
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const root = repoRoot();
  const dirs: Array<[string, string]> = [];
  process.argv.forEach((a, i) => {
    if (a === '--corpus' && process.argv[i + 1]) dirs.push([process.argv[i + 1]!, resolve(process.argv[i + 1]!)]);
  });
  if (!dirs.length) dirs.push(['dev', join(root, 'test/fixtures/corpus')], ['dev2', join(root, 'test/fixtures/corpus-dev2')]);
  for (const [name, dir] of dirs) await scoreCorpus(name, dir, verbose);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
