/**
 * Human intent of a message a person wrote (endorsement, withdrawal, question or spam), as scored
 * evidence. Each sentence of the sender's own words is read for concepts of the language table
 * (stems.ts): an endorsing act, a request to be listed, a withdrawal, the first person, the appeal or
 * its title, a question or condition, a negation. Each finding is a named signal with a weight, and the
 * decision comes from their sum. The weights lean one way on purpose: a doubtful endorsement becomes a
 * question for a person, never the reverse.
 */
import type { Concept } from './lexicon/languages';
import { SPAM_WORDS } from './lexicon/signals';
import { conceptsOf, fold, foldIndexed, type StemHit } from './stems';
import type { AppealEvidence, Signal } from './types';

export type HumanKind = 'endorsement' | 'withdrawal' | 'question' | 'spam';

export interface IntentInput {
  subject: string;
  /** The sender's new words (quotes, signature and disclaimers removed). */
  body: string;
  /** Text of an attached letter or of a forwarded original, read as the sender's own. */
  extra?: string;
  /** The appeal's titles and short names: quoting them is evidence the mail is about it. */
  appeal?: AppealEvidence;
  /** The language detected for the sender's words, when known: its stems are trusted first. */
  language?: string | null;
}

export interface IntentResult {
  kind: HumanKind;
  /** Readable reasons, shown to reviewers. */
  reasons: string[];
  /** The weighed signals behind the decision. */
  signals: Signal[];
  /** 0..1: how clear the evidence was. */
  confidence: number;
}

/** Points a message needs for an endorsement or a withdrawal. */
const THRESHOLD = 3;
/** Stands in for the appeal's title in folded text, so its "!" cannot cut a sentence and it reads as one word. */
const TITLE_TOKEN = 'zqappealtitleqz';
/** Two title tokens with only punctuation between them: one quotation of the title. */
const TITLE_PAIR = new RegExp(`${TITLE_TOKEN}[\\s!?.¡¿！]*${TITLE_TOKEN}`, 'g');
const TITLE_ANY = new RegExp(TITLE_TOKEN, 'g');

