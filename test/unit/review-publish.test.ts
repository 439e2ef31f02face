/** The public list: approved public fields only, grouped and counted, names in the reader's language. */
import { countryName, listLanguage, publicJson, publicList } from '../../src/review/publish';
import type { EndorsementItem } from '../../src/review/types';

function item(over: Partial<EndorsementItem>): EndorsementItem {
  return {
    id: 'm1-0', status: 'approved', signerType: 'organisation', organisation: 'Acme', name: null, country: 'GB',
    website: 'acme.example', contactName: 'Jane Doe', contactEmail: 'jane@acme.example', messageId: '<1@acme.example>',
    messageKey: 'm1', receivedAt: '2026-01-01T10:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'en',
    evidence: {}, confidence: 0.9, history: [],
    ...over,
  };
}

const items = [
  item({ id: 'a', organisation: 'Kyiv Peace Forum', country: 'ua' }),
  item({ id: 'b', organisation: 'Lviv Readers', country: 'UA' }),
  item({ id: 'c', organisation: 'Berlin Choir', country: 'DE' }),
  item({ id: 'd', signerType: 'individual', organisation: null, name: 'Olena Petrenko', country: 'UA' }),
  item({ id: 'e', organisation: 'Pending Org', status: 'pending' }),
  item({ id: 'f', organisation: 'Gone Org', status: 'withdrawn' }),
  item({ id: 'g', organisation: 'Refused Org', status: 'rejected' }),
  // An individual who signed for an organisation is listed as the organisation.
  item({ id: 'h', signerType: 'individual', organisation: 'Oslo Friends', name: 'Kari', country: 'NO' }),
];

describe('publicList', () => {
  test('only approved signers count, however the caller filtered', () => {
    const list = publicList(items);
    expect(list.signatories.map((s) => s.name).sort()).toEqual(['Berlin Choir', 'Kyiv Peace Forum', 'Lviv Readers', 'Olena Petrenko', 'Oslo Friends']);
    expect(list.total).toBe(5);
    expect(list.organisations.count).toBe(4);
    expect(list.individuals.count).toBe(1);
    expect(list.countries).toBe(3);
  });

  test('a withdrawal request is never on the list, even approved, nor in a preview of every status', () => {
    const withRequest = [...items, item({ id: 'w', organisation: 'Asked To Leave', kind: 'withdrawal' })];
    expect(publicList(withRequest).total).toBe(5);
    // The preview (export --status all) shows every status given, but not the request.
    expect(publicList(withRequest, { anyStatus: true }).total).toBe(8);
  });

  test('groups by country with counts, codes upper-cased, names sorted', () => {
    const ua = publicList(items).organisations.countries.find((g) => g.code === 'UA')!;
    expect(ua).toEqual({ code: 'UA', name: 'Ukraine', names: ['Kyiv Peace Forum', 'Lviv Readers'] });
  });

  test('country names and their order follow the language', () => {
    const uk = publicList(items, { language: 'uk' }).organisations.countries.map((g) => g.name);
    expect(uk).toEqual([countryName('NO', 'uk'), countryName('DE', 'uk'), countryName('UA', 'uk')].sort(new Intl.Collator('uk').compare));
    expect(countryName('DE', 'uk')).toBe('Німеччина');
  });

  test('a malformed language falls back to English instead of failing the public page', () => {
    expect(listLanguage('not a language!!')).toBe('en');
    expect(listLanguage(undefined)).toBe('en');
    expect(listLanguage('DE-at')).toBe('de-AT');
  });
});

describe('publicJson', () => {
  test('totals, counts by country and public fields only', () => {
    const json = publicJson(publicList(items)) as Record<string, unknown>;
    expect(json).toMatchObject({ language: 'en', total: 5, organisations: 4, individuals: 1, countries: 3, byCountry: { UA: 3, DE: 1, NO: 1 } });
    const text = JSON.stringify(json);
    for (const secret of ['jane@acme.example', 'acme.example', 'Jane Doe', 'Pending Org', 'Gone Org', 'Refused Org', 'Kari']) expect(text).not.toContain(secret);
    expect((json.signatories as object[])[0]).toEqual({ name: 'Berlin Choir', type: 'organisation', country: 'DE', countryName: 'Germany' });
  });
});
