import { nameKey, scoreDev, scoreExternal, type DevLabel, type Outcome } from '../../../scripts/eval-score';
import type { Analysis, ExtractedEndorsement } from '../../../src/mail/types';

const org = (organisation: string, extra: Partial<ExtractedEndorsement> = {}): ExtractedEndorsement => ({
  signerType: 'organisation', organisation, name: null, country: 'DE', website: 'x.de', contactName: null, contactEmail: 'a@x.de', evidence: {}, ...extra,
});
const outcome = (path: string, a: Partial<Analysis>): Outcome => ({
  path, mail: null, crash: null, ms: 1,
  analysis: { kind: 'endorsement', acknowledge: true, language: 'de', endorsements: [], reasons: ['r'], notes: [], ...a },
});
const label = (file: string, l: Partial<DevLabel>): DevLabel => ({ file, kind: 'endorsement', acknowledge: true, language: 'de', endorsements: [], ...l });

describe('eval scoring', () => {
  it('matches names case-, quote- and space-insensitively, and through aliases', () => {
    expect(nameKey('  „Brücken nach Kyjiw“  e.V. ')).toBe('brücken nach kyjiw e.v');
    const labels = [label('1.eml', { endorsements: [{ ...org('Arbeitskreis Internationalismus'), aliases: ['AK Internationalismus'] }] })];
    const s = scoreDev([outcome('/c/1.eml', { endorsements: [org('ak internationalismus')] })], labels);
    expect([s.recallHit, s.recallOf, s.precisionHit, s.precisionOf]).toEqual([1, 1, 1, 1]);
    expect([s.country, s.website, s.contact]).toEqual([1, 1, 1]);
  });

  it('counts false and missed acknowledgements and extra endorsements', () => {
    const labels = [label('1.eml', { kind: 'question', acknowledge: false }), label('2.eml', { endorsements: [org('A')] })];
    const s = scoreDev([outcome('/c/1.eml', { endorsements: [org('B')] }), outcome('/c/2.eml', { acknowledge: false, endorsements: [org('A', { country: null })] })], labels);
    expect(s.falseAcks).toBe(1);
    expect(s.missedAcks).toBe(1);
    expect(s.kindOk).toBe(1);
    expect([s.precisionHit, s.precisionOf]).toEqual([1, 2]);
    expect(s.country).toBe(0);
  });

  it('scores external machine mail by category and counts acknowledgements and crashes', () => {
    const entries = [{ path: 'a', category: 'bounce' }, { path: 'b', category: 'list' }, { path: 'c', category: 'normal' }, { path: 'd', category: 'auto_reply' }];
    const outs = [outcome('a', { kind: 'bounce', acknowledge: false }), outcome('b', { kind: 'question', acknowledge: false }), outcome('c', { kind: 'endorsement', acknowledge: true }), { ...outcome('d', {}), analysis: null, crash: 'boom' }];
    const s = scoreExternal(outs, entries);
    expect([s.machineOk, s.machineN]).toEqual([1, 3]);
    expect(s.acks).toBe(1);
    expect(s.crashes).toBe(1);
    expect(s.otherKinds).toEqual({ endorsement: 1 });
  });
});
