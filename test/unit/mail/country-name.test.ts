/**
 * The country field's reader: codes (alpha-2, alpha-3, any case) and names in many languages and
 * scripts, folded for case, accents and punctuation, become ISO alpha-2 codes; anything else is null.
 */
import { countryCode, foldCountryName } from '../../../src/mail/country-name';

test.each([
  ['Sweden', 'SE'], ['Schweden', 'SE'], ['Suède', 'SE'], ['suede', 'SE'], ['Швеция', 'SE'], ['Szwecja', 'SE'], ['Sverige', 'SE'],
  ['Suecia', 'SE'], ['İsveç', 'SE'], ['スウェーデン', 'SE'], ['瑞典', 'SE'], ['Σουηδία', 'SE'], ['السويد', 'SE'],
  ['Deutschland', 'DE'], ['Allemagne', 'DE'], ['Германия', 'DE'], ['Україна', 'UA'], ['Ukraine', 'UA'], ['Польша', 'PL'],
  ['Poland', 'PL'], ['Ελλάδα', 'GR'], ['Niederlande', 'NL'], ['the Netherlands', 'NL'], ['Côte d’Ivoire', 'CI'],
  ['Russian Federation', 'RU'], ['United Kingdom', 'GB'], ['UK', 'GB'], ['Kosovo', 'XK'],
])('the name %s is %s', (name, code) => {
  expect(countryCode(name)).toBe(code);
});

test.each([['SE', 'SE'], ['se', 'SE'], [' gb ', 'GB'], ['swe', 'SE'], ['USA', 'US'], ['deu', 'DE'], ['XK', 'XK']])('the code %s is %s', (input, code) => {
  expect(countryCode(input)).toBe(code);
});

test.each(['Atlantis', 'xx', 'QQQ', 'Europe and Asia', '', 'SE; DROP'])('%s is no country', (input) => {
  expect(countryCode(input)).toBeNull();
});

test('folding drops case, accents and punctuation, and keeps letters of every script', () => {
  expect(foldCountryName('  Côte-d’Ivoire! ')).toBe('cote d ivoire');
  expect(foldCountryName('ШВЕЦИЯ')).toBe('швеция');
});
