/** The appeal profile: YAML and JSON, zod's checks naming the field, the evidence understanding gets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppealProfileError, appealEvidence, displayTitle, parseAppealProfile, profileFromTitle } from '../../src/appeal/profile';

const SHIPPED = join(__dirname, '../../profiles/peace-for-ukraine.json');

const failure = (source: string, file: string): string => {
  try {
    parseAppealProfile(source, file);
  } catch (e) {
    expect(e).toBeInstanceOf(AppealProfileError);
    return (e as Error).message;
  }
  throw new Error('expected an AppealProfileError');
};

test('the shipped profile is valid and holds a title in every EU language and the nine others replies cover', () => {
  const p = parseAppealProfile(readFileSync(SHIPPED, 'utf8'), SHIPPED);
  const needed = ['bg', 'hr', 'cs', 'da', 'nl', 'en', 'et', 'fi', 'fr', 'de', 'el', 'hu', 'ga', 'it', 'lv', 'lt', 'mt', 'pl', 'pt', 'ro', 'sk', 'sl', 'es', 'sv',
    'uk', 'ru', 'be', 'ka', 'tr', 'sr', 'no', 'ca', 'ja'];
  expect(needed.filter((l) => !p.titles[l])).toEqual([]);
  expect(p.replyLanguageFallback.lb).toBe('de');
  expect(displayTitle(p)).toBe('Stop the Russian war of aggression! Peace for Ukraine!');
});

test('YAML reads like the JSON; "no" stays Norwegian, not false', () => {
  const p = parseAppealProfile([
    'titles:',
    '  en: "Peace now!"',
    '  no: Fred nå!',
    'shortNames: [Peace now]',
    'ownAddresses: [Info@Appeal.example]',
    'replyLanguageFallback:',
    '  se: no',
    '  NN: no',
  ].join('\n'), 'appeal.yml');
  expect(p).toEqual({
    titles: { en: 'Peace now!', no: 'Fred nå!' }, shortNames: ['Peace now'], keywords: [],
    ownAddresses: ['info@appeal.example'], replyLanguageFallback: { se: 'no', nn: 'no' },
  });
});

test.each([
  ['{}', 'x.json', 'x.json: titles must map language codes to titles'],
  ['{"titles": {}}', 'x.json', 'x.json: titles must hold at least one title'],
  ['{"titles": {"French": "Paix"}}', 'x.json', 'titles.French must be a language code'],
  ['{"titles": {"en": "A"}, "signatoriesUrl": "ftp://x"}', 'x.json', 'x.json: signatoriesUrl must be an http(s) URL'],
  ['{"titles": {"en": "A"}, "keywords": "war"}', 'x.json', 'x.json: keywords must be a list of words'],
  ['{"titles": {"en": "A"}, "replyLanguageFallback": {"lb": "German"}}', 'x.json', 'replyLanguageFallback.lb must be a language code'],
  ['{"titles": {"en": "A"}, "signatoriesURL": "https://x.example"}', 'x.json', 'x.json: unknown field(s) signatoriesURL'],
  ['titles:\n  en: A\n en: B', 'p.yaml', 'p.yaml: not valid YAML'],
  ['titles:\n  en: A\n  en: B', 'p.yaml', 'p.yaml: not valid YAML'],
])('%s is refused, naming the file and the field', (source, file, message) => {
  expect(failure(source, file)).toContain(message);
});

test('YAML tags that would build objects are refused', () => {
  expect(failure('titles:\n  en: !!js/function "function () {}"', 'p.yaml')).toContain('p.yaml: not valid YAML');
});

test('APPEAL_TITLE alone makes a profile of one English title', () => {
  expect(profileFromTitle('Stop the war')).toEqual({ titles: { en: 'Stop the war' }, shortNames: [], keywords: [], ownAddresses: [], replyLanguageFallback: {} });
  expect(() => profileFromTitle(' ')).toThrow(/APPEAL_TITLE: titles.en must not be empty/);
});

test('the evidence for understanding: each distinct title once, short names and keywords together', () => {
  const p = parseAppealProfile(JSON.stringify({
    titles: { hr: 'Mir za Ukrajinu!', bs: 'Mir za Ukrajinu!', en: 'Peace for Ukraine!' },
    shortNames: ['Peace appeal'], keywords: ['Ukraine', 'Peace appeal'],
  }), 'a.json');
  expect(appealEvidence(p)).toEqual({ titles: ['Mir za Ukrajinu!', 'Peace for Ukraine!'], keywords: ['Peace appeal', 'Ukraine'] });
});

test('the display title is English, else the first given', () => {
  expect(displayTitle(parseAppealProfile('{"titles": {"de": "Frieden!", "fr": "Paix !"}}', 'a.json'))).toBe('Frieden!');
});

test('the README\'s YAML example is a valid profile', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(yaml).toBeDefined();
  const p = parseAppealProfile(yaml!, 'README.md');
  expect(p.titles.fr).toBe('Stop à la guerre d\'agression russe ! Paix pour l\'Ukraine !');
  expect(p.replyLanguageFallback).toEqual({ lb: 'de', bs: 'hr' });
});
