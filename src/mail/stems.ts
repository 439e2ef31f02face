/**
 * Matching the language table (lexicon/languages.ts) against text: case and diacritic folding, word
 * splitting, and stem lookups by word prefix, whole word, phrase or (for scripts without spaces)
 * substring. Built once at start-up into hash maps, so a word costs a handful of map lookups whatever
 * the number of languages, and no pattern can backtrack.
 */
import { LANGUAGES, WHOLE_WORD_CONCEPTS, type Concept } from './lexicon/languages';

/** Letters folded to their plain form beyond what Unicode decomposition removes. */
const FOLD_MAP: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i', ħ: 'h', ς: 'σ', ŀ: 'l', ך: 'כ', ם: 'מ', ן: 'נ', ף: 'פ', ץ: 'צ' };
const FOLD_RE = /[łđøæœßıħςŀךםןףץ]/g;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Lower case, without the accents of Latin, Greek and Cyrillic letters ("Unterstützung" -> "unterstutzung",
 * "й" -> "и"), Hebrew final letters as their ordinary forms, with one kind of apostrophe. Other scripts are left as they are: their marks are letters.
 */
export function fold(text: string): string {
  // Plain ASCII has no accents, ligatures or curly apostrophes: most mail skips both normalisations.
  if (ASCII.test(text)) return text.toLowerCase().replace(/`/g, "'");
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(FOLD_RE, (c) => FOLD_MAP[c] ?? c)
    .replace(/[’‘`´ʼ]/g, "'");
}

const charCache = new Map<string, string>();

/**
 * `fold` with a map back to the text: `origin[i]` is the index in `text` of folded character `i`.
 * Runs of white space fold to one space, so a title broken over two lines is still found.
 */
export function foldIndexed(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    let f: string;
    if (/\s/.test(ch)) f = folded.endsWith(' ') ? '' : ' ';
    else {
      f = charCache.get(ch) ?? fold(ch);
      if (charCache.size < 5000) charCache.set(ch, f);
    }
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
    i += ch.length;
  }
  return { folded, origin };
}

/** What a text showed of one concept: the first word that matched, and every language it matched in. */
export interface StemHit {
  concept: Concept;
  /** The first word or phrase of the text that matched. */
  word: string;
  langs: Set<string>;
}

type Entry = { concept: Concept; lang: string };

const exact = new Map<string, Entry[]>();
/** Prefix stems bucketed by their first three letters (or the whole stem when shorter): one lookup per word. */
const prefix = new Map<string, Array<{ stem: string; entries: Entry[] }>>();
const BUCKET = 3;

function addPrefix(stem: string, e: Entry): void {
  const key = stem.slice(0, BUCKET);
  const bucket = prefix.get(key) ?? [];
  const same = bucket.find((b) => b.stem === stem);
  if (same) same.entries.push(e);
  else bucket.push({ stem, entries: [e] });
  prefix.set(key, bucket);
}
/** Function words keep their accents: folded, Albanian "në" would read as Czech "ne" (not). */
const exactRaw = new Map<string, Entry[]>();
/** Function-word prefixes ("unser*", "наш*") by their first character. */
const prefixRaw = new Map<string, Array<{ stem: string; entries: Entry[] }>>();
/** Phrases by their first word; the rest must follow word by word (the last one as a prefix when marked so). */
const phrases = new Map<string, Array<Entry & { rest: string[]; lastIsPrefix: boolean }>>();
const infixes: Array<Entry & { stem: string }> = [];
/** Scripts whose rows match inside words (Hebrew, Arabic, Persian, Thai, kana and CJK): others skip that scan. */
const INFIX_SCRIPT = /[\u0590-\u06ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]/;

