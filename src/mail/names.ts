/**
 * What a name looks like: an organisation (it carries an organisation word in one of our senders'
 * languages), a person, a role or a department. Also tidies names into the form used on the public
 * list (no decorative quotes or titles, ALL CAPS in normal case).
 */
import { ORG_WORDS } from './lexicon/org-words';
import { ROLES } from './lexicon/roles';
import { compileOrgWords } from './org-match';
import { trimChars, trimEndChars, trimStartChars } from './trim-chars';

/** Words that make a short phrase a department or collective signature, not a person. */
const DEPARTMENT_RE =
  /(?:^|[\s\-–,])(?:secretar[a-zçíé]*|secr[eé]tariat|segreteri[a-z]*|sekretariat|sekretari[a-z]*|office|bureau|büro|buro|oficina|ufficio|info|kontakt|contact|contacto|contatti|press[a-z]*|communication[s]?|comunica[a-zçãó]*|kommunikation|área|area|board|vorstand|direttivo|direzione|dirección|directiva|junta|executive|exekutive|committee|team|équipe|equipo|redaktion|redazione|styrelse[n]?|bestuur|zarząd|zarzad|výbor|komisja|commission|comisión|commissione|правління|правление|γραμματεία|διοίκηση|事務局|administration|admin|mailbox|postfach|webmaster|newsletter)(?=$|[\s\-–,.])/iu;

/** The roles table (lexicon/roles.ts), folded: a line starting with one of its words is a role. */
const ROLE_RE = new RegExp(
  `^(?:${ROLES.flatMap((r) => r.words).map((w) => {
    const word = fold(w.replace(/^=/, '')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return w.startsWith('=') ? `${word}(?![\\p{L}\\p{M}])` : word;
  }).join('|')})`,
  'u',
);

const TITLE_RE =
  /(?:^|\s)(?:mag\.a|dr\.in|dr|prof|mgr|ing|mag|bc|judr|mudr|phdr|rndr|doc|dipl|univ|mr|mrs|ms|mme|mlle|m|herr|frau|sr|sra|sig|sig\.ra|dott|dott\.ssa|avv|pan|pani|i\.\s?a|i\.a|p\.p|ppa|ph\.d|phd|msc|ma|mba|ba|bsc|llm|dphil|csc|drsc)\.?(?=\s|,|$)/giu;

