/**
 * The sentences of a sender's own words that ask something, kept so a question does not get lost when
 * the mail is filed as an endorsement ("We endorse. Can we also speak at the rally?"). Intent scoring
 * (intent.ts) decides whether a mail asks; this keeps the asking sentences as written, for a person.
 */
import { isQuestion } from './intent';

/** Sentences ending at a full stop, "!", "?" (of several scripts) or a line break. */
const SENTENCE = /[^.!?。！？\n؟]{1,2000}[.!?。！？;؟]*/g;
/** A question shown to an organiser is cut to this many characters. */
const MAX_CHARS = 300;

/**
 * The asking sentences of `text` (the sender's own words, quotes and signature already removed), in
 * order, whitespace collapsed, at most `max` of them, each cut to 300 characters.
 */
export function askedSentences(text: string, max = 5): string[] {
  const out: string[] = [];
  for (const m of text.slice(0, 50_000).match(SENTENCE) ?? []) {
    const s = m.replace(/\s+/g, ' ').trim();
    if (!/\p{L}/u.test(s) || !isQuestion(s)) continue;
    out.push(s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);
    if (out.length >= max) break;
  }
  return out;
}