function add(map: Map<string, Entry[]>, key: string, e: Entry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

for (const row of LANGUAGES) {
  for (const [concept, list] of Object.entries(row.stems) as Array<[Concept, string]>) {
    const functionWord = WHOLE_WORD_CONCEPTS.has(concept);
    for (const raw of list.split(/\s+/).filter(Boolean)) {
      const e: Entry = { concept, lang: row.code };
      const star = raw.endsWith('*');
      const dollar = raw.endsWith('$');
      const bare = raw.replace(/[*$]$/, '');
      const stem = fold(bare);
      if (stem.includes('_')) {
        const [first, ...rest] = stem.split('_').filter(Boolean);
        const list = phrases.get(first!) ?? [];
        list.push({ ...e, rest, lastIsPrefix: star });
        phrases.set(first!, list);
      } else if (row.infix && !dollar) infixes.push({ ...e, stem });
      else if (functionWord) {
        const key = bare.toLowerCase().normalize('NFC');
        if (!star) add(exactRaw, key, e);
        else {
          const bucket = prefixRaw.get(key[0]!) ?? [];
          const same = bucket.find((b) => b.stem === key);
          if (same) same.entries.push(e);
          else bucket.push({ stem: key, entries: [e] });
          prefixRaw.set(key[0]!, bucket);
        }
      } else if (dollar) add(exact, stem, e);
      else addPrefix(stem, e);
    }
  }
}

const WORD = /[\p{L}\p{M}\p{N}\u200c]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

/** The words of a text; "l'appel" stays one word (see `forms`). */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A word and, when it has apostrophes, its parts: "l'appel" is looked up as "l'appel", "l" and "appel". */
function eachForm(w: string, look: (form: string) => void): void {
  look(w);
  if (w.includes("'")) for (const part of w.split("'")) look(part);
}

/**
 * True when the words from `at` on are `rest` (the last one possibly as a prefix); a `+` in `rest`
 * lets up to ten words pass, for verbs whose particle comes later ("ziehen unsere Unterschrift zurück").
 */
function follows(ws: string[], at: number, rest: string[], lastIsPrefix: boolean): boolean {
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === '+') {
      const tail = rest.slice(j + 1);
      for (let skip = 0; skip <= 10; skip++) if (follows(ws, at + j + skip, tail, lastIsPrefix)) return true;
      return false;
    }
    const w = ws[at + j];
    if (w === undefined) return false;
    const last = j === rest.length - 1;
    if (last && lastIsPrefix ? !w.startsWith(rest[j]!) : w !== rest[j]) return false;
  }
  return true;
}

/**
 * Every concept a text touches, with the first word that showed it. `text` is lower-case, unfolded:
 * content words are matched folded, function words as written. Phrases are matched on the words
 * joined by single spaces, so line breaks and punctuation inside a phrase do not hide it.
 */
export function conceptsOf(text: string): Map<Concept, StemHit> {
  const found = new Map<Concept, StemHit>();
  const note = (entries: Entry[] | undefined, word: string): void => {
    if (!entries) return;
    for (const e of entries) {
      const hit = found.get(e.concept);
      if (hit) hit.langs.add(e.lang);
      else found.set(e.concept, { concept: e.concept, word, langs: new Set([e.lang]) });
    }
  };
  const byFolded = (w: string): void => {
    note(exact.get(w), w);
    for (let k = 2; k < BUCKET && k < w.length; k++) for (const b of prefix.get(w.slice(0, k)) ?? []) note(b.entries, w);
    for (const b of prefix.get(w.slice(0, BUCKET)) ?? []) if (w.startsWith(b.stem)) note(b.entries, w);
  };
  const asWritten = (w: string): void => {
    note(exactRaw.get(w), w);
    for (const b of prefixRaw.get(w[0]!) ?? []) if (w.startsWith(b.stem)) note(b.entries, w);
  };
  const folded = fold(text);
  const ws = words(folded);
  for (let i = 0; i < ws.length; i++) {
    const word = ws[i]!;
    eachForm(word, byFolded);
    const ps = phrases.get(word);
    if (ps) for (const p of ps) if (follows(ws, i + 1, p.rest, p.lastIsPrefix)) note([p], [word, ...p.rest].join(' '));
  }
  // Lower-case ASCII folds to itself: its words as written are the folded words already split.
  const nfc = ASCII.test(text) ? text : text.normalize('NFC');
  for (const word of nfc === folded ? ws : words(nfc)) eachForm(word, asWritten);
  if (INFIX_SCRIPT.test(folded)) for (const p of infixes) if (folded.includes(p.stem)) note([p], p.stem);
  return found;
}