const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|odp|ynt|r|ris|rif|res|vs|απ|回复|答复)\s*(?:\[\d{1,3}\]\s*)?[:：]/i;
const ANY_PREFIX = /^\s*(?:(?:re|aw|sv|vs|wg|fwd?|fw|tr|rv|r|enc|doorst|pd|vl|i)\s*(?:\[\d{1,3}\]\s*)?[:：]\s*){1,5}/i;
const SPAM_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SPAM_WORDS.map(escape).join('|')})(?![\\p{L}])`, 'giu');
/** Prices ("$49.95", "€199") are one spam point: appeals do not sell. */
const PRICE = /[$€£]\s?\d{1,6}(?:[.,]\d{2})?|\d{1,6}(?:[.,]\d{2})?\s?(?:usd|eur|\$|€)/i;
/** Question marks of many scripts (Latin, CJK, Arabic, Armenian, Greek ";" as U+037E). */
const QUESTION_MARK = /[?？¿؟՞;]/;
const SENTENCE = /[^.!?。！？\n;؟]{1,2000}[.!?。！？;؟]*/g;
/** A quotation: an opening mark, 3 to 200 characters without a double mark or line break, the first closing mark. */
const QUOTE_OPEN = '«»„“"‚‹›「『';
const QUOTE_BAD = '«»„“”"\n';
const QUOTE_CLOSE = '»«“”"’›‹」』';
const QUOTE_MAX = 200;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Title fragments worth finding: each exclamation-separated part of a title, and multi-word short names. */
function titleFragments(appeal: AppealEvidence): string[] {
  const parts = appeal.titles.flatMap((t) => t.split(/[!?¡¿.。！]+/));
  const names = appeal.keywords.filter((k) => /\s/.test(k.trim()));
  const folded = [...parts, ...names].map((p) => fold(p).replace(/\s+/g, ' ').trim()).filter((p) => p.length >= 10);
  return [...new Set(folded)].sort((a, b) => b.length - a.length);
}

const fragmentCache = new WeakMap<AppealEvidence, string[]>();
function fragmentsOf(appeal: AppealEvidence | undefined): string[] {
  if (!appeal) return [];
  let f = fragmentCache.get(appeal);
  if (!f) fragmentCache.set(appeal, (f = titleFragments(appeal)));
  return f;
}

/** The text with every quotation of the appeal's title (accents, case and line breaks aside) replaced by one token. */
function markTitle(text: string, fragments: string[]): string {
  if (!fragments.length) return text;
  // Most mail does not quote the title: a plain fold and a substring test settle that cheaply.
  const quick = fold(text).replace(/\s+/g, ' ');
  if (!fragments.some((f) => quick.includes(f))) return text;
  const { folded, origin } = foldIndexed(text);
  const spans: Array<[number, number]> = [];
  for (const f of fragments) {
    for (let at = folded.indexOf(f); at >= 0; at = folded.indexOf(f, at + f.length)) {
      const start = origin[at]!;
      const end = origin[at + f.length - 1]! + 1;
      if (!spans.some(([s, e]) => start < e && end > s)) spans.push([start, end]);
    }
  }
  if (!spans.length) return text;
  spans.sort((x, y) => x[0] - y[0]);
  let out = '';
  let last = 0;
  for (const [s, e] of spans) {
    out += `${text.slice(last, s)} ${TITLE_TOKEN} `;
    last = e;
  }
  // "Stop ...! Peace for ...!" is found as two fragments: the "!" between them must not end a sentence.
  return (out + text.slice(last)).replace(TITLE_PAIR, TITLE_TOKEN);
}

/**
 * Letters joined by dots ("w.e.g.", "a.u.b.", "z.B.", "s.v.p.", "e.V."): an abbreviation, whose dots
 * end no sentence. Two or more groups of at most four letters, none of them opened inside a word.
 */
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}.])(?:\p{L}{1,4}\.){2,}/gu;

/** Lower-case text with the appeal's title replaced by one token, abbreviations' dots and "!" inside quotes neutralised. */
function prepare(text: string, fragments: string[]): string {
  const t = markTitle(text, fragments).toLowerCase().replace(/[\u00a0\t ]+/g, ' ').replace(DOTTED_ABBREVIATION, (m) => m.replace(/\./g, ' '));
  return neutraliseQuotes(t);
}

/**
 * Sentence marks inside quotations become spaces. A scan, not a lazy bounded pattern (retried from
 * every opening mark over up to 200 characters): the first closing mark and the first forbidden
 * character after a position only move forward, so two pointers find each quotation in linear time.
 */
function neutraliseQuotes(t: string): string {
  let out = '';
  let last = 0;
  let close = 0;
  let bad = 0;
  for (let i = 0; i < t.length; i++) {
    if (!QUOTE_OPEN.includes(t.charAt(i))) continue;
    // The quotation ends at the first closing mark after 3 characters, unless a forbidden one comes first.
    close = Math.max(close, i + 4);
    while (close < t.length && !QUOTE_CLOSE.includes(t.charAt(close))) close++;
    bad = Math.max(bad, i + 1);
    while (bad < t.length && !QUOTE_BAD.includes(t.charAt(bad))) bad++;
    if (close >= t.length || close - i - 1 > QUOTE_MAX || bad < close) continue;
    out += t.slice(last, i) + t.slice(i, close + 1).replace(/[!?.！？。]/g, ' ');
    last = close + 1;
    i = close;
  }
  return last === 0 ? t : out + t.slice(last);
}

interface Sentence {
  text: string;
  hits: Map<Concept, StemHit>;
  /** A negation and an endorsing word in one clause ("we will not sign"; not "we sign - not as a party"). */
  negated: boolean;
  title: boolean;
  question: boolean;
}

/** Concepts whose stems say which language a text is in (appeal nouns are shared too widely to tell). */
const CONTENT: readonly Concept[] = ['endorse', 'add', 'withdraw', 'remove', 'correct', 'mailing', 'request', 'away'];
/** Every concept but the appeal's name, which is evidence in any language. */
const SCOPED: readonly Concept[] = ['endorse', 'add', 'withdraw', 'remove', 'correct', 'mailing', 'request', 'we', 'ask', 'neg'];

/**
 * The languages the message is written in, by its content words: each matched stem votes for the
 * languages it belongs to. With a detected language: it, and any language with more stems (two at
 * least). Without: languages with at least a third of the top vote.
 */
function messageLanguages(all: Array<Map<Concept, StemHit>>, hint: string | null | undefined): Set<string> {
  const votes = new Map<string, number>();
  for (const hits of all) {
    for (const c of CONTENT) {
      const hit = hits.get(c);
      if (hit) for (const l of hit.langs) votes.set(l, (votes.get(l) ?? 0) + 1);
    }
  }
  // The detected language yields only to a language with more stems, and at least two: one stray word
  // ("removed", "signal", "firm") does not make an English mail Portuguese, Catalan or Maltese.
  if (hint) {
    const hinted = votes.get(hint) ?? 0;
    return new Set([hint, ...[...votes].filter(([, v]) => v >= 2 && v > hinted).map(([l]) => l)]);
  }
  const top = Math.max(0, ...votes.values());
  return new Set([...votes].filter(([, v]) => v >= top / 3).map(([l]) => l));
}

/**
 * Short words ("se", "si", "ne", "mi", "of", "os") and stems ("stryk" in a Polish place name) mean
 * different things in different languages: one counts only in a language the message is written in.
 */
function scoped(hits: Map<Concept, StemHit>, langs: Set<string>): Map<Concept, StemHit> {
  for (const c of SCOPED) {
    const hit = hits.get(c);
    if (hit && ![...hit.langs].some((l) => langs.has(l))) hits.delete(c);
  }
  return hits;
}

const CLAUSE = /[,;:()–—]|\s-\s/;

function negatedAct(sentence: string, hits: Map<Concept, StemHit>, langs: Set<string>): boolean {
  if (!hits.has('neg') || !(hits.has('endorse') || hits.has('add'))) return false;
  return sentence.split(CLAUSE).some((c) => {
    const h = scoped(conceptsOf(c), langs);
    return h.has('neg') && (h.has('endorse') || h.has('add'));
  });
}

type Raw = { text: string; hits: Map<Concept, StemHit> };

function rawSentences(text: string, title: string[]): Raw[] {
  const out: Raw[] = [];
  for (const s of prepare(text, title).match(SENTENCE) ?? []) if (/\p{L}/u.test(s)) out.push({ text: s, hits: conceptsOf(s) });
  return out;
}

/** True when a sentence asks something: a question mark of any script (Greek's ";" only at its end). */
export function isQuestion(text: string): boolean {
  // NFD turns the Greek question mark (U+037E) into ";".
  const greekQuestion = /;\s*$/.test(text) && /[\u0370-\u03ff]/.test(text);
  return greekQuestion || QUESTION_MARK.test(text.replace(/;/g, ''));
}

function finish(raw: Raw[], langs: Set<string>): Sentence[] {
  return raw.map(({ text, hits }) => {
    scoped(hits, langs);
    const question = isQuestion(text);
    return { text: text.trim(), hits, negated: negatedAct(text, hits, langs), title: text.includes(TITLE_TOKEN), question };
  });
}

function snippet(s: string): string {
  const t = s.replace(TITLE_ANY, '«title»').replace(/\s+/g, ' ');
  return t.length > 90 ? `${t.slice(0, 87)}...` : t;
}

interface Scored {
  score: number;
  signals: Signal[];
  sentence: Sentence;
}

/** True when two hits share a language: "i" (English) does not make French "signature" first person. */
function sameLanguage(a: StemHit | undefined, b: StemHit | undefined): boolean {
  return !!a && !!b && [...a.langs].some((l) => b.langs.has(l));
}

/** The context points of a sentence: who acts (in the act's language), and whether it names the appeal. */
function context(s: Sentence, signals: Signal[], act: StemHit): number {
  let n = 0;
  const we = s.hits.get('we');
  if (we && sameLanguage(we, act)) {
    signals.push({ name: 'first-person', weight: 1, text: we.word });
    n++;
  }
  const appeal = s.hits.get('appeal');
  if (appeal) {
    signals.push({ name: 'names-the-appeal', weight: 1, text: appeal.word });
    n++;
  }
  if (s.title) {
    signals.push({ name: 'quotes-the-title', weight: 1 });
    n++;
  }
  return n;
}

/**
 * An endorsing act: a sign/support/join word, or a request to list the writer ("add us"), neither
 * negated nor conditional. A question counts only as a polite request to be listed ("could you add us?").
 */
function endorsing(s: Sentence): Scored | null {
  const act = s.hits.get('endorse');
  const add = sameLanguage(s.hits.get('we'), s.hits.get('add')) ? s.hits.get('add') : undefined;
  if (!act && !add) return null;
  // "Add us to the list" names where; "my account gets added" does not.
  if (!act && !s.hits.has('appeal') && !s.title) return null;
  if (s.hits.has('withdraw') || s.hits.has('remove') || s.negated || s.hits.has('ask')) return null;
  if (s.question && !add) return null;
  const signals: Signal[] = [{ name: add && (!act || s.question) ? 'asks-to-be-listed' : 'endorsing-word', weight: 2, text: (act ?? add)!.word }];
  const score = 2 + context(s, signals, (act ?? add)!);
  return { score: Math.min(score, 5), signals, sentence: s };
}

/** A withdrawing act: withdraw/remove with who or what is withdrawn, not about our mailings. */
function withdrawing(s: Sentence): Scored | null {
  const w = s.hits.get('withdraw');
  const r = s.hits.get('remove');
  if (!w && !r) return null;
  if (s.hits.has('ask') || s.hits.has('mailing') || (!w && s.hits.has('neg'))) return null;
  // "Could you remove us?" asks to leave; "an exclusions list?" does not.
  if (!w && s.question && !s.hits.has('we')) return null;
  const signals: Signal[] = [{ name: w ? 'withdrawing-word' : 'removal-word', weight: 2, text: (w ?? r)!.word }];
  let score = 2 + context(s, signals, (w ?? r)!);
  const noun = s.hits.get('endorse');
  if (noun) {
    signals.push({ name: 'names-the-signature', weight: 1, text: noun.word });
    score++;
  }
  return { score, signals, sentence: s };
}

/** A subject led by a request ("Question about signing"), not one that endorses first ("Endorsement + a question"). */
function requestFirst(s: Sentence): boolean {
  const req = s.hits.get('request');
  if (!req) return false;
  const act = s.hits.get('endorse');
  const f = fold(s.text);
  return !act || f.indexOf(req.word) < f.indexOf(act.word);
}

function best(list: Array<Scored | null>): Scored | null {
  let top: Scored | null = null;
  for (const s of list) if (s && (!top || s.score > top.score)) top = s;
  return top;
}

function spamCheck(subject: string, body: string): IntentResult | null {
  const text = `${subject}\n${body}`;
  const hits = new Set((text.match(SPAM_RE) ?? []).map((s) => s.toLowerCase()));
  if (PRICE.test(text)) hits.add('prices');
  if (hits.size < 2) return null;
  const words = [...hits].slice(0, 5).join(', ');
  return { kind: 'spam', confidence: hits.size >= 3 ? 0.8 : 0.6, reasons: [`spam wording: ${words}`], signals: [{ name: 'spam-wording', weight: hits.size, text: words }] };
}

function result(kind: HumanKind, score: number, signals: Signal[], reasons: string[]): IntentResult {
  const confidence = kind === 'question' ? Math.max(0.3, Math.min(0.8, 0.3 + 0.1 * score)) : Math.min(0.95, 0.45 + 0.1 * score);
  return { kind, confidence: Math.round(confidence * 100) / 100, signals, reasons };
}

/** Read what the sender wants from their own words. */
export function readIntent(input: IntentInput): IntentResult {
  const title = fragmentsOf(input.appeal);
  const body = input.body.slice(0, 50_000);
  const extra = (input.extra ?? '').slice(0, 50_000);
  // In a reply the subject is usually ours ("Re: Call for endorsements"): it says nothing about the sender.
  const isReply = REPLY_PREFIX.test(input.subject);
  const subject = input.subject.replace(ANY_PREFIX, '').slice(0, 1000);

  const spam = spamCheck(subject, body);
  if (spam && spam.confidence >= 0.8) return spam;

  const rawBody = [...rawSentences(body, title), ...rawSentences(extra, title)];
  const rawSubject = rawSentences(subject, title);
  const langs = messageLanguages([...rawBody, ...(isReply ? [] : rawSubject)].map((r) => r.hits), input.language);
  const sentences = finish(rawBody, langs);
  const subj = finish(rawSubject, langs);
  const signals: Signal[] = [];
  const reasons: string[] = [];

  const all = [...sentences, ...subj];
  const hasConcept = (c: Concept) => all.some((s) => s.hits.has(c));
  // Asking about endorsing: an endorsing word in a question or condition that is not itself a request to be listed.
  const asking = [...sentences, ...(isReply ? [] : subj)].filter((s) => s.hits.has('endorse') && (s.question || s.hits.has('ask')) && !endorsing(s));
  const declining = sentences.filter((s) => s.negated && !s.hits.has('withdraw') && !s.hits.has('remove'));
  const questions = sentences.filter((s) => s.question).length;

  // Withdrawals first: a withdrawal names the earlier endorsement ("we signed; please remove us").
  const wBest = best([...sentences.map(withdrawing), ...(isReply ? [] : subj.map(withdrawing))]);
  const explicit = all.some((s) => s.hits.has('withdraw'));
  if (wBest && wBest.score >= THRESHOLD) {
    if (hasConcept('correct') && !explicit) {
      return result('question', 4, [...wBest.signals, { name: 'asks-for-a-correction', weight: -3 }], ['asks to correct an entry on the list']);
    }
    signals.push(...wBest.signals);
    reasons.push(`asks to withdraw or be removed from the list: "${snippet(wBest.sentence.text)}"`);
    return result('withdrawal', wBest.score, signals, reasons);
  }
  if (all.some((s) => s.hits.has('mailing') && (s.hits.has('remove') || s.hits.has('withdraw')))) {
    signals.push({ name: 'leaves-our-mailings', weight: -3 });
    reasons.push('asks to leave our mailings, not the list of signatories: left for a person');
    return result('question', 3, signals, reasons);
  }

  const bodyActs = sentences.map(endorsing).filter((s): s is Scored => !!s);
  const subjectAct = isReply ? null : best(subj.map(endorsing));
  const top = best([...bodyActs, subjectAct]);
  let score = 0;
  if (top) {
    score = top.score;
    signals.push(...top.signals);
    // Another act with context of its own confirms; a bare "support" elsewhere proves little.
    const others = [...bodyActs, subjectAct].filter((a) => a && a !== top && a.score >= THRESHOLD).length;
    if (others > 0) {
      signals.push({ name: 'endorses-again', weight: 1 });
      score++;
    }
    // A subject of the sender's own that names an endorsement ("Endorsement", "Adhesión") backs the text.
    const subjectCue = subj.find((s) => s.hits.has('endorse') && !s.question && !s.negated && !s.hits.has('ask') && !s.hits.has('request'));
    if (!isReply && subjectCue && top.sentence !== subjectCue && !(subjectAct && subjectAct.score >= THRESHOLD)) {
      signals.push({ name: 'subject-names-an-endorsement', weight: 1, text: subjectCue.hits.get('endorse')!.word });
      score++;
    }
    // A reply to our call ("Re: Please endorse: <title>") answered with "We support." is about the appeal.
    const subjectAboutAppeal = subj.some((s) => s.title || s.hits.has('appeal'));
    if (top.score < THRESHOLD && subjectAboutAppeal && top.sentence !== subjectAct?.sentence) {
      signals.push({ name: 'subject-names-the-appeal', weight: 1 });
      score++;
    }
  }
  if (asking.length) {
    signals.push({ name: 'asks-about-endorsing', weight: -2, text: snippet(asking[0]!.text) });
    score -= 2;
  }
  if (declining.length) {
    signals.push({ name: 'negated-endorsing', weight: -1, text: snippet(declining[0]!.text) });
    score--;
  }
  // "We support refugees here. Do you have leaflets?": the least an endorsement can be, without naming
  // the appeal, in a mail that asks something, is too little.
  if (top && score === THRESHOLD && questions > 0 && !top.sentence.hits.has('appeal') && !top.sentence.title) {
    signals.push({ name: 'unnamed-act-in-a-mail-that-asks', weight: -1 });
    score--;
  }
  // Unsubscribe and newsletter wording: a mailing's "X has signed" reports, it does not sign. An
  // endorsement written for us outweighs it (first person, the appeal named), a report does not.
  if (all.some((s) => s.hits.has('mailing'))) {
    signals.push({ name: 'newsletter-wording', weight: -1, text: all.find((s) => s.hits.has('mailing'))!.hits.get('mailing')!.word });
    score--;
  }
  if (spam) {
    signals.push(...spam.signals);
    score -= 2;
  }

  if (top && score >= THRESHOLD && hasConcept('correct')) {
    signals.push({ name: 'asks-for-a-correction', weight: -3 });
    return result('question', 4, signals, ['asks to correct an entry on the list']);
  }
  // A subject that names a request or an invitation says what the mail is for; endorsing words are then context.
  const subjectRequest = !isReply && subj.some(requestFirst);
  if (subjectRequest) {
    signals.push({ name: 'subject-names-a-request', weight: -2 });
    score -= 2;
  }
  if (top && score >= THRESHOLD) {
    const bySubject = top.sentence === subjectAct?.sentence;
    if (bySubject) signals.push({ name: 'subject-endorses', weight: 0 });
    const where = bySubject ? 'the subject endorses' : 'endorsing wording in the sender’s own text';
    reasons.push(`${where}: "${snippet(top.sentence.text)}"`);
    if (questions > 0 || asking.length) reasons.push('also asks something: needs a personal answer too');
    return result('endorsement', score, signals, reasons);
  }
  if (spam && questions === 0) return spam;
  if (top) reasons.push(`some endorsing wording, too little to be sure (${score} of ${THRESHOLD} points): left for a person`);
  if (asking.length) reasons.push('asks about endorsing without endorsing');
  if (declining.length) reasons.push('says it does not endorse');
  if (questions > 0 && !asking.length) reasons.push('asks a question');
  if (!reasons.length) reasons.push('no endorsing or withdrawing wording found: left for a person');
  return result('question', top ? 1 : 0, signals, reasons);
}
