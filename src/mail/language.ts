/**
 * The language of the human-written text, as an ISO 639-1 code. Script decides where it can (kana,
 * Greek, the letters that tell Ukrainian, Belarusian and Russian apart); tinyld decides for longer
 * Latin text; counts of frequent words decide for short lines and for Catalan, which tinyld lacks.
 */
import { detectAll } from 'tinyld';
import { STOPWORDS } from './lexicon/stopwords';

/** word -> the languages it is frequent in. */
const STOP_INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) for (const w of words) STOP_INDEX.set(w, [...(STOP_INDEX.get(w) ?? []), lang]);
/** tinyld's Norwegian code and ours differ; everything else it returns is ISO 639-1 already. */
const ALIASES: Record<string, string> = { no: 'nb' };

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/** Decide from the writing system alone, or return null for Latin and mixed text. */
function byScript(text: string): string | null {
  const letters = count(text, /\p{L}/gu) || 1;
  const kana = count(text, /[\u3040-\u30ff]/g);
  if (kana > 0 && kana / letters > 0.05) return 'ja';
  if (count(text, /[\uac00-\ud7af]/g) / letters > 0.2) return 'ko';
  if (count(text, /[\u4e00-\u9fff]/g) / letters > 0.3) return 'zh';
  if (count(text, /[\u0370-\u03ff\u1f00-\u1fff]/g) / letters > 0.3) return 'el';
  if (count(text, /[\u0590-\u05ff]/g) / letters > 0.3) return 'he';
  if (count(text, /[\u0600-\u06ff]/g) / letters > 0.3) return 'ar';
  const cyr = count(text, /[\u0400-\u04ff]/g);
  if (cyr / letters > 0.3) {
    const low = text.toLowerCase();
    if (/ў/.test(low)) return 'be';
    if (/[їєґ]/.test(low)) return 'uk';
    const i = count(low, /і/g);
    const ruOnly = count(low, /[ыэъё]/g);
    if (i > 0 && ruOnly > 0) return 'be';
    if (i > 0) return 'uk';
    if (/[ђћџљњ]/.test(low)) return 'sr';
    return ruOnly > 0 || !/[ѓќѕ]/.test(low) ? 'ru' : 'mk';
  }
  return null;
}

function byStopwords(text: string): { lang: string; score: number; second: number } | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores: Record<string, number> = {};
  for (const w of words.slice(0, 400)) for (const lang of STOP_INDEX.get(w) ?? []) scores[lang] = (scores[lang] ?? 0) + 1;
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  if (!ranked.length) return null;
  return { lang: ranked[0]![0], score: ranked[0]![1], second: ranked[1]?.[1] ?? 0 };
}

/**
 * ISO 639-1 code of `text`, or null when there is too little text to tell.
 * @param text the sender's own words (quotes and signature removed); the subject may be appended.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 1500);
  if (count(sample, /\p{L}/gu) < 2) return null;
  const script = byScript(sample);
  if (script) return script;
  const stop = byStopwords(sample);
  // A clear majority of one language's frequent words settles it, and costs far less than tinyld.
  if (stop && stop.score >= 4 && stop.score >= 2 * stop.second) return stop.lang;
  // Catalan is not in tinyld's model; its frequent words ("amb", "els", "crida") are telling.
  if (stop?.lang === 'ca' && stop.score > stop.second) return 'ca';
  let best: { lang: string; accuracy: number } | undefined;
  try {
    best = detectAll(sample.slice(0, 600))[0];
  } catch {
    best = undefined;
  }
  const tiny = best ? ALIASES[best.lang] ?? best.lang : null;
  const short = sample.length < 80;
  if (stop && stop.score >= (short ? 1 : 2) && stop.score > stop.second && (short || !best || best.accuracy < 0.3) && tiny !== stop.lang) return stop.lang;
  if (tiny && best && best.accuracy >= 0.05) return tiny;
  return stop && stop.score > stop.second ? stop.lang : null;
}
