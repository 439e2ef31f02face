/**
 * `npm run eval:confidence`: is "doubtful" honest? Every signer the core extracts from the labelled
 * corpora (dev and dev2, or each `--corpus DIR`) gets its public-field confidence (src/mail/confidence.ts);
 * a signer is wrong when it matches no labelled signer (a wrong or invented name) or its country or
 * type differs from the label. For each threshold: how many would be marked doubtful, how many of the
 * wrong ones that catches, and how many right ones it marks needlessly. The queue's threshold
 * (DOUBTFUL_CONFIDENCE) is chosen from this table.
 */
import { readFileSync } from 'node:fs';
import { publicConfidence } from '../src/mail/confidence';
import { analyzeMail } from '../src/mail/analyze';
import { parseMail } from '../src/mail/parse';
import type { ExtractedEndorsement } from '../src/mail/types';
import { DOUBTFUL_CONFIDENCE } from '../src/web/queue-model';
import { corpora, CTX, labelsOf, messagesOf, pct } from './eval-corpora';
import { labelNames, nameKey, type DevLabel } from './eval-score';

interface Scored { file: string; name: string; confidence: number; why: string; wrong: string | null }

/** Why an extracted signer is wrong against its message's labels, or null when it is right. */
function wrongness(e: ExtractedEndorsement, label: DevLabel | undefined, used: Set<number>): string | null {
  if (!label) return 'message not labelled';
  const i = label.endorsements.findIndex((l, idx) => !used.has(idx) && labelNames(l).has(nameKey(e.organisation ?? e.name)));
  if (i < 0) return label.endorsements.length ? 'name matches no labelled signer' : `not a signer (labelled ${label.kind})`;
  used.add(i);
  const l = label.endorsements[i]!;
  if ((e.country ?? '').toUpperCase() !== (l.country ?? '').toUpperCase()) return `country ${e.country}, labelled ${l.country}`;
  if (l.signerType && e.signerType !== l.signerType) return `type ${e.signerType}, labelled ${l.signerType}`;
  return null;
}

async function scoreCorpus(dir: string): Promise<Scored[]> {
  const labels = new Map(labelsOf(dir).map((l) => [l.file, l]));
  const out: Scored[] = [];
  for (const path of messagesOf(dir)) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const analysis = analyzeMail(await parseMail(readFileSync(path)), CTX);
    const used = new Set<number>();
    for (const e of analysis.endorsements) {
      const c = publicConfidence(e);
      out.push({ file, name: e.organisation ?? e.name ?? '', confidence: c.confidence, why: c.weakest.why, wrong: wrongness(e, labels.get(file), used) });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const all: Scored[] = [];
  for (const c of corpora()) {
    const scored = await scoreCorpus(c.dir);
    console.log(`${c.name}: ${scored.length} signers extracted, ${scored.filter((s) => s.wrong).length} wrong in a public field`);
    all.push(...scored);
  }
  const wrong = all.filter((s) => s.wrong);
  console.log(`\nall: ${all.length} signers, ${wrong.length} wrong (${pct(wrong.length, all.length)})`);
  console.log('threshold  doubtful            wrong caught   right marked');
  for (let t = 0.3; t <= 0.951; t += 0.05) {
    const flagged = all.filter((s) => s.confidence < t);
    const caught = flagged.filter((s) => s.wrong).length;
    const mark = Math.abs(t - DOUBTFUL_CONFIDENCE) < 1e-9 ? '  <- DOUBTFUL_CONFIDENCE' : '';
    console.log(`  < ${t.toFixed(2)}   ${pct(flagged.length, all.length).padEnd(18)}  ${`${caught}/${wrong.length}`.padEnd(13)}  ${flagged.length - caught}${mark}`);
  }
  console.log('\nwrong signers (confidence, weakest field):');
  for (const s of wrong) console.log(`  ${s.confidence.toFixed(2)}  ${s.file}: ${s.name}: ${s.wrong} [${s.why}]`);
  if (verbose) {
    console.log('\nmarked doubtful but right:');
    for (const s of all.filter((x) => !x.wrong && x.confidence < DOUBTFUL_CONFIDENCE)) console.log(`  ${s.confidence.toFixed(2)}  ${s.file}: ${s.name} [${s.why}]`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