/**
 * Lower case, no diacritics: the form the stem lists use. Letters NFD does not decompose are folded by
 * hand, as the dedupe keys fold them: "Fredsbevægelsen" meets the table's "bevaegelse".
 */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’ʼ`]/g, "'").replace(/ς/g, 'σ').replace(/ı/g, 'i')
    .replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/ł/g, 'l').replace(/[đð]/g, 'd');
}

const ORG = compileOrgWords(ORG_WORDS, fold);
/** Organisation types only, without the theme words ("peace", "solidarity") of the shared row. */
const ORG_TYPE = compileOrgWords(ORG_WORDS.filter((r) => r.lang !== '*'), fold);

/** Folded words, one space apart and at both ends. */
function padded(s: string): string {
  return ` ${fold(s).replace(/[^\p{L}\p{N}'·]+/gu, ' ').trim()} `;
}

/** The extractor asks about the same phrases many times per message: a small cache keeps that cheap. */
const counted = new Map<string, [number, number]>();

function counts(s: string): [number, number] {
  let c = counted.get(s);
  if (!c) {
    const p = padded(s);
    c = [ORG.count(p), ORG_TYPE.count(p)];
    if (counted.size >= 2048) counted.clear();
    counted.set(s, c);
  }
  return c;
}

/** How many organisation-type words (union, verein, udruga...) a phrase carries, theme words not counted. */
export function orgTypeCount(s: string): number {
  return counts(s)[1];
}

/** How many organisation words a phrase carries (0 for a plain person name). */
export function orgWordCount(s: string): number {
  return counts(s)[0];
}

/** "The following groups", "alle fünf Vereine", "ces trois associations": which groups, not their names. */
const DETERMINERS = new Set([
  'following', 'these', 'those', 'all', 'both', 'other', 'our', 'two', 'three', 'four', 'five', 'several', 'many', 'member', 'folgende', 'folgenden',
  'diese', 'alle', 'beide', 'weitere', 'zwei', 'drei', 'vier', 'funf', 'suivantes', 'suivants', 'ces', 'toutes', 'tous', 'deux', 'trois', 'quatre',
  'siguientes', 'estas', 'estos', 'todas', 'todos', 'dos', 'tres', 'cuatro', 'seguintes', 'estas', 'seguenti', 'queste', 'questi', 'tutte', 'tutti',
  'volgende', 'deze', 'alle', 'twee', 'drie', 'foljande', 'folgende', 'dessa', 'disse', 'nastepujace', 'nastepujacych', 'te', 'wszystkie', 'nasledujici',
  'tyto', 'наступні', 'ці', 'всі', 'следующие', 'эти', 'все', 'ακολουθες', 'ακολουθοι', 'αυτες', 'asagidaki', 'bu', 'seuraavat', 'nämä', 'kovetkezo',
].map(fold));

/**
 * True for a phrase that is only an organisation-type word ("Koordination", "Comité", "le collectif",
 * a table's "Organisation" column): a kind of group, not a group's name. Acronyms are names.
 */
export function isBareOrgWord(s: string): boolean {
  const all = s.trim().split(/\s+/);
  const ws = all.filter((w) => !SMALL_WORDS.has(w.toLowerCase().replace(/['’]$/, '')) && !DETERMINERS.has(fold(w)));
  if (ws.length !== 1 || /^[\p{Lu}\d]{2,}$/u.test(ws[0]!)) return false;
  const words = padded(ws[0]!).trim().split(' ');
  const longest = words.length === 1 ? ORG.longestIn(words[0]!) : 0;
  // After "folgende", "these", "all" a compound is still a kind of group ("Folgende Mitgliedsorganisationen").
  const determined = all.some((w) => DETERMINERS.has(fold(w)));
  return longest > 0 && (determined || words[0]!.length - longest <= 3);
}

/** True for a department or collective signature ("Secretaría STHZ", "Il direttivo", "Área de Comunicación"). */
export function isDepartment(s: string): boolean {
  const t = s.trim();
  return t.length > 0 && t.split(/\s+/).length <= 4 && DEPARTMENT_RE.test(t);
}

/** True when a signature line is a role ("Secretary", "Chair, X", "голова профспілки"). */
export function isRole(s: string): boolean {
  return ROLE_RE.test(fold(s.trim()).replace(/^[(\s]+/, ''));
}

/** A personal name without titles, post-nominals, pronouns or "i. A.": "Mag. Eva Gruber" -> "Eva Gruber". */
export function stripTitles(s: string): string {
  let out = s.replace(/\((?:she|he|they|sie|er|elle|il)\/[^)]{1,12}\)/giu, ' ');
  for (let i = 0; i < 3; i++) out = out.replace(TITLE_RE, ' ');
  return trimStartChars(trimEndChars(out.replace(/\s+/g, ' '), /[\s,;:–-]/), /[\s,.;:–-]/).trim();
}

import { findPlaces } from './country';

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A word of a script written without capitals (Arabic, Hebrew, Devanagari; Georgian's Mkhedruli). */
const caseless = (w: string) => /\p{L}/u.test(w) && (w.toLowerCase() === w.toUpperCase() || /^[\u10D0-\u10FF]+$/u.test(w));

/**
 * A person's name in a script without capitals: two or three such words (or one Korean word), none an organisation word,
 * role or department. Capitals prove nothing there, so only a signature's own line is read this way
 * (a display name "שלום עכשיו" is as often a group).
 */
export function looksLikeCaselessPerson(s: string): boolean {
  const t = stripTitles(s);
  const words = t.split(/\s+/);
  // A Korean name is one word of two to four syllables ("김민수").
  const shape = (words.length >= 2 && words.length <= 3 && words.every(caseless)) || /^[\uac00-\ud7af]{2,4}$/u.test(t);
  return shape && !/[\d@/:]/.test(t) && orgWordCount(t) === 0 && !isDepartment(t) && !isRole(t) && !findPlaces(t).length;
}

/**
 * True for what reads as a personal name: one to four capitalised words (or a short CJK run), no
 * digits, no organisation or department word, not a role.
 */
export function looksLikePerson(s: string): boolean {
  const t = stripTitles(s);
  if (!t || /[\d@/:]/.test(t) || orgWordCount(t) > 0 || isDepartment(t) || isRole(t)) return false;
  if (CJK.test(t)) return t.replace(/\s/g, '').length <= 8;
  const words = t.split(/\s+/);
  if (words.length > 4) return false;
  // Acronyms ("SWP Ireland", "SJD Die Falken", "AAW") and country names mark an organisation.
  if (t !== t.toUpperCase() && words.some((w) => w.length >= 2 && /^[\p{Lu}\d]+$/u.test(w))) return false;
  if (words.length === 1 && /^[\p{Lu}\d]{2,}$/u.test(t)) return false;
  if (findPlaces(t).some((h) => h.kind === 'country')) return false;
  const lowerOk = new Set(['van', 'von', 'den', 'der', 'de', 'da', 'di', 'del', 'la', 'le', 'i', 'y', 'dos', 'das', 'ter', 'zu']);
  return words.every((w) => /^\p{Lu}/u.test(w) || lowerOk.has(w)) && /^\p{Lu}/u.test(words[0]!);
}

const SMALL_WORDS = new Set([
  'de', 'del', 'della', 'delle', 'dei', 'degli', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'les', 'lo', 'il', 'el', 'los', 'las',
  'e', 'et', 'y', 'i', 'and', 'of', 'the', 'for', 'in', 'on', 'per', 'por', 'para', 'pour', 'a', 'à', 'al', 'au', 'aux', 'con', 'with',
  'und', 'für', 'der', 'die', 'von', 'im', 'zu', 'en', 'van', 'voor', 'och', 'för', 've', 'z', 'w', 'na', 'dla', 'pro', 'v', 'against',
]);

/** An ALL CAPS name in normal case: "COMITATO PER LA PACE" -> "Comitato per la Pace". Short tokens stay (acronyms). */
export function normalCase(s: string): string {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4 || letters !== letters.toUpperCase() || letters === letters.toLowerCase()) return s;
  let first = true;
  return s.replace(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?/gu, (w) => {
    const lw = w.toLowerCase();
    const out = !first && SMALL_WORDS.has(lw) ? lw : w.length <= 3 && !first && !/[aeiouy]/i.test(w) ? w : lw.charAt(0).toUpperCase() + lw.slice(1);
    first = false;
    return out;
  });
}

const QUOTE = /[\s«»„“”"'‚‘’‹›「」『』]/;

/** The public-list form of a name: decorative quotes and stray punctuation dropped, spaces collapsed, ALL CAPS in normal case. */
export function tidyName(s: string): string {
  // Decorative quotes around a part of the name: «Світанок» -> Світанок. Before the ends are trimmed,
  // so that '"Mir" Association' loses both of its quotes, not the opening one alone.
  let t = s.replace(/\s+/g, ' ').replace(/[«»„“”‚‘‹›「」『』]/g, '').replace(/(^|\s)"([^"]{1,80})"(?=\s|$)/g, '$1$2');
  t = trimChars(t, QUOTE);
  t = trimChars(t, /[\s,;:–—-]/);
  // A final full stop ends the sentence unless it closes an abbreviation such as "e.V." or "Inc.".
  if (/\.$/.test(t) && !/(?:^|[\s.])\p{L}{1,4}\.$/u.test(t)) t = t.slice(0, -1);
  return normalCase(t.trim());
}

/** True when the text is written mainly in a non-Latin script (Cyrillic, Greek, CJK...). */
export function isNonLatin(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (!letters) return false;
  const latin = letters.replace(/[^\p{Script=Latin}]/gu, '').length;
  return latin < letters.length / 2;
}

/**
 * `d` cut before " via " when one line follows it ("Jane Doe via Peace List": a list rewrote the From),
 * as /\s+via\s+.*$/iu would, without that pattern's quadratic retries.
 */
function withoutVia(d: string): string {
  const lastBreak = Math.max(d.lastIndexOf('\n'), d.lastIndexOf('\r'), d.lastIndexOf('\u2028'), d.lastIndexOf('\u2029'));
  for (const m of d.matchAll(/(?<!\s)\s+via(?=\s)/giu)) {
    let end = m.index + m[0].length;
    while (end < d.length && /\s/.test(d.charAt(end))) end++;
    if (end > lastBreak) return d.slice(0, m.index);
  }
  return d;
}

/**
 * The person and the organisation in a From display name: "Doe, Jane" -> Jane Doe; "Jane Doe |
 * Peace Group", "Jane Doe (Peace Group)" -> both; "Jane Doe via Peace List" -> Jane Doe (a list rewrote it).
 */
export function splitDisplayName(display: string | null | undefined): { person: string | null; org: string | null } {
  let d = withoutVia(trimStartChars(trimEndChars((display ?? '').slice(0, 200).trim(), /["'”]/), /["'“]/)).trim();
  const reversed = /^(\p{Lu}[\p{L}'’-]+),\s*(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)$/u.exec(d);
  if (reversed && looksLikePerson(`${reversed[2]} ${reversed[1]}`)) d = `${reversed[2]} ${reversed[1]}`;
  const parts = d.split(/(?<!\s)\s+[|–—/-]\s+|(?<!\s)\s*\(|\)\s*/).map((x) => x.trim()).filter(Boolean);
  let person: string | null = null;
  let org: string | null = null;
  for (const p of parts.length ? parts : [d]) {
    if (!person && looksLikePerson(p)) person = stripTitles(p);
    else if (!org && !isDepartment(p) && (orgWordCount(p) > 0 || (!looksLikePerson(p) && p.split(/\s+/).length >= 2))) org = p;
  }
  return { person, org };
}

