/**
 * Turns what an organiser types in a country field into an ISO 3166-1 alpha-2 code: a code ("SE",
 * "swe") or a name in any language Node's ICU knows ("Sweden", "Schweden", "Suède", "Швеция").
 * The name index is built once, on first use, from Intl.DisplayNames over every locale Node ships
 * plus the i18n-iso-countries names (official and short forms such as "Russian Federation").
 */
import countries from 'i18n-iso-countries';

/** Codes that are countries but missing from ISO 3166-1 (user-assigned, in wide use). */
const EXTRA_CODES = ['XK'];
/** English first: when two countries share a folded name across languages, the English one wins. */
const FIRST_LOCALES = ['en'];

/** Lower case, no diacritics, punctuation and runs of spaces as one space: the form index keys have. */
export function foldCountryName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let index: Map<string, string> | null = null;

/** Every locale with region names in this Node's ICU: two-letter languages and a few script variants. */
function locales(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const candidates: string[] = [];
  for (const a of letters) for (const b of letters) candidates.push(a + b);
  candidates.push('sr-Latn', 'bs-Cyrl', 'uz-Cyrl', 'zh-Hant', 'fil', 'haw', 'yue', 'ast', 'chr', 'kok', 'sah', 'ckb', 'dsb', 'hsb', 'fur', 'smn', 'lij');
  const supported = Intl.DisplayNames.supportedLocalesOf(candidates);
  return [...FIRST_LOCALES, ...supported.filter((l) => !FIRST_LOCALES.includes(l))];
}

function buildIndex(): Map<string, string> {
  const codes = [...Object.keys(countries.getAlpha2Codes()), ...EXTRA_CODES];
  const map = new Map<string, string>();
  const add = (name: string | undefined, code: string) => {
    const key = name ? foldCountryName(name) : '';
    if (key && !map.has(key)) map.set(key, code);
  };
  for (const locale of locales()) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of codes) add(names.of(code), code);
  }
  for (const lang of countries.getSupportedLanguages()) {
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) for (const n of names) add(n, code);
  }
  return map;
}

/**
 * The alpha-2 code for a country code (alpha-2 or alpha-3, any case) or a country's name in any
 * language; null when it is neither. A two- or three-letter input is read as a code first.
 */
export function countryCode(input: string): string | null {
  const raw = input.trim();
  if (/^[A-Za-z]{2}$/.test(raw)) {
    const code = raw.toUpperCase();
    if (countries.isValid(code) || EXTRA_CODES.includes(code)) return code;
  }
  if (/^[A-Za-z]{3}$/.test(raw)) {
    const code = countries.alpha3ToAlpha2(raw.toUpperCase());
    if (code) return code;
  }
  index ??= buildIndex();
  return index.get(foldCountryName(raw)) ?? null;
}
