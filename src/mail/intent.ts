/**
 * Human intent of a message a person wrote: endorsement, withdrawal, question or spam, read sentence
 * by sentence from the sender's own words. Endorsing wording inside a question or a condition ("can we
 * endorse if...?") does not count, so such a message stays a question for a person to answer.
 */
import { INTENT } from './lexicon/intent';
import { SPAM_WORDS, SUBJECT_ENDORSE } from './lexicon/signals';

export type HumanKind = 'endorsement' | 'withdrawal' | 'question' | 'spam';

export interface IntentInput {
  subject: string;
  /** The sender's new words (quotes, signature and disclaimers removed). */
  body: string;
  /** Text of an attached letter (PDF) or of a forwarded original, read as the sender's own. */
  extra?: string;
}

export interface IntentResult {
  kind: HumanKind;
  reasons: string[];
  /** 0..1: how clear the wording was. */
  confidence: number;
}

type Group = 'endorse' | 'withdraw' | 'hypothetical' | 'request';

// Languages written without spaces cannot use a "word start" guard.
const NO_BOUNDARY = new Set(['ja', 'zh']);

function compile(group: Group, strictEnd: boolean): RegExp {
  const spaced: string[] = [];
  const unspaced: string[] = [];
  for (const [lang, lex] of Object.entries(INTENT)) (NO_BOUNDARY.has(lang) ? unspaced : spaced).push(...lex[group]);
  const end = strictEnd ? '(?![\\p{L}\\p{N}])' : '';
  const parts = [`(?<![\\p{L}\\p{N}])(?:${spaced.join('|')})${end}`];
  if (unspaced.length) parts.push(`(?:${unspaced.join('|')})`);
  return new RegExp(parts.join('|'), 'iu');
}

const RE: Record<Group, RegExp> = {
  endorse: compile('endorse', true),
  withdraw: compile('withdraw', true),
  hypothetical: compile('hypothetical', false),
  request: compile('request', false),
};
const SUBJECT_RE = new RegExp(`(?<![\\p{L}])(?:${SUBJECT_ENDORSE.join('|')})`, 'iu');
const SPAM_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SPAM_WORDS.map(escape).join('|')})(?![\\p{L}])`, 'giu');
const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|odp|ynt|r|ris|rif|res|απ|回复|答复)\s*(?:\[\d{1,3}\])?\s*[:：]/i;
/** Name corrections: "remove X and list us as Y" is a correction (a question), not a withdrawal. */
const CORRECTION = /(?:correct|misspel|typo|wrong name|spel(?:led|t) (?:wrong|incorrectly)|should read|korrigier|korrektur|schreibfehler|falsch geschrieben|corrig|correction|corre(?:cción|gir)|correggere|correzione|correção|correcção|poprawi|korekt|oprav|исправ|виправ|διόρθ|düzelt|訂正)/iu;
/** Verbs that can only mean withdrawing, which a correction does not use. */
const EXPLICIT_WITHDRAW = /(?:withdraw|retract|rescind|zurückzieh|ziehen .{0,80}zurück|rücknahme|widerruf|retrait|retirer notre signature|ritir|wycof|odvoláv|stahujeme|отзыв|отозв|відклик|адклік|αποσύρ|ανακαλ|geri çek|撤回|取り下げ)/iu;
/** Prices ("$49.95", "€199") are one spam point: appeals do not sell. */
const PRICE = /[$€£]\s?\d{1,6}(?:[.,]\d{2})?|\d{1,6}(?:[.,]\d{2})?\s?(?:usd|eur|\$|€)/i;
/** Polite requests phrased as questions ("could you add us?") still ask to be listed. */
const POLITE = /(?<![\p{L}])(?:could you|can you|would you|please|kannst du|könnt ihr|können sie|pourriez-vous|pouvez-vous|podéis|podrían|potete|podem|можете|можете ли|чи можете)/iu;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Lower-case, unify apostrophes and spaces: the lexicons are written that way. */
export function normaliseForMatch(text: string): string {
  return text.toLowerCase().replace(/[’‘`´]/g, "'").replace(/[\u00a0\t ]+/g, ' ');
}

