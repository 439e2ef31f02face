/**
 * The dashboard's figures (review/campaign-stats.ts): days in a time zone across midnight and
 * daylight-saving changes, gaps filled, countries sorted with "other" and "not given", the funnel,
 * replies by type, and the published count agreeing with the public list itself.
 */
import { KINDS, type Kind } from '../../src/mail/types';
import { campaignStats, countryRows, dayFormatter, daySeries, isTimeZone, publishedCount, type StatsInput } from '../../src/review/campaign-stats';
import { publicList } from '../../src/review/publish';
import type { EndorsementItem } from '../../src/review/types';

type Item = StatsInput['items'][number];
const it = (receivedAt: string, over: Partial<Item> = {}): Item => ({
  kind: 'endorsement', status: 'pending', receivedAt, country: 'GB', signerType: 'organisation', organisation: 'Org', name: null, ...over,
});
const noKinds = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
const input = (items: Item[], over: Partial<StatsInput> = {}): StatsInput => ({ kinds: noKinds, acknowledgements: {}, items, written: { 'needs-information': {}, answer: {} }, ...over });

describe('days', () => {
  test('UTC days are the ISO date; a time zone moves items across midnight', () => {
    // 23:30 UTC on 1 March is already 2 March in Kyiv (UTC+2) and still 1 March in New York.
    const ms = Date.parse('2026-03-01T23:30:00Z');
    expect(dayFormatter('UTC')(ms)).toBe('2026-03-01');
    expect(dayFormatter('Europe/Kyiv')(ms)).toBe('2026-03-02');
    expect(dayFormatter('America/New_York')(ms)).toBe('2026-03-01');
    // 03:00 UTC on 2 March is still 1 March in New York (UTC-5).
    expect(dayFormatter('America/New_York')(Date.parse('2026-03-02T03:00:00Z'))).toBe('2026-03-01');
    // Quarter-hour zones: Nepal is UTC+5:45, so 18:14 UTC is 23:59 and 18:15 UTC is midnight.
    const np = dayFormatter('Asia/Kathmandu');
    expect(np(Date.parse('2026-03-01T18:14:59Z'))).toBe('2026-03-01');
    expect(np(Date.parse('2026-03-01T18:15:00Z'))).toBe('2026-03-02');
  });

  test('days around a daylight-saving change follow the local midnight', () => {
    // Berlin moves to summer time on 29 March 2026: midnight is 23:00 UTC before, 22:00 UTC after.
    const f = dayFormatter('Europe/Berlin');
    expect(f(Date.parse('2026-03-28T22:59:00Z'))).toBe('2026-03-28');
    expect(f(Date.parse('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(f(Date.parse('2026-03-29T21:59:00Z'))).toBe('2026-03-29');
    expect(f(Date.parse('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });

  test('the series fills days without endorsements and counts approved among each day\'s received', () => {
    const s = campaignStats(input([
      it('2026-01-01T10:00:00Z', { status: 'approved' }), it('2026-01-01T23:59:59Z'), it('2026-01-04T00:00:00Z', { status: 'approved' }),
    ]));
    expect(s.days).toEqual([
      { day: '2026-01-01', received: 2, approved: 1 }, { day: '2026-01-02', received: 0, approved: 0 },
      { day: '2026-01-03', received: 0, approved: 0 }, { day: '2026-01-04', received: 1, approved: 1 },
    ]);
    expect(s.earlier).toBeNull();
  });

  test('the same items in Kyiv: the 23:59 UTC one lands on the next day', () => {
    const s = campaignStats(input([it('2026-01-01T10:00:00Z'), it('2026-01-01T23:59:59Z')]), { timeZone: 'Europe/Kyiv' });
    expect(s.days).toEqual([{ day: '2026-01-01', received: 1, approved: 0 }, { day: '2026-01-02', received: 1, approved: 0 }]);
    expect(s.timeZone).toBe('Europe/Kyiv');
  });

  test('a time written with an offset is counted on its day in the chosen zone, not by its text', () => {
    // 00:30 at UTC+1 on 2 March is 23:30 UTC on 1 March.
    const s = campaignStats(input([it('2026-03-02T00:30:00+01:00'), it('2026-03-02T00:30:00Z'), it('not a time')]));
    expect(s.days).toEqual([{ day: '2026-03-01', received: 1, approved: 0 }, { day: '2026-03-02', received: 1, approved: 0 }]);
    expect(s.totals.received).toBe(3);
  });

  test('more days than shown: the oldest are summed', () => {
    const byDay = new Map([['2026-01-01', { received: 3, approved: 1 }], ['2026-01-02', { received: 2, approved: 2 }], ['2026-01-05', { received: 1, approved: 0 }]]);
    const s = daySeries(byDay, 3);
    expect(s.days.map((d) => d.day)).toEqual(['2026-01-03', '2026-01-04', '2026-01-05']);
    expect(s.earlier).toEqual({ before: '2026-01-03', received: 5, approved: 3 });
  });

  test('month and year ends are crossed as calendar days', () => {
    const s = campaignStats(input([it('2025-12-30T12:00:00Z'), it('2026-01-01T12:00:00Z')]));
    expect(s.days.map((d) => d.day)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01']);
  });

  test('time zone names are checked', () => {
    expect(isTimeZone('Europe/Kyiv')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => campaignStats(input([]), { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('countries', () => {
  test('largest first, ties by approved then name, the rest as other, no country last', () => {
    const counts = new Map<string | null, { received: number; approved: number }>([
      ['FR', { received: 5, approved: 1 }], ['DE', { received: 5, approved: 3 }], ['AT', { received: 2, approved: 0 }],
      ['BE', { received: 2, approved: 0 }], ['UA', { received: 9, approved: 9 }], ['PL', { received: 1, approved: 1 }], [null, { received: 4, approved: 0 }],
    ]);
    const rows = countryRows(counts, 4);
    expect(rows.map((r) => [r.code, r.received, r.approved])).toEqual([
      ['UA', 9, 9], ['DE', 5, 3], ['FR', 5, 1], ['AT', 2, 0], ['other', 3, 1], ['none', 4, 0],
    ]);
    expect(rows.map((r) => r.label)).toEqual(['Ukraine', 'Germany', 'France', 'Austria', 'Other countries (2)', 'Country not given']);
  });

  test('no "other" row when every country fits; codes are compared in upper case', () => {
    const s = campaignStats(input([it('2026-01-01T00:00:00Z', { country: 'gb' }), it('2026-01-01T00:00:00Z', { country: 'GB', status: 'approved' }), it('2026-01-01T00:00:00Z', { country: null })]));
    expect(s.countries).toEqual([
      { code: 'GB', label: 'United Kingdom', received: 2, approved: 1 },
      { code: 'none', label: 'Country not given', received: 1, approved: 0 },
    ]);
  });
});

describe('totals, funnel and replies', () => {
  const items: Item[] = [
    it('2026-01-01T00:00:00Z', { status: 'approved', organisation: 'Alpha', reply: 'sent' }),
    it('2026-01-01T01:00:00Z', { status: 'approved', organisation: ' alpha ', reply: 'suppressed' }), // the same entry on the list
    it('2026-01-01T02:00:00Z', { status: 'approved', organisation: 'Beta', country: 'DE', reply: 'failed' }),
    it('2026-01-01T03:00:00Z', { status: 'rejected', organisation: 'Gamma' }),
    it('2026-01-01T04:00:00Z', { status: 'withdrawn', organisation: 'Delta', reply: 'sent' }),
    it('2026-01-01T05:00:00Z', { kind: 'withdrawal', status: 'withdrawn', organisation: 'Delta', reply: 'queued' }),
    it('2026-01-01T06:00:00Z', { status: 'pending', organisation: 'Epsilon' }),
  ];
  const kinds = { ...noKinds, endorsement: 6, withdrawal: 1, spam: 3, question: 2 };
  const s = campaignStats(input(items, {
    kinds, acknowledgements: { sent: 2, suppressed: 1, none: 1, failed: 1, queued: 1 },
    written: { answer: { sent: 1 }, 'needs-information': { failed: 1, sent: 1 } },
  }));

  test('a withdrawal request is no endorsement; each status is counted', () => {
    expect(s.totals).toEqual({ received: 6, approved: 3, pending: 1, rejected: 1, withdrawn: 1 });
    expect(s.days).toEqual([{ day: '2026-01-01', received: 6, approved: 3 }]);
  });

  test('funnel: mail, endorsement mail, signers, approved, published', () => {
    expect(s.funnel.map((f) => [f.step, f.count])).toEqual([['mail', 12], ['endorsement-mail', 6], ['signers', 6], ['approved', 3], ['published', 2]]);
    expect(s.kinds.find((k) => k.kind === 'spam')).toEqual({ kind: 'spam', count: 3 });
  });

  test('replies by type: acknowledgements from messages, confirmations and withdrawal notes from items, questions and answers', () => {
    const r = Object.fromEntries(s.replies.map((x) => [x.type, x.counts]));
    expect(r).toEqual({
      acknowledgement: { sent: 2, suppressed: 1, failed: 1, queued: 1 },
      confirmation: { sent: 1, suppressed: 1, failed: 1, queued: 0 },
      withdrawal: { sent: 1, suppressed: 0, failed: 0, queued: 1 },
      'needs-information': { sent: 1, suppressed: 0, failed: 1, queued: 0 },
      answer: { sent: 1, suppressed: 0, failed: 0, queued: 0 },
    });
  });
});

test('the published count is the public list\'s total', () => {
  const names = ['Alpha', 'alpha', 'ALPHA  ', 'Beta', '', 'Gamma Group', 'gamma  group'];
  const items: EndorsementItem[] = [];
  for (let i = 0; i < 200; i++) {
    items.push({
      id: `k${i}-0`, messageKey: `k${i}`, messageId: null, receivedAt: '2026-01-01T00:00:00Z', duplicateOf: null, language: 'en', evidence: {}, confidence: 1, history: [],
      website: null, contactName: null, contactEmail: null,
      kind: i % 17 === 0 ? 'withdrawal' : 'endorsement',
      status: (['approved', 'approved', 'pending', 'rejected', 'withdrawn'] as const)[i % 5]!,
      signerType: i % 3 === 0 ? 'individual' : 'organisation',
      organisation: i % 6 === 0 ? null : names[i % names.length]!,
      name: i % 4 === 0 ? names[(i + 1) % names.length]! : null,
      country: [null, 'GB', 'gb', 'DE'][i % 4]!,
    });
  }
  const expected = publicList(items).total;
  expect(expected).toBeGreaterThan(3);
  expect(publishedCount(items)).toBe(expected);
});
