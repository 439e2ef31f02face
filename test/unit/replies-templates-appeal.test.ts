/**
 * Replies and the appeal profile: every template in every language names the appeal in that
 * language, a language without templates replies in the profile's fallback, and every language has
 * the same variables and parts as English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAppealProfile } from '../../src/appeal/profile';
import { templateVariables } from '../../src/replies/check';
import { sampleVars } from '../../src/replies/samples';
import { REPLY_TYPES, renderReply, templateFile, templateLanguages } from '../../src/replies/templates';
import { appealTitleIn } from '../../src/replies/vars';

const DIR = join(__dirname, '../../templates/replies');
const PROFILE_FILE = join(__dirname, '../../profiles/peace-for-ukraine.json');
const profile = parseAppealProfile(readFileSync(PROFILE_FILE, 'utf8'), PROFILE_FILE);
const EN = profile.titles.en!;

/** The variables as the reply service gives them: the title in the language of the template chosen. */
const varsFor = (type: (typeof REPLY_TYPES)[number], over: Record<string, unknown> = {}) => (language: string) => ({
  ...sampleVars(type), appealTitle: appealTitleIn(profile.titles, language, EN), ...over,
});

const cases = REPLY_TYPES.flatMap((type) => templateLanguages(type, DIR).map((lang) => [type, lang] as const));

test('at least 30 languages for every type', () => {
  for (const type of REPLY_TYPES) expect(templateLanguages(type, DIR).length).toBeGreaterThanOrEqual(30);
});

test.each(cases)('%s in %s names the appeal by its title in that language, in the body and the subject of its own', (type, lang) => {
  const title = profile.titles[lang];
  expect(title).toBeDefined();
  const r = renderReply(type, lang, varsFor(type, { subject: null, replySubject: '' }), DIR, profile.replyLanguageFallback);
  expect(r.language).toBe(lang);
  expect(r.text).toContain(title);
  expect(r.subject).toContain(title);
  // HTML escapes what the title holds (an apostrophe, say) but keeps its words.
  expect(r.html).toContain(title!.split(/[!'’]/)[0]!.trim());
  if (lang !== 'en') expect(r.text).not.toContain(EN);
});

test.each(cases)('%s in %s has the same variables in every part as English, and an HTML part', (type, lang) => {
  const vars = (l: string, part: string) => templateVariables(readFileSync(templateFile(DIR, type, l, part), 'utf8'));
  for (const part of ['subject', 'text', 'html']) expect(vars(lang, part)).toEqual(vars('en', part));
});

test('the French acknowledgement names the appeal in French', () => {
  const r = renderReply('acknowledgement', 'fr', varsFor('acknowledgement'), DIR);
  // French typography: no-break spaces inside the guillemets.
  expect(r.text).toContain('l’appel «\u00a0Stop à la guerre d\'agression russe ! Paix pour l\'Ukraine !\u00a0»');
  expect(r.text).not.toContain(EN);
});

describe('a language without templates', () => {
  test('replies in the fallback the profile names, with that language\'s title', () => {
    const r = renderReply('acknowledgement', 'lb', varsFor('acknowledgement'), DIR, profile.replyLanguageFallback);
    expect(r.language).toBe('de');
    expect(r.text).toContain(profile.titles.de);
    expect(renderReply('confirmation', 'bs', varsFor('confirmation'), DIR, profile.replyLanguageFallback).language).toBe('hr');
    expect(renderReply('confirmation', 'oc-FR', varsFor('confirmation'), DIR, profile.replyLanguageFallback).language).toBe('fr');
  });

  test('Bokmål and Nynorsk, as language detection reports Norwegian, get the Norwegian templates', () => {
    expect(renderReply('withdrawal', 'nb', varsFor('withdrawal'), DIR).language).toBe('no');
    expect(renderReply('withdrawal', 'nn', varsFor('withdrawal'), DIR).language).toBe('no');
  });

  test('the profile\'s fallback wins over the built-in one; with none, or one without templates, English', () => {
    expect(renderReply('acknowledgement', 'nb', varsFor('acknowledgement'), DIR, { nb: 'da' }).language).toBe('da');
    const hy = renderReply('acknowledgement', 'hy', varsFor('acknowledgement'), DIR, profile.replyLanguageFallback);
    expect(hy.language).toBe('en');
    expect(hy.text).toContain(EN);
    expect(renderReply('acknowledgement', 'lb', varsFor('acknowledgement'), DIR, { lb: 'zz' }).language).toBe('en');
    expect(renderReply('acknowledgement', 'constructor', varsFor('acknowledgement'), DIR).language).toBe('en');
  });
});

describe('appealTitleIn', () => {
  const titles = { en: 'Peace!', pt: 'Paz!', 'pt-br': 'Paz já!' };
  test.each([
    ['pt-BR', 'Paz já!'], ['pt_br', 'Paz já!'], ['pt-PT', 'Paz!'], ['pt', 'Paz!'], ['de', 'Peace (en)'], [null, 'Peace (en)'], ['constructor', 'Peace (en)'],
  ])('%s -> %s', (language, expected) => {
    expect(appealTitleIn(titles, language, 'Peace (en)')).toBe(expected);
  });
});
