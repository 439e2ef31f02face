import { dedupeKeys, normaliseOrgName } from '../../../src/mail/dedupe';

const org = (organisation: string, country: string | null = null, website: string | null = null) => ({
  organisation,
  name: null,
  country,
  website,
});

describe('normaliseOrgName', () => {
  it.each([
    ['Brücken nach Kyjiw e.V.', 'brucken nach kyjiw'],
    ['Brücken nach Kyjiw e. V.', 'brucken nach kyjiw'],
    ['BRÜCKEN NACH KYJIW', 'brucken nach kyjiw'],
    ['Platform Vrede en Solidariteit Gent vzw', 'platform vrede en solidariteit gent'],
    ['Comité Liège asbl', 'comite liege'],
    ['Solidarity Trust Ltd', 'solidarity trust'],
    ['The Peace Network, Inc.', 'peace network'],
    ['Sindicato del Hogar (STHZ)', 'sindicato del hogar'],
    ["Workers' Forum", 'workers forum'],
    ['Stowarzyszenie Lubelska Inicjatywa', 'lubelska inicjatywa'],
  ])('%s -> %s', (name, want) => {
    expect(normaliseOrgName(name)).toBe(want);
  });

  it('keeps a name that is only a legal form rather than emptying it', () => {
    expect(normaliseOrgName('Verein')).toBe('verein');
  });

  it('is empty for nothing', () => {
    expect(normaliseOrgName(null)).toBe('');
    expect(normaliseOrgName('  ')).toBe('');
  });
});

describe('dedupeKeys', () => {
  it('gives the same name key to spelling variants of one organisation in one country', () => {
    const a = dedupeKeys(org('Brücken nach Kyjiw e.V.', 'DE'));
    const b = dedupeKeys(org('„Brücken nach Kyjiw“', 'DE'));
    expect(a.filter((k) => b.includes(k))).toHaveLength(1);
  });

  it('tells apart organisations of the same name in different countries', () => {
    const a = dedupeKeys(org('Ukraine Solidarity Campaign', 'GB'));
    const b = dedupeKeys(org('Ukraine Solidarity Campaign', 'IE'));
    expect(a.filter((k) => b.includes(k))).toEqual([]);
  });

  it('matches on the website whatever the name', () => {
    const a = dedupeKeys(org('Cork Workers Forum', 'IE', 'corksolidarity.ie'));
    const b = dedupeKeys(org('CWSF', null, 'www.corksolidarity.ie'));
    expect(a.filter((k) => b.includes(k))).toEqual(['web|corksolidarity.ie']);
  });

  it('keys an individual by name without titles, never by a website', () => {
    const keys = dedupeKeys({ organisation: null, name: 'Dr. Helen Marsh', country: 'GB', website: null });
    expect(keys).toEqual(['person|GB|helen marsh']);
  });

  it('returns no key when there is nothing to compare', () => {
    expect(dedupeKeys({ organisation: null, name: null, country: null, website: null })).toEqual([]);
  });
});
