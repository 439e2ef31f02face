/**
 * The extractor over the dev corpus: parse + split + extract for every endorsement and withdrawal,
 * compared to labels.json. Thresholds are the project's targets for unseen mail, not the dev score,
 * so the rules are not pushed to fit single messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractEndorsements } from '../../../src/mail/extract';
import { parseMail } from '../../../src/mail/parse';
import { splitMessage } from '../../../src/mail/text';
import type { ExtractInput, ExtractedEndorsement, Kind } from '../../../src/mail/types';

interface LabelEntry {
  signerType: string;
  organisation: string | null;
  name: string | null;
  country: string | null;
  website: string | null;
  contactName: string | null;
  contactEmail: string;
  aliases?: string[];
}
interface Label {
  file: string;
  kind: Kind;
  language: string;
  endorsements: LabelEntry[];
}

const dir = join(__dirname, '../../fixtures/corpus');
const labels = (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[]).filter(
  (l) => l.kind === 'endorsement' || l.kind === 'withdrawal',
);
const norm = (s: string | null | undefined) => (s ?? '').normalize('NFC').trim().toLowerCase();

async function extractFile(l: Label): Promise<ExtractedEndorsement[]> {
  const mail = await parseMail(readFileSync(join(dir, l.file)));
  const split = splitMessage(mail.text, { subject: mail.subject });
  let forwarded: ExtractInput['forwarded'] = split.forwarded;
  // A forward as an attached message/rfc822: its sender and text are the original.
  const att = mail.attachments.find((a) => a.message && a.message.text.trim());
  if (!forwarded && att?.message) forwarded = { from: att.message.replyTo ?? att.message.from, text: att.message.text };
  const attachmentText = mail.attachments.map((a) => a.text ?? '').filter((t) => t.trim()).join('\n\n');
  return extractEndorsements({ mail, kind: l.kind, language: l.language, body: split.body, signature: split.signature, forwarded, attachmentText });
}

describe('extractEndorsements over the dev corpus', () => {
  const fields = ['signerType', 'country', 'website', 'contactName', 'contactEmail'] as const;
  const tally = { expected: 0, found: 0, extra: 0, field: Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number> };
  const misses: string[] = [];

  beforeAll(async () => {
    for (const l of labels) {
      const got = await extractFile(l);
      const used = new Set<number>();
      for (const want of l.endorsements) {
        tally.expected++;
        const names = [want.organisation ?? want.name, ...(want.aliases ?? [])].map(norm);
        const i = got.findIndex((g, k) => !used.has(k) && names.includes(norm(g.organisation ?? g.name)));
        if (i < 0) {
          misses.push(`${l.file}: missed ${want.organisation ?? want.name}`);
          continue;
        }
        used.add(i);
        tally.found++;
        for (const f of fields) {
          if (norm(got[i]![f]) === norm(want[f])) tally.field[f]++;
          else misses.push(`${l.file}: ${f} ${JSON.stringify(got[i]![f])} != ${JSON.stringify(want[f])}`);
        }
      }
      tally.extra += got.length - used.size;
    }
  });

  it('covers all 36 endorsements and withdrawals', () => {
    expect(labels).toHaveLength(36);
  });

  it('finds at least 90% of the signers, with at least 90% precision', () => {
    // On failure, the list of misses is the message.
    expect(tally.found / tally.expected >= 0.9 ? 'ok' : misses.join('\n')).toBe('ok');
    expect(tally.found / (tally.found + tally.extra)).toBeGreaterThanOrEqual(0.9);
  });

  it('gets country and website right for at least 90% of the signers found', () => {
    expect(tally.field.country / tally.found).toBeGreaterThanOrEqual(0.9);
    expect(tally.field.website / tally.found).toBeGreaterThanOrEqual(0.9);
    expect(tally.field.signerType / tally.found).toBeGreaterThanOrEqual(0.95);
  });

  it('gets the contact address right for at least 98% and the contact name for at least 85%', () => {
    expect(tally.field.contactEmail / tally.found).toBeGreaterThanOrEqual(0.98);
    expect(tally.field.contactName / tally.found).toBeGreaterThanOrEqual(0.85);
  });

  it('gives every field it fills evidence with a confidence between 0 and 1', async () => {
    for (const l of labels.slice(0, 12)) {
      for (const e of await extractFile(l)) {
        for (const ev of Object.values(e.evidence)) {
          expect(ev!.confidence).toBeGreaterThanOrEqual(0);
          expect(ev!.confidence).toBeLessThanOrEqual(1);
        }
        expect(e.evidence.contactEmail).toBeDefined();
        expect(e.evidence.country).toBeDefined();
      }
    }
  });
});
