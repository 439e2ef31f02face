/**
 * Matches the organisation-word table (lexicon/org-words.ts) against folded text word by word, with
 * entries indexed by their first character: one regular expression of a thousand alternatives with
 * look-behinds cost ~100 µs a phrase, and names are tested many times per message.
 */
import type { OrgWordRow } from './lexicon/org-words';

export interface OrgMatcher {
  /** How many words (and phrases, legal forms) of `padded` (folded, one space between words and at both ends) are organisation words. */
  count(padded: string): number;
  /** The length of the longest entry found inside one folded word, or 0. */
  longestIn(word: string): number;
}

/** Entries by their first two characters (all entries have at least two). */
function byStart(entries: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of entries) {
    const key = e.slice(0, 2);
    const list = m.get(key) ?? [];
    list.push(e);
    m.set(key, list);
  }
  return m;
}

/** Compile rows; `fold` is the normalisation the text gets (lower case, no diacritics). */
export function compileOrgWords(rows: readonly OrgWordRow[], fold: (s: string) => string): OrgMatcher {
  const whole = new Set<string>();
  const prefix: string[] = [];
  const infix: string[] = [];
  const phrases: string[] = [];
  for (const r of rows) {
    for (const raw of r.words) {
      const w = fold(raw.replace(/^[=^]/, ''));
      if (w.includes(' ')) phrases.push(raw.startsWith('=') || raw.startsWith('^') ? ` ${w}${raw.startsWith('=') ? ' ' : ''}` : w);
      else if (raw.startsWith('=')) whole.add(w);
      else (raw.startsWith('^') ? prefix : infix).push(w);
    }
  }
  // "e.V." is folded to "e v", "z. s." to "z s", "MTÜ" to "mtu": letters with optional spaces, as whole words.
  const legalAlts = rows.flatMap((r) => r.legal ?? []).map((f) => [...fold(f).replace(/[\s.]/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' ?'));
  const legal = new RegExp(`(?<= )(?:${legalAlts.join('|')})(?= )`, 'gu');
  const prefixIdx = byStart(prefix);
  const infixIdx = byStart(infix);

  function longestIn(word: string): number {
    let best = whole.has(word) ? word.length : 0;
    for (const p of prefixIdx.get(word.slice(0, 2)) ?? []) if (p.length > best && word.startsWith(p)) best = p.length;
    for (let i = 0; i + 1 < word.length; i++) {
      for (const e of infixIdx.get(word.slice(i, i + 2)) ?? []) if (e.length > best && word.startsWith(e, i)) best = e.length;
    }
    return best;
  }

  return {
    longestIn,
    count(padded: string): number {
      let n = 0;
      for (const w of padded.split(' ')) if (w && longestIn(w) > 0) n++;
      for (const p of phrases) if (padded.includes(p)) n++;
      return n + (padded.match(legal)?.length ?? 0);
    },
  };
}
