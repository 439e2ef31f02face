/**
 * Finds who signs in a message's text: the names an organisation gives itself in a sentence ("X
 * endorses", "on behalf of X", "X, Y and Z endorse"), in an explicit list form ("please list us as:
 * X", a Latin form in parentheses), or standing alone; and segments each name (places, acronyms and
 * translations peeled off, intro and clause words dropped); member lists are in member-lists.ts.
 * Returns scored candidates; the extractor merges them. Line- and sentence-based with bounded
 * patterns, so linear on hostile input.
 */
import { findPlaces, placeOf } from './country';
import {
  AFTER_RE, AFTER_STOP, BODY_OF_RE, CONNECTORS, EXPLICIT_RE, HAS_VERB_RE, INTRO_RE, LEADING_RE, PRONOUN_RE, SUBJECT_ROWS, VERB_CJK_RE, VERB_RE,
  type SubjectRow,
} from './lexicon/signing';
import { isBareOrgWord, isDepartment, isNonLatin, isRole, orgTypeCount, orgWordCount, tidyName } from './names';
import { isSignOff } from './signature-lines';
import { conceptsOf } from './stems';
import { trimEndChars } from './trim-chars';
import type { FieldSource } from './types';
import { peelWebSuffix } from './website';

/** A name found in the text, with how it was found. Higher `rank` wins when candidates name the same signer. */
export interface Candidate {
  name: string;
  rank: number;
  source: FieldSource;
  snippet: string;
  /** A place written with the name ("(Sverige)", ", Kyiv", "aus Berlin"): the strongest country evidence. */
  place: string | null;
  /** The sender asked for this exact form on the list. */
  explicit: boolean;
  /** Other forms the text gives with the name: an acronym or a translation in parentheses. */
  aliases?: string[];
  /** A website written on the name's own line (a coalition table's column). */
  website?: string | null;
  /** One of several names a sentence coordinates ("X, Y and Z endorse"): each is a signer of its own. */
  coordinated?: boolean;
}

export const RANK = { explicit: 100, latinParen: 90, subject: 70, signature: 60, standalone: 50, from: 40, subjectLine: 35 } as const;

