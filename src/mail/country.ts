/**
 * Finds places in free text and maps them to ISO 3166-1 alpha-2 codes. Country names come from the
 * maintained `i18n-iso-countries` data in every language our senders write; cities, regions and
 * demonyms from the small lexicons in `places.ts`. One reverse index is built at module load.
 */
import countries from 'i18n-iso-countries';
import { CITIES, DEMONYMS, EXTRA_COUNTRY_NAMES } from './places';
import { trimEndChars } from './trim-chars';

/** The appeal's own subject: these countries are named in almost every message, so prose mentions prove little. */
export const TOPIC_COUNTRIES: ReadonlySet<string> = new Set(['UA', 'RU', 'BY']);

export type PlaceKind = 'country' | 'city' | 'demonym';

/** One place found in a text, with its character span. */
export interface PlaceHit {
  code: string;
  kind: PlaceKind;
  start: number;
  end: number;
  text: string;
}

const LOCALES = [
  'en', 'fr', 'de', 'es', 'it', 'pt', 'ca', 'eu', 'gl', 'pl', 'cs', 'sk', 'sl', 'hr', 'sr', 'bg', 'uk', 'ru', 'be',
  'sv', 'da', 'nb', 'nn', 'fi', 'et', 'lt', 'lv', 'nl', 'el', 'tr', 'hu', 'ro', 'ja', 'ka',
  // Scripts of their own, so their names cannot be mistaken for words of another language. The Latin-script
  // locales we lack (Icelandic, Welsh, Vietnamese, Swahili...) would bring in "Mỹ", "Nga", "Mkutano": words.
  'he', 'ar', 'fa', 'ur', 'hi', 'bn', 'th', 'zh', 'ko', 'hy', 'mk',
];
/** Locales with noun cases, whose Latin-script country names we also match by stem ("Ukrainy", "Niemczech"). */
const INFLECTING_LATIN = new Set(['pl', 'cs', 'sk', 'sl', 'hr', 'lt', 'lv', 'fi', 'et', 'hu', 'tr']);
/** Country names that are also ordinary words or first names in some language. */
const AMBIGUOUS = new Set(['chad', 'jordan', 'man', 'niger', 'guinea', 'us', 'u s', 'sa', 'iran', 'oman', 'mali', 'peru', 'togo', 'cuba']);


