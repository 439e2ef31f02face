import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeMail } from '../../../src/mail/analyze';
import { parseMail } from '../../../src/mail/parse';
import type { Analysis } from '../../../src/mail/types';

interface Label {
  file: string;
  kind: string;
  acknowledge: boolean;
  language: string;
}

const dir = join(__dirname, '../../fixtures/corpus');
const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Label[];
const CTX = { ownAddresses: ['info@ukraine-solidarity.eu'], ownDomains: ['ukraine-solidarity.eu'] };
const results = new Map<string, Analysis>();

beforeAll(async () => {
  for (const l of labels) results.set(l.file, analyzeMail(await parseMail(readFileSync(join(dir, l.file))), CTX));
});

describe('dev corpus (labels.json)', () => {
  it.each(labels.map((l) => [l.file, l] as const))('%s: acknowledges exactly when the label says so', (_f, label) => {
    expect(results.get(label.file)!.acknowledge).toBe(label.acknowledge);
  });

  it.each(labels.filter((l) => ['bounce', 'auto_reply', 'bulk'].includes(l.kind)).map((l) => [l.file, l] as const))(
    '%s: machine mail gets its kind',
    (_f, label) => {
      expect(results.get(label.file)!.kind).toBe(label.kind);
    },
  );

  it('gets at least 95% of kinds right', () => {
    const ok = labels.filter((l) => results.get(l.file)!.kind === l.kind).length;
    expect(ok / labels.length).toBeGreaterThanOrEqual(0.95);
  });

  it('gets at least 90% of languages right', () => {
    const ok = labels.filter((l) => results.get(l.file)!.language === l.language).length;
    expect(ok / labels.length).toBeGreaterThanOrEqual(0.9);
  });

  it('gives every decision a reason', () => {
    for (const l of labels) expect(results.get(l.file)!.reasons.length).toBeGreaterThan(0);
  });
});