/** Sentences with their closing punctuation; lines count as sentence breaks (lists, signatures). */
function sentences(text: string): string[] {
  return text.match(/[^.!?。！？\n]{1,2000}[.!?。！？]*/g) ?? [];
}

function isQuestion(s: string): boolean {
  return /[?？¿]/.test(s) || /(?:でしょうか|ますか|ですか)/.test(s);
}

/** Read what the sender wants from their own words. */
export function readIntent(input: IntentInput): IntentResult {
  const body = normaliseForMatch(input.body.slice(0, 50_000));
  const extra = normaliseForMatch((input.extra ?? '').slice(0, 50_000));
  // In a reply the subject is usually ours ("Re: Call for endorsements"): it says nothing about the sender.
  const isReply = REPLY_PREFIX.test(input.subject);
  const subject = isReply ? '' : normaliseForMatch(input.subject.replace(/^\s*(?:(?:re|aw|sv|vs|wg|fwd?|tr|rv|r)\s*:\s*){1,5}/i, ''));
  const reasons: string[] = [];

  const spamHits = new Set((`${subject}\n${body}`.match(SPAM_RE) ?? []).map((s) => s.toLowerCase()));
  if (PRICE.test(`${subject}\n${body}`)) spamHits.add('prices');
  if (spamHits.size >= 3) {
    return { kind: 'spam', confidence: 0.8, reasons: [`spam wording: ${[...spamHits].slice(0, 5).join(', ')}`] };
  }

  let endorse = 0;
  let withdraw = 0;
  let hypothetical = 0;
  let request = 0;
  let questions = 0;
  for (const s of [...sentences(body), ...sentences(extra)]) {
    const q = isQuestion(s);
    if (q) questions++;
    const hyp = RE.hypothetical.test(s);
    if (hyp) hypothetical++;
    if (RE.request.test(s)) request++;
    if (RE.withdraw.test(s)) withdraw++;
    if (RE.endorse.test(s) && !hyp && (!q || POLITE.test(s))) endorse++;
  }
  const subjectWithdraw = RE.withdraw.test(subject);
  const subjectHypothetical = RE.hypothetical.test(subject) || isQuestion(subject);
  const subjectEndorse = RE.endorse.test(subject) && !subjectHypothetical;
  const subjectNoun = SUBJECT_RE.test(subject) && !subjectHypothetical;

  const all = `${subject}\n${body}`;
  if ((withdraw > 0 || subjectWithdraw) && CORRECTION.test(all) && !EXPLICIT_WITHDRAW.test(all)) {
    return { kind: 'question', confidence: 0.7, reasons: ['asks to correct an entry on the list'] };
  }
  if (withdraw > 0 || subjectWithdraw) {
    reasons.push('asks to withdraw or be removed from the list');
    return { kind: 'withdrawal', confidence: withdraw > 0 ? 0.9 : 0.6, reasons };
  }
  if (endorse > 0 || (subjectEndorse && !hypothetical && !request)) {
    reasons.push(endorse > 0 ? 'endorsing wording in the sender’s own text' : 'the subject says it endorses');
    if (questions > 0) reasons.push('also asks something: needs a personal answer too');
    return { kind: 'endorsement', confidence: endorse > 0 ? 0.9 : 0.6, reasons };
  }
  if (hypothetical > 0 || request > 0 || questions > 0 || subjectHypothetical) {
    if (hypothetical > 0 || subjectHypothetical) reasons.push('asks about endorsing without endorsing');
    if (request > 0) reasons.push('a request for a person (correction, press, invitation or permission)');
    if (questions > 0 && !hypothetical && !request) reasons.push('asks a question');
    return { kind: 'question', confidence: 0.7, reasons };
  }
  if (spamHits.size >= 2) return { kind: 'spam', confidence: 0.6, reasons: [`spam wording: ${[...spamHits].join(', ')}`] };
  if (subjectNoun) {
    return { kind: 'endorsement', confidence: 0.5, reasons: ['the subject names an endorsement and the text asks nothing'] };
  }
  return { kind: 'question', confidence: 0.3, reasons: ['no endorsing or withdrawing wording found: left for a person'] };
}
