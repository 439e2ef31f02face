import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIntent } from '../../../src/mail/intent';
import { LANGUAGES } from '../../../src/mail/lexicon/languages';
import type { AppealEvidence } from '../../../src/mail/types';
import { CASES } from './intent-languages.cases';

const profile = JSON.parse(readFileSync(join(__dirname, '../../../profiles/peace-for-ukraine.json'), 'utf8')) as { titles: Record<string, string>; shortNames: string[] };
const appeal: AppealEvidence = { titles: Object.values(profile.titles), keywords: profile.shortNames };
const kindOf = (body: string, language: string, subject = '') => readIntent({ subject, body, appeal, language }).kind;
const rows = LANGUAGES.map((r) => r.code);

describe('the language table', () => {
  it('has at least 45 languages, every one with test sentences', () => {
    expect(rows.length).toBeGreaterThanOrEqual(45);
    expect(rows.filter((code) => !CASES[code])).toEqual([]);
  });

  it.each(['bg', 'hr', 'cs', 'da', 'nl', 'en', 'et', 'fi', 'fr', 'de', 'el', 'hu', 'ga', 'it', 'lv', 'lt', 'mt', 'pl', 'pt', 'ro', 'sk', 'sl', 'es', 'sv'])('holds the EU language %s', (code) => {
    expect(rows).toContain(code);
  });
});

describe.each(Object.entries(CASES))('intent in %s', (code, cases) => {
  it.each(cases.endorse)('reads an endorsement: %s', (body) => {
    expect(kindOf(body, code)).toBe('endorsement');
  });

  it.each(cases.endorse)('reads it in capitals too: %s', (body) => {
    expect(kindOf(body.toUpperCase(), code)).toBe('endorsement');
  });

  it.each(cases.withdraw)('reads a withdrawal: %s', (body) => {
    expect(kindOf(body, code)).toBe('withdrawal');
  });

  it.each(cases.question)('keeps a question about endorsing a question: %s', (body) => {
    expect(kindOf(body, code)).toBe('question');
  });

  it.each(cases.negated)('does not read a refusal as an endorsement: %s', (body) => {
    expect(kindOf(body, code)).toBe('question');
  });

  it('reads the appeal’s title in this language, quoted after an endorsing word, as an endorsement', () => {
    const title = profile.titles[code];
    if (!title) return;
    const act = cases.endorse[0]!.replace(/[.。।։]\s*$/u, '');
    expect(kindOf(`${act} «${title}».`, code)).toBe('endorsement');
  });
});

describe('letters joined by dots are an abbreviation, not the end of a sentence', () => {
  it.each([
    ['lb', 'Läscht w.e.g. eisen Numm vun der Lëscht.'],
    ['nl', 'Verwijder a.u.b. onze naam van de lijst.'],
    ['fr', 'Retirez s.v.p. notre nom de la liste.'],
  ])('a withdrawal with "please" abbreviated (%s): %s', (code, body) => {
    expect(kindOf(body, code)).toBe('withdrawal');
  });

  it('still ends a sentence after an ordinary word', () => {
    expect(kindOf('Wir haben eine Frage. Unterstützen wir den Aufruf? Bitte antworten Sie.', 'de')).toBe('question');
  });
});

describe('unknown languages', () => {
  it.each([
    'Vit stuðla upp undir áheitanina.', // Faroese: no row
    'Ni apogas la alvokon.', // Esperanto
    'Kuvvatleymiz.', // made-up word in no language of the table
  ])('fall back to a question: %s', (body) => {
    expect(kindOf(body, 'xx')).toBe('question');
  });
});
