import { countryFromDomain, findPlaces, placeOf } from '../../../src/mail/country';

const codes = (text: string) => findPlaces(text).filter((h) => h.kind !== 'demonym').map((h) => h.code);

describe('findPlaces: country names in our senders languages', () => {
  it.each([
    ['We are based in Germany.', 'DE'],
    ['Nous sommes une association de Belgique.', 'BE'],
    ['Saludos desde Argentina.', 'AR'],
    ['Un saluto dall’Italia, siamo in Italia', 'IT'],
    ['Sindicato de Portugal', 'PT'],
    ['Jsme spolek z Česka', 'CZ'],
    ['Stowarzyszenie, Polska', 'PL'],
    ['Ми з України', 'UA'],
    ['Мы живём в Грузии', 'GE'],
    ['Мы — эмігранты ў Польшчы', 'PL'],
    ['Ukrainakomiteen (Norge)', 'NO'],
    ['Vi finns i Sverige', 'SE'],
    ['Wij zijn uit Nederland', 'NL'],
    ['Από την Ελλάδα', 'GR'],
    ['İzmir, Türkiye', 'TR'],
    ['Schottland', 'GB'],
  ])('%s -> %s', (text, code) => {
    expect(codes(text)).toContain(code);
  });

  it('finds major cities, also in inflected Slavic and Greek forms', () => {
    expect(codes('Kyiv')).toEqual(['UA']);
    expect(codes('у Варшаве')).toEqual(['PL']);
    expect(codes('στη Θεσσαλονίκη')).toEqual(['GR']);
    expect(codes('Σωματείο Θεσσαλονίκης')).toEqual(['GR']);
    expect(codes('8020 Graz')).toEqual(['AT']);
    expect(codes('本日は大阪で集会')).toEqual(['JP']);
  });

  it('prefers the longest name: "Northern Ireland" is one place, not "Ireland"', () => {
    expect(codes('Belfast, Northern Ireland')).toEqual(['GB', 'GB']);
  });

  it('ignores lower-case words that happen to be place names, and pronouns that look like codes', () => {
    expect(codes('a nice split of the bergen')).toEqual([]);
    expect(codes('please sign us up, US')).toEqual([]);
    expect(codes('We are a union in the UK')).toEqual(['GB']);
  });

  it('reports demonyms separately so callers can weigh them', () => {
    const hits = findPlaces('Ogólnopolski Związek');
    expect(hits).toEqual([expect.objectContaining({ code: 'PL', kind: 'demonym' })]);
  });

  it('gives spans that point at the text', () => {
    const text = 'Greetings from Vilnius!';
    const [h] = findPlaces(text);
    expect(text.slice(h!.start, h!.end)).toBe('Vilnius');
  });

  it('stays fast and finite on hostile input', () => {
    const long = 'Aaaa '.repeat(20_000) + '\n'.repeat(10_000) + 'ÄÖÜ-'.repeat(25_000);
    const t0 = Date.now();
    findPlaces(long);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('placeOf: a phrase that is only a place', () => {
  it.each([
    ['(Sverige)', 'SE'],
    ['İzmir, Türkiye', 'TR'],
    ['м. Полтава, Україна', 'UA'],
    ['Lublin, Polska', 'PL'],
    ['8020 Graz', 'AT'],
    ['Belgique', 'BE'],
    // Country names in scripts of their own, and cities as their own people write them.
    ['नई दिल्ली, भारत', 'IN'],
    ['ירושלים, ישראל', 'IL'],
    ['القاهرة، مصر', 'EG'],
    ['대한민국', 'KR'],
    ['Երևան, Հայաստան', 'AM'],
    ['বাংলাদেশ', 'BD'],
    ['Caerdydd', 'GB'],
    ['Tiranë, Shqipëri', 'AL'],
    ['Hà Nội', 'VN'],
    ['Baile Átha Cliath, Éire', 'IE'],
    ['Il-Belt Valletta', 'MT'],
  ])('%s -> %s', (phrase, code) => {
    expect(placeOf(phrase)?.code).toBe(code);
  });

  it('is null when the phrase says more than a place', () => {
    expect(placeOf('Paix pour la Belgique et le monde')).toBeNull();
    expect(placeOf('Senior Lecturer')).toBeNull();
    expect(placeOf('USRE 38')).toBeNull();
    // Devanagari words are letters and vowel signs (marks): an organisation's name before the city stays "more".
    expect(placeOf('शांति मंच भारत, दिल्ली')).toBeNull();
    expect(placeOf('ประเทศไทย สันติภาพ')).toBeNull();
  });
});

describe('countryFromDomain: the ccTLD as a weak signal', () => {
  it.each([
    ['svitanok-osvita.org.ua', 'UA'],
    ['eastbridge.ac.uk', 'GB'],
    ['albaecosocialists.scot', 'GB'],
    ['xarxa.cat', 'ES'],
    ['kultur.eus', 'ES'],
    ['cymdeithas.wales', 'GB'],
    ['pusp.org.br', 'BR'],
    ['example.de', 'DE'],
  ])('%s -> %s', (domain, code) => {
    expect(countryFromDomain(domain)).toBe(code);
  });

  it.each(['network.eu', 'solidarity.org', 'shop.com', 'ukrainasolidaritet.nu', 'startup.io', 'example.net', 'example.info', 'x.co'])(
    '%s says nothing',
    (domain) => {
      expect(countryFromDomain(domain)).toBeNull();
    },
  );

  it('is null for no domain', () => {
    expect(countryFromDomain(null)).toBeNull();
    expect(countryFromDomain('')).toBeNull();
  });
});

describe('findPlaces: inflected Latin-script city names', () => {
  it('reads Slavic case endings on known cities', () => {
    expect(codes('z Krakowa')).toEqual(['PL']);
    expect(codes('w Lublinie')).toEqual(['PL']);
    expect(codes('ve Wrocławiu')).toEqual(['PL']);
  });

  it('reads a town with a compass point, and no town inside another compound', () => {
    expect(codes('Ukrainischer Kulturverein Bremen-Nord')).toEqual(['DE']);
    expect(codes('Solidariteitscollectief Oost-Groningen')).toEqual(['NL']);
    expect(codes('Rosa-Luxemburg-Stiftung')).toEqual([]);
  });

  it('does not stretch a city to any word that starts like it', () => {
    expect(codes('Berlinale')).toEqual([]);
    expect(codes('Francisco')).toEqual([]);
  });
});
