/**
 * The language of the human-written text, as an ISO 639-1 code. Script decides where it can (kana,
 * Greek, the letters that tell Ukrainian, Belarusian and Russian apart); tinyld decides for longer
 * Latin text; counts of frequent words decide for short lines and for Catalan, which tinyld lacks.
 */
import { STOPWORDS } from './lexicon/stopwords';

/** word -> the languages it is frequent in. */
const STOP_INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) for (const w of words) STOP_INDEX.set(w, [...(STOP_INDEX.get(w) ?? []), lang]);
type Tinyld = typeof import('tinyld');
let model: Tinyld | null = null;
/** tinyld takes ~200 ms to load its model; most messages never need it, so load it on first use. */
function tinyld(): Tinyld {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  model ??= require('tinyld') as Tinyld;
  return model;
}

/** Norwegian is `no` here (as in the appeal profile and the corpora), whichever written form. */
const ALIASES: Record<string, string> = { nb: 'no', nn: 'no' };

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

type ScriptCounts = {
  letters: number;
  kana: number;
  hangul: number;
  han: number;
  greek: number;
  hebrew: number;
  arabic: number;
  cyrillic: number;
  georgian: number;
  armenian: number;
  devanagari: number;
};

/** Non-Latin letter ranges (inclusive) and the script each counts towards. */
const SCRIPT_RANGES: readonly [number, number, Exclude<keyof ScriptCounts, 'letters'>][] = [
  [0x400, 0x4ff, 'cyrillic'],
  [0x370, 0x3ff, 'greek'],
  [0x1f00, 0x1fff, 'greek'],
  [0x3040, 0x30ff, 'kana'],
  [0x4e00, 0x9fff, 'han'],
  [0xac00, 0xd7af, 'hangul'],
  [0x590, 0x5ff, 'hebrew'],
  [0x600, 0x6ff, 'arabic'],
  [0x10a0, 0x10ff, 'georgian'],
  [0x530, 0x58f, 'armenian'],
  [0x900, 0x97f, 'devanagari'],
];

/** Letters per writing system, in one pass (this runs on every message). */
function scripts(text: string): ScriptCounts {
  const c: ScriptCounts = { letters: 0, kana: 0, hangul: 0, han: 0, greek: 0, hebrew: 0, arabic: 0, cyrillic: 0, georgian: 0, armenian: 0, devanagari: 0 };
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x41) continue;
    if (u < 0x250) {
      if ((u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a) || u >= 0xc0) c.letters++;
      continue;
    }
    for (const [lo, hi, script] of SCRIPT_RANGES) {
      if (u >= lo && u <= hi) {
        c[script]++;
        c.letters++;
        break;
      }
    }
  }
  return c;
}

/** Decide from the writing system alone, or return null for Latin and mixed text. */
function byScript(text: string): string | null {
  const c = scripts(text);
  const letters = c.letters || 1;
  if (c.kana > 0 && c.kana / letters > 0.05) return 'ja';
  if (c.hangul / letters > 0.2) return 'ko';
  if (c.han / letters > 0.3) return 'zh';
  if (c.greek / letters > 0.3) return 'el';
  if (c.hebrew / letters > 0.3) return 'he';
  // Persian writes four letters Arabic lacks (پ چ ژ گ) and its own forms of kaf and yeh.
  if (c.arabic / letters > 0.3) return /[پچژگکی]/.test(text) ? 'fa' : 'ar';
  if (c.georgian / letters > 0.3) return 'ka';
  if (c.armenian / letters > 0.3) return 'hy';
  if (c.devanagari / letters > 0.3) return 'hi';
  if (c.cyrillic / letters > 0.3) {
    const low = text.toLowerCase();
    if (/ў/.test(low)) return 'be';
    if (/[їєґ]/.test(low)) return 'uk';
    const i = count(low, /і/g);
    const ruOnly = count(low, /[ыэъё]/g);
    if (i > 0 && ruOnly > 0) return 'be';
    if (i > 0) return 'uk';
    if (/[ђћџљњј]/.test(low)) return /[ѓќѕ]/.test(low) ? 'mk' : 'sr';
    if (/[ѓќѕ]/.test(low)) return 'mk';
    // Bulgarian writes ъ as a vowel and never ы, э or ё.
    if (!/[ыэё]/.test(low) && /ъ/.test(low)) return 'bg';
    // Serbian Cyrillic has none of the letters every Russian sentence uses (й ы э ь я ю щ).
    if (c.cyrillic >= 20 && !/[йыэьяющъё]/.test(low)) return 'sr';
    return 'ru';
  }
  return null;
}

function byStopwords(text: string): { lang: string; score: number; second: number } | null {
  const lower = text.toLowerCase();
  const scores = new Map<string, number>();
  // A word frequent in several languages counts for each only in part: "el" says less than "y".
  // The first 400 words are read one match at a time: no array of every word of the sample.
  const re = /\p{L}+/gu;
  let m: RegExpExecArray | null;
  for (let n = 0; n < 400 && (m = re.exec(lower)); n++) {
    const langs = STOP_INDEX.get(m[0]);
    if (langs) for (const lang of langs) scores.set(lang, (scores.get(lang) ?? 0) + 1 / langs.length);
  }
  // The first language with the highest score (ties go to the earliest, as a stable sort would), and the next score.
  let top: { lang: string; score: number } | null = null;
  let second = 0;
  for (const [lang, score] of scores) {
    if (!top || score > top.score) {
      if (top) second = top.score;
      top = { lang, score };
    } else if (score > second) second = score;
  }
  return top ? { ...top, second } : null;
}

/**
 * ISO 639-1 code of `text`, or null when there is too little text to tell.
 * @param text the sender's own words (quotes and signature removed); the subject may be appended.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 1500);
  const script = byScript(sample);
  if (script) return script;
  const stop = byStopwords(sample);
  if (!stop && !/\p{L}\P{L}{0,3}\p{L}/u.test(sample)) return null;
  // A clear majority of one language's frequent words settles it, and costs far less than tinyld.
  if (stop && stop.score >= 2 && stop.score >= 1.5 * stop.second) return stop.lang;
  // Catalan is not in tinyld's model; its frequent words ("amb", "els", "crida") are telling.
  if (stop?.lang === 'ca' && stop.score > stop.second) return 'ca';
  let best: { lang: string; accuracy: number } | undefined;
  try {
    best = tinyld().detectAll(sample.slice(0, 400))[0];
  } catch {
    best = undefined;
  }
  const tiny = best ? ALIASES[best.lang] ?? best.lang : null;
  const short = sample.length < 80;
  if (stop && stop.score >= (short ? 1 : 2) && stop.score > stop.second && (short || !best || best.accuracy < 0.3) && tiny !== stop.lang) return stop.lang;
  if (tiny && best && best.accuracy >= 0.05) return tiny;
  return stop && stop.score > stop.second ? stop.lang : null;
}
