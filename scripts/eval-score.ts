/**
 * Scoring for scripts/eval.ts, kept pure so the arithmetic can be read (and tested) apart from file
 * handling: dev-corpus accuracy against labels.json, external-corpus machine-mail recognition.
 */
import type { Analysis, ExtractedEndorsement, InboundMail, PublicEndorsement } from '../src/mail/types';

export interface Outcome {
  path: string;
  mail: InboundMail | null;
  analysis: Analysis | null;
  crash: string | null;
  ms: number;
}

export type LabelEndorsement = PublicEndorsement & { aliases?: string[] };

export interface DevLabel {
  file: string;
  kind: string;
  acknowledge: boolean;
  language: string;
  endorsements: LabelEndorsement[];
}

/** Case-, space- and quote-insensitive form of a name, for matching. */
export function nameKey(s: string | null | undefined): string {
  return (s ?? '')
    .toLowerCase()
    .normalize('NFC')
    .replace(/[’‘`´]/g, "'")
    .replace(/["“”„«»]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:-]+|[\s.,;:-]+$/g, '')
    .trim();
}

export function labelNames(l: LabelEndorsement): Set<string> {
  return new Set([l.organisation, l.name, ...(l.aliases ?? [])].map(nameKey).filter(Boolean));
}

function fileOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface LanguageScore {
  n: number;
  kindOk: number;
  expected: number;
  found: number;
  extracted: number;
}

export function scoreDev(outcomes: Outcome[], labels: DevLabel[]) {
  const byFile = new Map(labels.map((l) => [l.file, l]));
  const s = {
    n: 0, kindOk: 0, falseAcks: 0, missedAcks: 0, recallHit: 0, recallOf: 0, precisionHit: 0, precisionOf: 0, matched: 0, country: 0, website: 0, contact: 0, languageOk: 0, crashes: 0,
    mismatches: [] as string[],
    /** confusion[expected][got] = count. */
    confusion: {} as Record<string, Record<string, number>>,
    /** Per labelled language: messages, kinds right, expected signers, signers found, signers extracted. */
    byLanguage: {} as Record<string, LanguageScore>,
    falseAckFiles: [] as string[],
    missedAckFiles: [] as string[],
  };
  for (const o of outcomes) {
    const file = fileOf(o.path);
    const label = byFile.get(file);
    if (!label) continue;
    s.n++;
    if (o.crash || !o.analysis) {
      s.crashes++;
      s.mismatches.push(`${file}: CRASH ${o.crash}`);
      continue;
    }
    const a = o.analysis;
    const lang = (s.byLanguage[label.language] ??= { n: 0, kindOk: 0, expected: 0, found: 0, extracted: 0 });
    lang.n++;
    lang.expected += label.endorsements.length;
    lang.extracted += a.endorsements.length;
    const row = (s.confusion[label.kind] ??= {});
    row[a.kind] = (row[a.kind] ?? 0) + 1;
    if (a.kind === label.kind) lang.kindOk++;
    if (a.kind === label.kind) s.kindOk++;
    else s.mismatches.push(`${file}: kind ${a.kind}, expected ${label.kind} [${a.reasons.join(' | ')}]`);
    if (a.acknowledge && !label.acknowledge) {
      s.falseAcks++;
      s.falseAckFiles.push(file);
    }
    if (!a.acknowledge && label.acknowledge) {
      s.missedAcks++;
      s.missedAckFiles.push(file);
      if (a.kind === label.kind) s.mismatches.push(`${file}: acknowledgement missed [${a.reasons.join(' | ')}]`);
    }
    if (a.language === label.language) s.languageOk++;
    else s.mismatches.push(`${file}: language ${a.language}, expected ${label.language}`);
    s.recallOf += label.endorsements.length;
    s.precisionOf += a.endorsements.length;
    const used = new Set<number>();
    for (const l of label.endorsements) {
      const names = labelNames(l);
      const i = a.endorsements.findIndex((p, idx) => !used.has(idx) && names.has(nameKey(p.organisation ?? p.name)));
      if (i < 0) {
        s.mismatches.push(`${file}: endorsement not found: ${l.organisation ?? l.name} (got ${a.endorsements.map((e) => e.organisation ?? e.name).join('; ') || 'none'})`);
        continue;
      }
      used.add(i);
      lang.found++;
      s.recallHit++;
      s.precisionHit++;
      s.matched++;
      fieldCheck(s, file, l, a.endorsements[i]!);
    }
    a.endorsements.forEach((p, idx) => {
      if (!used.has(idx)) s.mismatches.push(`${file}: extra endorsement: ${p.organisation ?? p.name}`);
    });
  }
  return s;
}

function fieldCheck(s: { country: number; website: number; contact: number; mismatches: string[] }, file: string, l: LabelEndorsement, p: ExtractedEndorsement): void {
  const eq = (x: string | null, y: string | null) => (x ?? '').toLowerCase() === (y ?? '').toLowerCase();
  if (eq(p.country, l.country)) s.country++;
  else s.mismatches.push(`${file}: country ${p.country}, expected ${l.country}`);
  if (eq(p.website, l.website)) s.website++;
  else s.mismatches.push(`${file}: website ${p.website}, expected ${l.website}`);
  if (eq(p.contactEmail, l.contactEmail)) s.contact++;
  else s.mismatches.push(`${file}: contact ${p.contactEmail}, expected ${l.contactEmail}`);
}

/** What the external corpus's categories must become; others only must not be acknowledged. */
const EXPECTED: Record<string, string> = { bounce: 'bounce', auto_reply: 'auto_reply', list: 'bulk' };

export function scoreExternal(outcomes: Outcome[], entries: Array<{ path: string; category: string }>) {
  const s = { machineOk: 0, machineN: 0, acks: 0, crashes: 0, byCategory: {} as Record<string, { ok: number; n: number }>, otherKinds: {} as Record<string, number>, mismatches: [] as string[] };
  outcomes.forEach((o, i) => {
    const { path, category } = entries[i]!;
    const want = EXPECTED[category];
    const c = want ? (s.byCategory[category] ??= { ok: 0, n: 0 }) : null;
    if (c) {
      c.n++;
      s.machineN++;
    }
    // A crash counts against recognition too.
    if (o.crash || !o.analysis) {
      s.crashes++;
      s.mismatches.push(`${path}: CRASH ${o.crash}`);
      return;
    }
    if (o.analysis.acknowledge) {
      s.acks++;
      s.mismatches.push(`${path}: ACKNOWLEDGED (${category}) [${o.analysis.reasons.join(' | ')}]`);
    }
    if (!c) {
      s.otherKinds[o.analysis.kind] = (s.otherKinds[o.analysis.kind] ?? 0) + 1;
      return;
    }
    if (o.analysis.kind === want) {
      c.ok++;
      s.machineOk++;
    } else {
      s.mismatches.push(`${path}: ${category} read as ${o.analysis.kind} [${o.analysis.reasons.join(' | ')}] subject=${JSON.stringify(o.mail?.subject ?? '').slice(0, 80)}`);
    }
  });
  return s;
}
