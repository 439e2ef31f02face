/**
 * Extraction measured on its own: for each labelled endorsement and withdrawal of the corpora, the
 * extractor runs with the LABELLED kind, so a wrong kind decision does not hide (or excuse) a wrong
 * signer. Scored with `scoreDev`, the same matching as `npm run eval`. `--verbose` lists mismatches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentText, forwardedOf } from '../src/mail/analyze';
import { extractEndorsements } from '../src/mail/extract';
import { parseMail } from '../src/mail/parse';
import { splitMessage } from '../src/mail/text';
import type { Kind } from '../src/mail/types';
import { corpora, labelsOf, messagesDir, pct } from './eval-corpora';
import { scoreDev, type DevLabel, type Outcome } from './eval-score';

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
  const labels = labelsOf(dir).filter((l) => l.kind === 'endorsement' || l.kind === 'withdrawal');
  const outcomes: Outcome[] = [];
  const base = messagesDir(dir);
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
  for (const { name, dir } of corpora()) await scoreCorpus(name, dir, verbose);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