/** Lower case, no diacritics, one kind of apostrophe, Greek final sigma folded: the form every index key has. */
export function normaliseWord(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’ʼ`´]/g, "'")
    .replace(/ς/g, 'σ')
    .replace(/ß/g, 'ss');
}

const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff]/;
const NON_LATIN_CASED = /^[\u0370-\u03ff\u0400-\u04ff]/;
const STEM_VOWEL = /[аеєиіїоуыэюяьйъαεηιουωa]/;

interface Entry {
  code: string;
  kind: PlaceKind;
}

const phraseIndex = new Map<string, Entry>();
/** For each first word of a multi-word name, the longest name it starts: most words start none. */
const firstWords = new Map<string, number>();
/** Stems of one-word names, for inflected forms: "Польшчы" -> "польшч" (Польшча). */
const stemIndex = new Map<string, Entry>();
const cjkEntries: Array<[string, Entry]> = [];
/** Latin-script city stems, matched only with Slavic case endings: "Krakowa", "Lublinie", "Warszawy". */
const latinCityStems = new Map<string, Entry>();
const CITY_CASE_ENDINGS = /^(?:a|u|e|y|ie|iu|ia|ii|ji|em|iem|ow|om)$/;
let maxWords = 1;

function tokensOf(s: string): string[] {
  return (s.match(TOKEN_RE) ?? []).map(normaliseWord);
}

function addName(name: string, entry: Entry, stemmable: boolean): void {
  if (/[,()]/.test(name)) return;
  if (CJK_RE.test(name)) {
    if (name.length >= 2) cjkEntries.push([name, entry]);
    return;
  }
  const toks = tokensOf(name);
  if (toks.length === 0) return;
  const key = toks.join(' ');
  if (AMBIGUOUS.has(key) || key.length < 2) return;
  // The curated cities win a clash with a country's name in some language: "Granada" is the city, not Grenada.
  if (!phraseIndex.has(key) || entry.kind === 'city') phraseIndex.set(key, entry);
  maxWords = Math.max(maxWords, toks.length);
  if (toks.length > 1) firstWords.set(toks[0]!, Math.max(firstWords.get(toks[0]!) ?? 1, toks.length));
  if (toks.length === 1 && entry.kind === 'city' && !NON_LATIN_CASED.test(key)) {
    const stem = key.replace(/[aeo]$/, '');
    if (stem.length >= 5 && !latinCityStems.has(stem)) latinCityStems.set(stem, entry);
  }
  if (toks.length === 1 && (stemmable || NON_LATIN_CASED.test(key))) {
    const stem = trimEndChars(key, STEM_VOWEL);
    if (stem.length >= (NON_LATIN_CASED.test(key) ? 4 : 5) && !stemIndex.has(stem)) stemIndex.set(stem, entry);
  }
}

let built = false;

/** Built on first use, not on import: registering 45 locales and folding ~11,000 names takes ~150 ms. */
function ensureIndex(): void {
  if (built) return;
  built = true;
  for (const l of LOCALES) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
  }
  buildIndex();
}

function buildIndex(): void {
  for (const l of LOCALES) {
    const names = countries.getNames(l, { select: 'all' }) as Record<string, string[]>;
    for (const [code, list] of Object.entries(names)) {
      for (const n of list) addName(n, { code, kind: 'country' }, INFLECTING_LATIN.has(l));
    }
  }
  for (const [names, code] of Object.entries(EXTRA_COUNTRY_NAMES)) {
    for (const n of names.split('|')) addName(n, { code, kind: 'country' }, false);
  }
  for (const [names, code] of Object.entries(CITIES)) {
    for (const n of names.split('|')) addName(n, { code, kind: 'city' }, false);
  }
}

function startsUpper(s: string): boolean {
  const c = s.charAt(0);
  return c !== c.toLowerCase() || c === c.toUpperCase();
}

function demonymOf(word: string): string | null {
  for (let n = Math.min(word.length, 14); n >= 4; n--) {
    const code = DEMONYMS[word.slice(0, n)];
    if (code) return code;
  }
  return null;
}

/**
 * Every place named in `text`, left to right, longest match first. Names must start with a capital
 * letter (in scripts that have case) so that "nice" or "bergen" in prose do not count; demonyms are
 * returned too (kind `demonym`) and left to the caller to weigh.
 */
export function findPlaces(text: string): PlaceHit[] {
  const cached = placeCache.get(text);
  if (cached) return cached;
  const hits = scanPlaces(text);
  // The extractor asks about the same prose once per signer; a small cache keeps that linear.
  if (placeCache.size >= 64) placeCache.clear();
  placeCache.set(text, hits);
  return hits;
}

const placeCache = new Map<string, PlaceHit[]>();
const wordCache = new Map<string, string>();

function normCached(w: string): string {
  let n = wordCache.get(w);
  if (n === undefined) {
    if (wordCache.size >= 50_000) wordCache.clear();
    n = normaliseWord(w);
    wordCache.set(w, n);
  }
  return n;
}

const COMPASS = '(?:nord|sud|ost|west|north|south|east|oost|noord|zuid|est|ouest|norte|sur|este|oeste)';
const COMPASS_RE = new RegExp(`^(?:([\\p{L}]{4,})-${COMPASS}|${COMPASS}-([\\p{L}]{4,}))$`, 'u');

function scanPlaces(text: string): PlaceHit[] {
  ensureIndex();
  const hits: PlaceHit[] = [];
  const toks: Array<{ norm: string; start: number; end: number; raw: string }> = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    toks.push({ norm: normCached(m[0]), start: m.index, end: m.index + m[0].length, raw: m[0] });
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!startsUpper(t.raw)) continue;
    let matched = false;
    for (let n = Math.min(firstWords.get(t.norm) ?? 1, toks.length - i); n >= 1 && !matched; n--) {
      let key = t.norm;
      for (let k = 1; k < n; k++) key += ' ' + toks[i + k]!.norm;
      const e = phraseIndex.get(key);
      // Short names (UK, USA) only in capitals, so that pronouns and words never match.
      if (e && (key.length > 3 || t.raw === t.raw.toUpperCase())) {
        const last = toks[i + n - 1]!;
        hits.push({ code: e.code, kind: e.kind, start: t.start, end: last.end, text: text.slice(t.start, last.end) });
        i += n - 1;
        matched = true;
      }
    }
    if (matched) continue;
    // "Bremen-Nord", "Oost-Groningen", "Dortmund-Nord": a town with a compass point is the town.
    const compass = COMPASS_RE.exec(t.norm);
    const town = compass ? phraseIndex.get(compass[1] ?? compass[2]!) : undefined;
    if (town?.kind === 'city') {
      hits.push({ code: town.code, kind: 'city', start: t.start, end: t.end, text: t.raw });
      continue;
    }
    const w = t.norm;
    for (let cut = 1; cut <= 3 && w.length - cut >= 4; cut++) {
      const e = stemIndex.get(w.slice(0, w.length - cut));
      if (e) {
        hits.push({ code: e.code, kind: e.kind, start: t.start, end: t.end, text: t.raw });
        matched = true;
        break;
      }
    }
    if (matched) continue;
    for (let cut = 1; cut <= 3 && w.length - cut >= 5; cut++) {
      const e = latinCityStems.get(w.slice(0, w.length - cut));
      if (e && CITY_CASE_ENDINGS.test(w.slice(w.length - cut))) {
        hits.push({ code: e.code, kind: e.kind, start: t.start, end: t.end, text: t.raw });
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const d = demonymOf(w);
    if (d) hits.push({ code: d, kind: 'demonym', start: t.start, end: t.end, text: t.raw });
  }
  if (CJK_RE.test(text)) {
    for (const [name, e] of cjkEntries) {
      const at = text.indexOf(name);
      if (at >= 0) hits.push({ code: e.code, kind: e.kind, start: at, end: at + name.length, text: name });
    }
    hits.sort((a, b) => a.start - b.start);
  }
  return hits;
}

/**
 * The place that a short phrase consists of ("Polska", "(Sverige)", "8020 Graz", "м. Полтава",
 * "İzmir, Türkiye"), preferring a country over a city; null when the phrase holds anything else.
 */
export function placeOf(phrase: string): PlaceHit | null {
  const hits = findPlaces(phrase).filter((h) => h.kind !== 'demonym');
  if (hits.length === 0) return null;
  // What is left once places, postal codes, "city"/"м." markers and punctuation go must be nothing.
  // A place can be hit more than once ("香港" as a country and as a city): each span is blanked once.
  let rest = '';
  let at = 0;
  for (const h of [...hits].sort((a, b) => a.start - b.start)) {
    if (h.start >= at) rest += phrase.slice(at, h.start) + ' ';
    at = Math.max(at, h.end);
  }
  rest += phrase.slice(at);
  rest = rest.replace(/\b(?:[A-Z]{1,3}-)?\d[\d -]{2,8}\b/g, ' ').replace(/(?:^|\s)(?:м|г|m|ul|city of|ville de)\.?(?=\s|$)/giu, ' ');
  // Vowel signs are marks (\p{M}) in Indic and Thai script: a word there is letters and marks.
  if (/\p{L}[\p{L}\p{M}]{2,}/u.test(rest)) return null;
  return hits.find((h) => h.kind === 'country') ?? hits[0]!;
}

/** Country-code TLDs that are sold worldwide as vanity domains, and so say nothing about a country. */
const GENERIC_CC = new Set(['nu', 'io', 'tv', 'me', 'co', 'fm', 'ai', 'ws', 'cc', 'to', 'eu', 'su', 'ac', 'tk', 'ml', 'ga', 'cf', 'gq', 'ly', 'la', 'am', 'sh', 'st', 'vc', 'gs', 'cx', 'bz', 'pw', 'ms', 'gg', 'im', 'is', 'sx', 'so']);
/** Community and city TLDs with a clear country (`.scot` is in GB, `.cat` and `.eus` in ES). */
const GEO_TLDS: Readonly<Record<string, string>> = {
  uk: 'GB', scot: 'GB', wales: 'GB', cymru: 'GB', london: 'GB', cat: 'ES', eus: 'ES', gal: 'ES', barcelona: 'ES', madrid: 'ES',
  bzh: 'FR', corsica: 'FR', paris: 'FR', alsace: 'FR', bayern: 'DE', berlin: 'DE', hamburg: 'DE', koeln: 'DE', cologne: 'DE', ruhr: 'DE',
  saarland: 'DE', nrw: 'DE', wien: 'AT', tirol: 'AT', swiss: 'CH', zuerich: 'CH', amsterdam: 'NL', frl: 'NL', brussels: 'BE', vlaanderen: 'BE',
  gent: 'BE', quebec: 'CA', tokyo: 'JP', osaka: 'JP', istanbul: 'TR', moscow: 'RU', 'xn--p1ai': 'RU', 'xn--j1amh': 'UA', 'xn--90ais': 'BY',
  nyc: 'US', us: 'US',
};

/** The country a domain's TLD names, or null for generic and vanity TLDs (`.org`, `.eu`, `.nu`, `.io`). */
export function countryFromDomain(domain: string | null | undefined): string | null {
  if (!domain) return null;
  const tld = domain.toLowerCase().replace(/\.$/, '').split('.').pop() ?? '';
  const geo = GEO_TLDS[tld];
  if (geo) return geo;
  if (!/^[a-z]{2}$/.test(tld) || GENERIC_CC.has(tld)) return null;
  const code = tld.toUpperCase();
  return countries.isValid(code) ? code : null;
}