// One \s* on either side of the optional place, not two in a row (quadratic on a run of spaces).
const QUOTED_TAIL_RE = /[„“"«‚‘'「『]([^„“”"«»‚‘’'「」『』]{2,120})[“”"»‘’'」』]\s*(?:(?:aus|from|de|d'|di|z|из|з|από|in|en|nga|minn|kutoka|dari|frá)\s+(\p{Lu}[\p{L}\p{M}-]{1,30})\s*)?$/u;
const APPEAL_QUOTE_RE = /[«„“"]([^«»„“”"\n]{0,300})[»“”"]/g;

/** The appeal's own title in quotes ("Stop the ...!") hides names and places of its own: blank it out. */
export function blankAppealTitles(text: string): string {
  return text.replace(APPEAL_QUOTE_RE, (m, inner: string) => (/[!¡]/.test(inner) || inner.split(/\s+/).length > 8 ? ' '.repeat(m.length) : m));
}

/** "(PSUL)", "(USRE 38)", "(SAMAPIL-Milano)": an acronym, perhaps with a number or a place. */
const ACRONYM_RE = /^[\p{Lu}\d][\p{Lu}\d&.·'-]{1,14}(?:[ -][\p{Lu}\p{N}][\p{L}\p{N}]{0,20})?$/u;

/**
 * Split a trailing "(...)" off a name: a place goes to `place`; an acronym or a translation goes to
 * `alias`. In a form the sender asked for (`keepUnknown`) only a country is taken out.
 */
export function peelParen(name: string, keepUnknown: boolean): { name: string; place: string | null; alias: string | null } {
  const m = /^(.*\S)\s*\(([^()]{1,80})\)$/u.exec(name.trim());
  if (!m) return { name, place: null, alias: null };
  const inner = m[2]!.trim();
  const pl = placeOf(inner);
  // In a form the sender asked for, only a country is taken out: "(Tbilisi)" may be part of the name.
  if (pl && (!keepUnknown || pl.kind === 'country')) return { name: m[1]!, place: inner, alias: null };
  // "(sitzt in Oldenburg, ist aber ...)": a remark in lower case is no part of the name.
  if (/^\p{Ll}/u.test(inner) && inner.includes(' ')) return { name: m[1]!, place: null, alias: null };
  // A town after an organisation-type name: "Solidarisches Netzwerk Mittelhessen e.V. (Gießen)".
  const town = /^\p{Lu}[\p{Ll}\p{M}ß'-]{2,}$/u.test(inner) && orgTypeCount(m[1]!) > 0;
  if (keepUnknown) return town ? { name: m[1]!, place: inner, alias: null } : { name, place: null, alias: null };
  // "(Victoria, BC)", "(Toronto, ON)": a town and a state or province code.
  if (/^\p{Lu}[\p{L}\p{M}' .-]{1,40},\s*\p{Lu}{2,3}$/u.test(inner)) return { name: m[1]!, place: inner, alias: null };
  if (ACRONYM_RE.test(inner) && /\p{Lu}{2}/u.test(inner)) return { name: m[1]!, place: null, alias: inner };
  // One or two capitalised words that are no acronym ("(Breisgau)", "(Tbilisi)") qualify a place.
  if (/^\p{Lu}[\p{Ll}\p{M}'-]+(?:[ ,]+\p{Lu}[\p{Ll}\p{M}'-]+)?$/u.test(inner) && orgWordCount(inner) === 0) return { name: m[1]!, place: inner, alias: null };
  // A translation: several words, or another script than the name's ("Heraklion Food Couriers' Union (Σωματείο ...)").
  if (inner.split(/\s+/).length >= 2 && !inner.includes(',') && (orgWordCount(inner) > 0 || isNonLatin(inner) !== isNonLatin(m[1]!))) return { name: m[1]!, place: null, alias: inner };
  return { name, place: null, alias: null };
}

/** Trailing ", Kyiv" / " – Lyon, France" / " from Leeds": a place after a name ("z Krakowa", "de Liège" may be part of it). */
function peelPlaceSuffix(name: string): { name: string; place: string | null } {
  // A spaced separator is tried where its run of spaces starts (or within the lazy name's first two characters).
  const m = /^(.{2,200}?)(?:,\s*|(?<!..\s)\s+(?:[-–—]\s+|(?:from|aus|z|ze|з|із|из|iz|nga|minn|kutoka|dari|frá)\s+))([^,–—]{2,60}(?:,[^,–—]{2,40})?)$/u.exec(trimEndChars(name.trim(), /[,;:]/));
  // Slavic "z/з" is also "with" ("Solidarności z Ukrainą"): after it only a town is a place ("z Poznania").
  const separator = m ? m[0].slice(m[1]!.length, m[0].length - m[2]!.length) : '';
  const slavicWith = /^\s+(?:z|ze|з|із|из|iz)\s+$/u.test(separator);
  if (m && placeOf(m[2]!) && (!slavicWith || placeOf(m[2]!)!.kind === 'city')) return { name: m[1]!, place: m[2]! };
  return { name, place: null };
}

/** True when a place's own name, article and all, opens the text ("Los Angeles", "Den Haag"). */
function startsWithPlace(t: string): boolean {
  const head = t.slice(0, 60);
  return /^\p{L}+\s/u.test(head) && findPlaces(head).some((h) => h.start === 0 && /\s/.test(h.text) && h.kind !== 'demonym');
}

/** Articles, "on behalf of", "we, the", and the body that decided ("the executive committee of"), before a name. */
function stripIntro(s: string): string {
  // "La Paz Collective", "The Hague Peace Forum": an article that opens a place's name stays.
  const dropArticle = (x: string) => (startsWithPlace(x) ? x : x.replace(LEADING_RE, ''));
  let t = dropArticle(s.replace(INTRO_RE, ''));
  let cut = -1;
  for (const m of t.matchAll(BODY_OF_RE)) cut = m.index + m[0].length;
  // "the board of the X union": the body goes; "Bureau de la Paix Lyon" opens with one and is the name.
  if (cut >= 0 && (!/^\p{Lu}/u.test(t) || orgTypeCount(t.slice(cut)) > 0 || t.slice(0, cut).trim().split(/\s+/).length > 3)) t = t.slice(cut);
  t = dropArticle(t);
  // "comité du Collectif X", "executive committee of the X": a lower-case body word before the name.
  const body = /^((?:\p{Ll}[\p{L}\p{M}'’-]*\s+){1,3}?)(?:of the|of|du|de la|de l'|des|de|del|della|dello|der|des|van het|van de|van|i|af)\s+(?=\p{Lu})/u.exec(t);
  if (body && (orgWordCount(body[1]!) > 0 || isDepartment(body[1]!))) t = t.slice(body[0].length);
  return t;
}

/** A name as found in a text: places, acronyms and translations peeled off, intro words dropped, tidied; null when it is no name. */
export function candidate(raw: string, rank: number, source: FieldSource, snippet: string, explicit = false): Candidate | null {
  // Fullwidth parentheses (CJK text) read as ASCII ones: "網絡（台北）".
  const web = peelWebSuffix(raw.replace(/(?<!\s)\s*（/g, ' (').replace(/）/g, ')'));
  const cjkFree = trimEndChars(web.name.trim(), /[\s,;:]/);
  const peeled = peelParen(cutAfterAcronym(cjkFree), explicit);
  // "Name, City (Country)": the city goes too, the country in parentheses stays the evidence.
  const suffix = explicit ? { name: peeled.name, place: null } : peelPlaceSuffix(peeled.name);
  const { alias } = peeled;
  const name = suffix.name;
  const place = peeled.place ?? suffix.place;
  let clean = tidyName(stripIntro(name));
  // "le collectif Ukraine Libre": an organisation word in lower case, then the proper name.
  if (/^\p{Ll}/u.test(clean) && orgWordCount(clean.split(/\s+/)[0]!) > 0 && /\s\p{Lu}/u.test(clean)) clean = clean[0]!.toUpperCase() + clean.slice(1);
  // A place alone, or "Desde Medellín", is where the sender writes from, not who signs.
  const [first, ...rest] = name.trim().split(/\s+/);
  if (!explicit && (placeOf(name.trim()) || (rest.length && PLACE_PREPOSITIONS.has(first!.toLowerCase()) && placeOf(rest.join(' '))))) return null;
  // A name does not end in a preposition or article ("den Aufruf zu"): that is a clause cut short.
  if (CONNECTORS.has(clean.split(/\s+/).pop()!.toLowerCase()) && clean.includes(' ')) return null;
  if (clean.length < 2 || clean.length > 150 || PRONOUN_RE.test(clean) || isBareOrgWord(clean)) return null;
  if (!explicit && readsAsAct(clean)) return null;
  // "Надсилаю підписи ініціатив, з якими ми разом працюємо": a first-person pronoun inside marks a sentence.
  if (!explicit && clean.split(/[\s,]+/).some((w) => WE.has(w.toLowerCase()))) return null;
  // In text written in capitals, capitals prove nothing: a name needs an organisation word or to be an acronym.
  const letters = name.replace(/[^\p{L}]/gu, '');
  if (letters.length > 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && orgWordCount(clean) === 0 && !explicit) return null;
  // A date ("At its meeting of 14 February 2023 ...") marks a sentence, not a name.
  if (/\b\d{1,2}(?:\.|er|st|nd|rd|th)?\s+\p{L}{3,}\s+(?:19|20)\d\d\b|\b\d{1,2}\.\d{1,2}\.(?:19|20)?\d\d\b/u.test(clean)) return null;
  if (!isNonLatin(clean) && !/^[\p{Lu}\p{N}]/u.test(clean)) return null;
  const words = clean.split(/\s+/);
  if (words.length > 14) return null;
  const aliases = alias ? [ACRONYM_RE.test(alias) ? alias : tidyName(alias)] : [];
  return { name: clean, rank, source, snippet: snippet.trim().slice(0, 200), place, explicit, aliases, ...(web.website ? { website: web.website } : {}) };
}

const NEGATION_END_RE = /(?:^|\s)(?:not|does not|do not|doesn't|don't|nicht|non|ne|no|nie|не|ні|δεν|niet|inte|ikke|ei|nem|nu|ez|ne\s+\S+)\s*$/iu;
/** Words that put a place before a name-like phrase: "Desde Medellín", "From Leeds", "Aus Berlin". */
const PLACE_PREPOSITIONS = new Set(['desde', 'from', 'aus', 'depuis', 'de', 'da', 'dalla', 'dal', 'z', 'ze', 'з', 'із', 'из', 'iz', 'van', 'uit', 'fra', 'från', 'in', 'en', 'à', 'a', 'w', 'v', 'у', 'в', 'nga', 'minn', 'kutoka', 'dari', 'frá']);

const WE = new Set(['we', 'us', 'wir', 'uns', 'nous', 'nosotros', 'nosotras', 'noi', 'wij', 'ons', 'vi', 'ми', 'мы', 'нас', 'biz', 'εμείς', 'kami', 'tayo', 'sisi', 'me', 'meil', 'bizim', 'біз', 'біздің', 'আমরা', 'আমাদের', 'हम', 'हमारा', 'हमारी', 'हमारे']);

/** Where the last sentence ends in `t` (-1 for none); "м. Житомир", "St. Gallen", "e.V." end none. */
function lastSentenceEnd(t: string): number {
  let at = -1;
  for (const m of t.matchAll(/[.!?]\s+/g)) if (!(m[0][0] === '.' && /(?:^|[\s(.])\p{L}{1,3}$/u.test(t.slice(Math.max(0, m.index - 4), m.index)))) at = m.index;
  return at;
}

/** Text of each paragraph with its lines joined, so wrapped sentences read as one. */
function paragraphs(text: string): string[] {
  return text.split(/\n[ \t]*\n/).map((p) => p.replace(/(?<!\s)\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

/** The name just before a verb: the last clause, its article dropped, an appositive skipped. */
function nameBefore(before: string): string | null {
  const s = before.trimEnd();
  const q = QUOTED_TAIL_RE.exec(trimEndChars(s.slice(-200), /[\s,;]/));
  if (q) return q[2] ? `${q[1]} (${q[2]})` : q[1]!;
  // Clause start: sentence end, colon, semicolon or a spaced dash; "Name – Place" keeps the name.
  const boundary = (t: string) => Math.max(t.lastIndexOf(': '), t.lastIndexOf('; '), t.lastIndexOf(' - '), t.lastIndexOf(' – '), t.lastIndexOf(' — '), lastSentenceEnd(t));
  let cut = boundary(s);
  if (cut > 0 && /^ [-–—] /.test(s.slice(cut, cut + 3)) && placeOf(s.slice(cut + 3))) cut = boundary(s.slice(0, cut));
  let clause = s.slice(cut >= 0 ? cut + 2 : 0).slice(-240);
  clause = clause.replace(
    /(?:\s+(?:also|hereby|herewith|formally|fully|gladly|unanimously|officially|has|have|had|will|would|hat|haben|wird|a|ont|ha|han|hanno|is|are|hiermit|gerne|auch|también|aussi|anche|també|ook|også|також|тоже|taky|także|ufficialmente|proud|pleased|happy|glad|delighted|honou?red|wishes|wants|would like|decided|voted|agreed|resolved|to|resolvió|decidió|acordó|decidiu|ha deciso|a décidé de|hat beschlossen|beschloss|einstimmig|unanimemente|por unanimidad|à l'unanimité|hierbij|herved|härmed|ezúton|niniejszym|tímto|настоящим|цим|ens|nos|se|si|sich|își|isi|zu|de|di|d'))+$/iu,
    '',
  );
  clause = withoutObject(clause);
  // "X in quanto tale non firma", "X does not sign": a negated verb names who does not sign.
  if (NEGATION_END_RE.test(clause)) return null;
  // "At its meeting on 3 May the board of X decided to": the name follows the body that decided.
  let body = -1;
  for (const b of clause.matchAll(BODY_OF_RE)) body = b.index + b[0].length;
  if (body > 0) clause = clause.slice(body);
  const parts = splitTopLevel(clause).map((p) => p.trim()).filter(Boolean);
  // "Nova Hromada Union, Kharkiv, Ukraine endorses": places after the name stay with it, to be peeled as its place.
  let last = parts.length - 1;
  while (last > 0 && placeOf(parts[last]!)) last--;
  if (last < parts.length - 1 && opensName(parts[last]!.replace(LEADING_RE, ''))) {
    // 'The association "Peace Now" from Tirana, Albania': the quoted name, then its places.
    const q2 = QUOTED_TAIL_RE.exec(trimEndChars(parts[last]!, /[\s,;]/));
    return [...(q2 ? [q2[1]!, ...(q2[2] ? [q2[2]] : [])] : [parts[last]!]), ...parts.slice(last + 1)].join(', ');
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!.replace(LEADING_RE, '');
    if (opensName(p)) return /^\p{Ll}/u.test(p) ? p : parts[i]!;
  }
  return null;
}

/**
 * Endorsing wording and the appeal, both in lower case or in a script without case, make a sentence,
 * not a name: "शांति मंच भारत इस अपील का समर्थन करता है", "부산평화연대는 호소문을 지지합니다". A name may
 * hold either word ("Ukraine Support Network", "Peace Appeal Leeds"), capitalised.
 */
function readsAsAct(name: string): boolean {
  const hits = conceptsOf(name.split(/\s+/).filter((w) => !/\p{Lu}/u.test(w)).join(' '));
  return hits.has('endorse') && hits.has('appeal');
}

/**
 * The clause without the appeal at its end: in verb-final order the verb's object stands between the
 * name and the verb ("İzmir Barış Derneği çağrıyı destekliyor", "Қарағанды жастар бірлестігі үндеуді
 * қолдайды"). Only words in lower case (or in a script without case): "Ukraine Appeal" is a name.
 */
function withoutObject(clause: string): string {
  const words = clause.split(' ');
  while (words.length > 1 && !/\p{Lu}/u.test(words.at(-1)!) && conceptsOf(words.at(-1)!).has('appeal')) words.pop();
  return words.join(' ');
}

/**
 * Whether a clause part opens a name: a capital (or a script without case), or an organisation word
 * in lower case before a proper name, quoted or not ("le collectif Ukraine Libre", "spolek Ukrajinci
 * v Brně", 'shoqata "Paqja Tani"').
 */
function opensName(p: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(p) || (isNonLatin(p) && !/^\p{Ll}/u.test(p)) || (/^\p{Ll}\S*\s+[„“"«‚‘'「『]?\p{Lu}/u.test(p) && orgWordCount(p.split(/\s+/)[0]!) > 0);
}


/** "X (ACRONYM) have received...": an acronym in parentheses closes a name; the words after it are the sentence. */
function cutAfterAcronym(raw: string): string {
  const acr = /^(.{3,150}?\(\s*[\p{Lu}\d][\p{Lu}\d&.-]{1,14}\s*\))\s+\p{L}/u.exec(raw);
  return acr ? acr[1]! : raw;
}

/** A word up to its apostrophe ("l'Union" -> "l"); a word has no line break, so /['’].*$/ cut here too. */
function beforeApostrophe(w: string): string {
  const at = w.search(/['’]/);
  return at < 0 ? w : w.slice(0, at);
}

/** "And" in the languages of the table: between names in a coordination, or after a name before "and we ...". */
const AND_WORDS = ['and', '&', 'i', 'y', 'et', 'und', 'e', 'en', 'og', 'och', 'és', 'și', 'oraz', 'ja', 'a', 'и', 'і', 'та', 'ir', 'un', 've', 'και', 'dhe', 'na', 'at', 'ta', 'eta', 'agus'];
const AND = new Set(AND_WORDS);

/** Cut a name read after "on behalf of" where prose resumes: two lower-case words that join nothing. */
function trimAtProse(raw: string): string {
  const ws = raw.split(/\s+/);
  for (let i = 1; i + 1 < ws.length; i++) {
    const a = ws[i]!;
    const b = ws[i + 1]!;
    if (/^\p{Ll}/u.test(a) && /^\p{Ll}/u.test(b) && !CONNECTORS.has(beforeApostrophe(a)) && !CONNECTORS.has(beforeApostrophe(b))) {
      // "X y queremos sumarnos": the "and" before the prose goes with it.
      let end = i;
      while (end > 1 && AND.has(ws[end - 1]!.toLowerCase())) end--;
      return ws.slice(0, end).join(' ');
    }
  }
  return raw;
}

/** Split at commas outside parentheses: "X (Lublin, Polska)" stays whole. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0 && /\s/.test(s[i + 1] ?? '')) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Names that sentences give as the subject of an endorsing verb, or after "on behalf of". */
export function sentenceCandidates(text: string, source: FieldSource): Candidate[] {
  const out: Candidate[] = [];
  for (const para of paragraphs(blankAppealTitles(text))) {
    if (para.length > 3000) continue;
    for (const m of para.matchAll(VERB_RE)) {
      const before = para.slice(Math.max(0, m.index - 300), m.index);
      const snippet = para.slice(Math.max(0, m.index - 120), m.index + 40);
      // "X, Y and Z endorse" / "Adhieren X, Y y Z.": several signers named in one sentence.
      const sentenceStart = Math.max(lastSentenceEnd(before.replace(/[:;](?=\s)/g, '.')) + 1, 0);
      const after = skipAppealObject(para.slice(m.index + m[0].length, m.index + m[0].length + 400).split(/[.;!?:](?:\s|$)/)[0]!);
      const listed = coordinatedNames(before.slice(sentenceStart), source, snippet);
      const listedAfter = before.slice(sentenceStart).trim() ? [] : coordinatedNames(after, source, snippet);
      if (listed.length >= 2 || listedAfter.length >= 2) {
        out.push(...(listed.length >= 2 ? listed : listedAfter));
        continue;
      }
      // Verb first ("Tacaíonn X leis an achainí", "Adhiere X al llamamiento"): the capitalised run after the verb.
      // Verb second ("Hiermit unterstützt die X den Aufruf"): a lead of an adverb or two, then the verb, then the name.
      const lead = before.slice(sentenceStart).trim();
      let raw = lead ? nameBefore(before) : capitalisedRun(after);
      let c = raw ? candidate(raw, RANK.subject + (orgWordCount(raw) > 0 ? 5 : 0), source, snippet) : null;
      if (!c && lead && lead.split(/\s+/).length <= 2) {
        raw = capitalisedRun(after);
        c = raw ? candidate(raw, RANK.subject + (orgWordCount(raw) > 0 ? 5 : 0), source, snippet) : null;
      }
      // A name the sender put in quotes is a name even when it is one plain word («Світло»).
      if (c && !isDepartment(c.name) && (orgWordCount(c.name) > 0 || properName(c.name) || QUOTED_TAIL_RE.test(trimEndChars(before, /[\s,;]/)))) out.push(c);
    }
    out.push(...topicSubjects(para, source));
    for (const m of para.matchAll(VERB_CJK_RE)) {
      // The run of CJK or Latin letters that ends the 60 characters before the verb (a loop: the pattern was quadratic).
      const near = para.slice(Math.max(0, m.index - 60), m.index);
      const run = near.slice(trimEndChars(near, /[\u3040-\u30ff\u3400-\u9fffA-Za-z0-9・ー]/).length);
      const c = run.length >= 2 ? candidate(run, RANK.subject, source, run) : null;
      if (c) out.push(c);
    }
    for (const m of para.matchAll(AFTER_RE)) {
      const rest = para.slice(m.index + m[0].length, m.index + m[0].length + 200);
      const stop = afterStop(rest);
      const seg = stop >= 0 ? rest.slice(0, stop) : rest;
      // "add our sister organisation, X, to the list": the first part that reads as a name.
      const part = splitTopLevel(seg)
        .map((x) => x.trim())
        .find((x) => !PRONOUN_RE.test(x) && (/^[\p{Lu}\p{N}]/u.test(stripIntro(x)) || isNonLatin(x)));
      const raw = trimAtProse(part ?? seg);
      const c = candidate(raw, RANK.subject, source, para.slice(m.index, m.index + m[0].length + raw.length));
      if (c && (orgWordCount(c.name) > 0 || properName(c.name)) && !isDepartment(c.name)) out.push(c);
    }
  }
  return out;
}

const AFTER_STOP_ALL = new RegExp(AFTER_STOP.source, 'giu');

/**
 * Where a name read after a marker ends: AFTER_STOP, but not at the inner dot of an abbreviation that
 * goes on ("e.V.", "z. s."): after a one- or two-letter word, a dot followed by another such word and dot.
 */
function afterStop(rest: string): number {
  for (const m of rest.matchAll(AFTER_STOP_ALL)) {
    const inner = m[0] === '.' && /(?:^|[\s(.])\p{L}{1,2}$/u.test(rest.slice(Math.max(0, m.index - 3), m.index)) && /^\.\s?\p{L}{1,2}\./u.test(rest.slice(m.index, m.index + 6));
    if (inner) continue;
    // The abbreviation's last dot is its own ("e.V." ends with it).
    return m[0] === '.' && /\.\s?\p{L}{1,2}$/u.test(rest.slice(Math.max(0, m.index - 4), m.index)) ? m.index + 1 : m.index;
  }
  return -1;
}

/** The name that opens a text: capitalised words and the connectors between them, an acronym in parentheses. */
/**
 * After a verb that opens its sentence, the appeal may come before the signers ("aderiscono all'appello
 * il Circolo X e l'Associazione Y", "se adhieren al llamamiento la X y el Y"): up to four words in
 * lower case ending in the appeal's noun are skipped.
 */
function skipAppealObject(after: string): string {
  const ws = after.trimStart().split(/\s+/);
  for (let i = 0; i < Math.min(4, ws.length - 1); i++) {
    if (/\p{Lu}/u.test(ws[i]!)) break;
    if (conceptsOf(ws[i]!.replace(/^\p{L}+['’]/u, '')).has('appeal')) return ws.slice(i + 1).join(' ');
  }
  return after;
}

function capitalisedRun(text: string): string | null {
  const ws = text.trim().replace(LEADING_RE, '').split(/\s+/);
  let end = 0;
  for (let i = 0; i < ws.length && i < 14; i++) {
    const w = ws[i]!;
    if (/^[\p{Lu}\p{N}(]/u.test(w) || (isNonLatin(w) && w.toLowerCase() === w.toUpperCase())) end = i + 1;
    else if (!CONNECTORS.has(w.toLowerCase())) break;
  }
  return end >= 2 ? ws.slice(0, end).join(' ') : null;
}

// Tried only where a run of spaces starts: inside a long run each start rescanned it.
const AND_RE = new RegExp(`(?<!\\s)\\s+(?:${AND_WORDS.join('|')})\\s+(?=\\S)`, 'iu');

/** The names of a coordination ("L'Ateneu X, la Xarxa Y i el Sindicat Z"), when every part is an organisation's name. */
function coordinatedNames(clause: string, source: FieldSource, snippet: string): Candidate[] {
  const parts = splitTopLevel(clause.trim()).flatMap((p) => {
    const at = p.search(AND_RE);
    return at < 0 ? [p] : [p.slice(0, at), p.slice(at).replace(AND_RE, '')];
  });
  if (parts.length < 2 || parts.length > 12) return [];
  const out: Candidate[] = [];
  for (const p of parts) {
    const c = candidate(p.trim(), RANK.subject, source, snippet);
    if (!c || orgTypeCount(c.name) === 0 || c.name.split(/\s+/).length < 2) return [];
    c.coordinated = true;
    out.push(c);
  }
  return out;
}

/** Two or more words, each capitalised (or in a script without case) or a connector: "Women Weaving Peace". */
function properName(name: string): boolean {
  const ws = name.split(/\s+/);
  return ws.length >= 2 && ws.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || isNonLatin(w) || CONNECTORS.has(w.toLowerCase()) || /^\p{L}{1,3}\.(?:\p{L}{1,3}\.?)?$/u.test(w));
}

function capitalisedShare(name: string): number {
  const ws = name.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (ws.length === 0) return 0;
  return ws.filter((w) => /^[\p{Lu}\p{N}]/u.test(w) || isNonLatin(w)).length / ws.length;
}

/** Forms the sender asks to be listed under, and Latin forms given in parentheses after a non-Latin name. */
export function explicitCandidates(text: string, source: FieldSource): Candidate[] {
  const out: Candidate[] = [];
  const t = blankAppealTitles(text);
  for (const m of t.matchAll(EXPLICIT_RE)) {
    let rest = t.slice(m.index + m[0].length, m.index + m[0].length + 400).replace(/^[\s:：]*/, '');
    if (/^\n/.test(t.slice(m.index + m[0].length).replace(/^[ \t:：]*/, '')) || rest.startsWith('\n')) rest = rest.replace(/^\s+/, '');
    const quoted = /^[「『«„“"‚]([^」』»“”"‘]{2,150})[」』»“”"‘]/.exec(rest);
    let raw = quoted ? quoted[1]! : rest.split('\n')[0]!;
    if (!quoted) {
      raw = cutUnbalanced(raw);
      const end = raw.search(/[.!?](?:\s|$)/);
      if (end > 0 && !/(?:^|[\s.])\p{L}{1,4}$/u.test(raw.slice(0, end))) raw = raw.slice(0, end);
    }
    const c = candidate(raw, RANK.explicit, source, t.slice(m.index, m.index + m[0].length + raw.length + 2), true);
    if (c) out.push(c);
  }
  for (const line of t.split('\n')) {
    for (const m of line.matchAll(/\(([A-Z][^():\n]{3,120})\)/g)) {
      const before = line.slice(Math.max(0, m.index - 120), m.index);
      const inner = m[1]!;
      if (!isNonLatin(before) || isNonLatin(inner) || inner.split(/\s+/).length < 2 || placeOf(inner)) continue;
      const c = candidate(inner, RANK.latinParen, source, line.slice(Math.max(0, m.index - 80), m.index + m[0].length), true);
      if (c) out.push(c);
    }
  }
  return out;
}

function cutUnbalanced(s: string): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth < 0) return s.slice(0, i);
  }
  return s;
}

const HANGUL = /[\uac00-\ud7af]/;
const KANA = /[\u3040-\u30ff]/;
const HAN = /[\u3400-\u9fff]/;
const ROW = Object.fromEntries(SUBJECT_ROWS.map((r) => [r.lang, r])) as Record<SubjectRow['lang'], SubjectRow>;

/**
 * Chinese, Japanese and Korean sentences with a signing verb ("大阪平和の会は、このアピールに賛同します",
 * "부산평화연대는 호소문을 지지합니다", "台北和平协会愿意联署"): the subject before its particle, or
 * before the verb and its modal. Only a subject with an organisation word is a name.
 */
function topicSubjects(para: string, source: FieldSource): Candidate[] {
  if (!HAN.test(para) && !HANGUL.test(para)) return [];
  const out: Candidate[] = [];
  for (const sentence of para.split(/[。！？!?\n]/)) {
    const s = sentence.trim();
    if (s.length < 4 || s.length > 300) continue;
    const row = ROW[HANGUL.test(s) ? 'ko' : KANA.test(s) ? 'ja' : 'zh'];
    const at = row.verbs.map((v) => s.indexOf(v)).filter((i) => i > 0);
    const subject = at.length ? subjectOf(s.slice(0, Math.min(...at)), row) : null;
    const c = subject ? candidate(subject, RANK.subject + 5, source, s.slice(0, 200)) : null;
    if (c && orgWordCount(c.name) > 0 && !isBareOrgWord(c.name)) out.push(c);
  }
  return out;
}

/** The subject in the words before a signing verb (see topicSubjects), without a leading "we". */
function subjectOf(before: string, row: SubjectRow): string | null {
  let subject: string | null = null;
  if (row.lang === 'ko') {
    // The particle sits on the subject's last word: "저희 부산평화연대는".
    const words = before.trim().split(/\s+/).slice(0, 5);
    for (let i = 0; i < words.length && subject === null; i++) {
      const p = row.particles.find((x) => words[i]!.endsWith(x) && words[i]!.length > x.length + 1);
      if (p) subject = [...words.slice(0, i), words[i]!.slice(0, -p.length)].join(' ');
    }
  } else if (row.particles.length) {
    const at = row.particles.map((p) => before.indexOf(p)).filter((i) => i >= 2 && i <= 40);
    if (at.length) subject = before.slice(0, Math.min(...at));
  } else {
    const t = before.trim();
    const modal = row.modals.find((m) => t.endsWith(m));
    subject = modal ? t.slice(0, -modal.length) : t;
    if (subject.length > 30) subject = null;
  }
  // A lead before a comma ("このたび、", "在此，") is no part of the subject.
  subject = subject ? trimEndChars(subject, /[\s、，,]/).split(/[、，,]/).pop()!.trim() : null;
  if (!subject || row.determiners.some((d) => subject!.startsWith(d))) return null;
  const pronoun = row.pronouns.find((p) => subject!.startsWith(p));
  if (pronoun) subject = subject.slice(pronoun.length).replace(/^[\s、，,の]+/u, '');
  // "저희 단체 평화연대": after "our", the word "group" before the name is no part of it.
  const words = subject.split(/\s+/);
  if (pronoun && words.length > 1 && isBareOrgWord(words[0]!)) subject = words.slice(1).join(' ');
  return subject.length >= 2 ? subject : null;
}

/** Stand-alone name fragments in prose ("We endorse. Nova Solidarnist, Kyiv"): short, with an organisation word. */
export function standaloneCandidates(text: string, source: FieldSource, skip: ReadonlySet<number>): Candidate[] {
  const out: Candidate[] = [];
  blankAppealTitles(text).split('\n').forEach((line, i) => {
    if (skip.has(i) || line.length > 300 || isSignOff(line)) return;
    for (const frag of line.split(/(?<![\s(]\p{L}{1,3}\.)(?<=[.!?।؟۔։።])\s+|\s[|·•]\s/u)) {
      const f = frag.trim().replace(/[.]$/, '');
      // Sentence marks of other scripts too (Devanagari danda, Arabic and Urdu, Armenian, Ethiopic): a
      // script without capitals has no other sign that a line is a sentence, not a name.
      if (!f || f.split(/\s+/).length > 9 || /[.!?;:。！？；：।॥؟۔։።]/.test(f.replace(/\b\p{L}{1,4}\./gu, '')) || orgWordCount(f) === 0) continue;
      if (HAS_VERB_RE.test(f)) continue;
      const c = candidate(f, RANK.standalone, source, line);
      if (c && !isDepartment(c.name) && !isRole(c.name) && capitalisedShare(c.name) >= 0.5) out.push(c);
    }
  });
  return out;
}
