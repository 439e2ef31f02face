/**
 * Finds who signs in a message's text: the names an organisation gives itself in a sentence ("X
 * endorses", "on behalf of X"), in an explicit list form ("please list us as: X", a Latin form in
 * parentheses), in a coalition's member list, or in a signature line. Returns scored candidates; the
 * extractor merges them. Line- and sentence-based with bounded patterns, so linear on hostile input.
 */
import { findPlaces, placeOf } from './country';
import { fold, isDepartment, isNonLatin, isRole, looksLikePerson, orgWordCount, stripTitles, tidyName } from './names';
import { SIGN_OFFS } from './lexicon/quoting';
import type { FieldSource } from './types';

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
}

export const RANK = { explicit: 100, latinParen: 90, subject: 70, signature: 60, standalone: 50, from: 40, subjectLine: 35 } as const;

const W = '\\p{L}\\p{M}';
function words(list: string[]): string {
  return list.map((s) => s.replace(/ /g, '\\s+')).join('|');
}
/** Verbs of endorsing (and withdrawing) that follow the organisation's name. */
const VERBS = words([
  'endorses', 'endorse', 'supports', 'signs', 'signs on to', 'joins', 'backs', 'also voted to endorse', 'voted to endorse', 'wants to sign',
  'would like to sign', 'is signing', 'adds its name', 'withdraws', 'withdraw', 'endorsed', 'is endorsing', 'are endorsing', 'would like to endorse',
  'wishes to endorse', 'wants to endorse', 'is pleased to endorse', 'are pleased to endorse', 'is happy to endorse',
  'soutiennent', 'signent', 'souhaite s\'associer', 'tient à signer', 'unterstützen', 'unterzeichnen', 'unterschreiben', 'apoyan', 'firman',
  'suscriben', 'se adhieren', 'se suman', 'aderiscono', 'sostengono', 'firmano', 'sottoscrivono', 'apoiam', 'assinam', 'subscrevem', 'aderem',
  'podpisują', 'popierają', 'podporují', 'podepisují', 'підтримують', 'підписують', 'поддерживают', 'подписывают', 'ondertekenen', 'steunen',
  'υπογράφουν', 'υποστηρίζουν', 'destekliyoruz', 'imzalıyoruz', 'signons', 'soutenons', 'apoyamos', 'firmamos', 'suscribimos',
  'nos adherimos', 'aderiamo', 'sosteniamo', 'firmiamo', 'subscrevemos', 'assinamos', 'apoiamos', 'podpisujemy', 'popieramy', 'підтримуємо',
  'підписуємо', 'поддерживаем', 'подписываем', 'endorse', 'ondersteunen', 'is joining', 'co-signs', 'se une', 'si unisce', 'junta-se',
  'se připojuje', 'podpisuje', 'katılıyor', 'støtter', 'underskriver', 'slutter sig til', 'allekirjoittaa', 'tukee', 'aláírja', 'támogatja',
  'semnează', 'susține', 'se alătură', 'potpisuje', 'podržava', 'podpira', 'pasirašo', 'remia', 'paraksta', 'atbalsta', 'allkirjastab',
  'toetab', 'подкрепя', 'подписва', 'babesten du', 'sinatzen du', 'asina', 'soutient', 'signe', 'appuie', "s'associe", 'adhère', 'apporte son soutien',
  'souhaite signer', 'se joint', 'rejoint', 'souscrit', 'unterstützt', 'unterzeichnet', 'unterschreibt', 'schließt sich', 'suscribe', 'se adhiere',
  'adhiere', 'firma', 'apoya', 'respalda', 'se suma', 'desea firmar', 'quiere firmar', "s'adhereix", 'subscriu', 'signa', 'dona suport',
  'dóna suport', 'aderisce', 'sottoscrive', 'sostiene', 'appoggia', 'subscreve', 'assina', 'apoia', 'adere', 'podpisuje', 'popiera',
  'przyłącza się', 'dołącza', 'podepisuje', 'podporuje', 'připojuje se', 'підтримує', 'підписує', 'приєднується', 'долучається',
  'поддерживает', 'подписывает', 'присоединяется', 'падтрымлівае', 'падпісвае', 'далучаецца', 'ställer sig bakom', 'stödjer', 'stöder',
  'undertecknar', 'skriver under', 'ondertekent', 'steunt', 'onderschrijft', 'sluit zich aan', 'υπογράφει', 'υποστηρίζει', 'προσυπογράφει',
  'στηρίζει', 'συνυπογράφει', 'imzalıyor', 'destekliyor', 'olarak', 'として', 'zieht', 'retira', 'ritira', 'wycofuje', 'відкликає', 'отзывает',
]);
const VERB_RE = new RegExp(`(?<![${W}])(?:${VERBS})(?![${W}])`, 'giu');
/** The same without `g`: `test` on a global regex moves its lastIndex, which `matchAll` then inherits. */
const HAS_VERB_RE = new RegExp(VERB_RE.source, 'iu');
const VERB_CJK_RE = /として/g;

/** Markers after which the organisation's name follows ("on behalf of X", "please remove X from"). */
const AFTER_RE = new RegExp(
  `(?<![${W}])(?:${words([
    'on behalf of the', 'on behalf of', 'au nom du', 'au nom de la', "au nom de l'", 'au nom des', 'au nom de', 'im namen des', 'im namen der',
    'en nombre del', 'en nombre de la', 'en nombre de', 'a nome della', 'a nome del', "a nome dell'", 'a nome dello', 'a nome di', 'em nome da',
    'em nome do', 'em nome de', 'w imieniu', 'від імені', 'от имени', 'ад імя', 'namens', 'på uppdrag av', 'please remove', 'remove',
    'retirer', 'retirez', 'retirar', 'retirad', 'streicht', 'streichen sie', 'usuńcie', 'видаліть', 'удалите', 'please add', 'please include',
    'please list', 'ajoutez', 'añadid', 'añadan', 'aggiungete', 'desde el', 'desde la', 'desde', 'de la part de', 'de la part du',
  ])})(?![${W}])\\s*`,
  'giu',
);
const AFTER_STOP = /\s+(?:from|to|of the list|de la liste|de la lista|von der liste|dalla lista|da lista|z listy|зі списку|из списка|ze seznamu)(?=[\s.,;:!?]|$)|[.;:!?\n]|,\s/iu;

/** Explicit list forms: "please list us as:", "латиницей:", "英語表記で「…」". The name follows. */
const EXPLICIT_RE = new RegExp(
  [
    'list(?:ed)? (?:me|us|it|them|our (?:name|organi[sz]ation|group|union))? ?as', 'appear (?:on the list )?as', 'name for the list',
    'in latin (?:script|letters)', 'in english', 'english name', '(?:figurer|apparaître|inscrire|mentionner)[^.:\\n]{0,40}(?:comme|sous le nom)',
    'sous le nom', 'unter dem namen', 'in der liste als', 'als folgt', '(?:aparezca|figure|conste|incluya|incluid|pongan|poned)[^.:\\n]{0,40}como',
    'con el nombre', '(?:apareça|conste|figure)[^.:\\n]{0,40}como', 'com o nome', '(?:compaia|comparire|inserit|elencat)[^.:\\n]{0,40}come',
    'con il nome', 'con la dicitura', '(?:aparegui|consti)[^.:\\n]{0,40}com', 'pod nazwą', '(?:wpisać|wpisanie|wpisac)[^.:\\n]{0,20}jako',
    '(?:uvedení|uvést|uveďte)[^.:\\n]{0,20}(?:takto|jako)', 'латиниц[^\\s:]{0,3}', 'латинськ[^\\s]{0,3} написанн[^\\s:]{0,3}',
    'латинск[^\\s]{0,3} написани[^\\s:]{0,3}', 'латінк[^\\s:]{0,3}', 'в списке как', 'у списку як', 'у спісе як', '(?:stå med|listas|står) som',
    '(?:vermeld|opgenomen) (?:worden )?als', 'με λατινικούς χαρακτήρες', '英語表記で', '英語名', 'ローマ字で',
  ].join('|'),
  'giu',
);

/** Words that introduce a name in a signature line ("pour le X", "für den X", "for the X"). */
const SIG_PREFIX_RE =
  /^(?:pour (?:le|la|l'|les)|für (?:den|die|das)|for (?:the)?|on behalf of(?: the)?|per (?:il|la|l')|por (?:el|la)|para (?:el|la)|i\.\s?a\.|namens|för|за|від|от|від імені|от имени|w imieniu)\s*/iu;
const MEMBER_OF_RE = /^(?:membre|member|mitglied|miembro|membro|członek|член|μέλος|üye|lid|medlem)\b/iu;
/** Leading articles, possessives and pronouns that are not part of a name. */
const LEADING_RE =
  /^(?:(?:the|our|la|el|le|les|l'|der|die|das|den|dem|il|lo|o|a|het|de|το|η|ο|наша|наш|naša|notre|nuestra|nuestro|unser|unsere|nostra|nostro|nosso|nossa|nasz|nasza|naše|nos|també|also|auch|aussi|también|anche|også|ook|the group|група|группа|verein|der verein|die gruppe)\s+)+/iu;
/** "the board of X", "le bureau de X": the body that decided, not the name. */
const BODY_OF_RE =
  /^(?:the\s+)?(?:board|executive(?:\s+(?:committee|board))?|steering committee|committee|secretariat|members|bureau|coordination|(?:general\s+)?assembly|vorstand|direttivo|junta(?:\s+directiva)?|secretariado|zarząd|правління|правление)\s+(?:of|de|des|du|der|del|della|dello|di|do|da|van|för|af)\s+/iu;
const PRONOUN_RE =
  /^(?:we|i|us|nous|je|wir|ich|nosotros|nosotras|yo|noi|io|nós|eu|my|ja|мы|ми|я|vi|jag|wij|ik|εμείς|biz|ben|this|it|which|who|that|everyone|all|hereby|hiermit|please|bitte|thanks|thank|hello|hi|dear|we're|many|also|and|y|et|und|e|i)(?![\p{L}])/iu;
const QUOTED_TAIL_RE = /[„“"«‚‘'「『]([^„“”"«»‚‘’'「」『』]{2,120})[“”"»‘’'」』]\s*(?:(?:aus|from|de|d'|di|z|из|з|από|in|en)\s+(\p{Lu}[\p{L}\p{M}-]{1,30}))?\s*$/u;
const APPEAL_QUOTE_RE = /[«„“"]([^«»„“”"\n]{0,300})[»“”"]/g;

/** The appeal's own title in quotes ("Stop the ...!") hides names and places of its own: blank it out. */
export function blankAppealTitles(text: string): string {
  return text.replace(APPEAL_QUOTE_RE, (m, inner: string) => (/[!¡]/.test(inner) || inner.split(/\s+/).length > 8 ? ' '.repeat(m.length) : m));
}

/** Split a trailing "(...)" off a name: a place goes to `place`, an acronym or Latin form stays. */
export function peelParen(name: string, keepUnknown: boolean): { name: string; place: string | null } {
  const m = /^(.*\S)\s*\(([^()]{1,80})\)$/u.exec(name.trim());
  if (!m) return { name, place: null };
  const inner = m[2]!.trim();
  const pl = placeOf(inner);
  // In a form the sender asked for, only a country is taken out: "(Tbilisi)" may be part of the name.
  if (pl && (!keepUnknown || pl.kind === 'country')) return { name: m[1]!, place: inner };
  // One or two capitalised words that are no acronym ("(Breisgau)", "(Tbilisi)") qualify a place.
  if (!keepUnknown && /^\p{Lu}[\p{Ll}\p{M}'-]+(?:[ ,]+\p{Lu}[\p{Ll}\p{M}'-]+)?$/u.test(inner)) return { name: m[1]!, place: inner };
  return { name, place: null };
}

/** Trailing ", Kyiv" / " – Lyon, France": a place written right after a name ("X aus Berlin" may be the name). */
function peelPlaceSuffix(name: string): { name: string; place: string | null } {
  const m = /^(.{2,200}?)(?:,\s*|\s+[-–—]\s+)([^,–—]{2,60}(?:,[^,–—]{2,40})?)$/u.exec(name.trim().replace(/[,;:]+$/, ''));
  if (m && placeOf(m[2]!)) return { name: m[1]!, place: m[2]! };
  return { name, place: null };
}

function candidate(raw: string, rank: number, source: FieldSource, snippet: string, explicit = false): Candidate | null {
  let { name, place } = peelParen(raw, explicit);
  // "Name, City (Country)": the city goes too, the country in parentheses stays the evidence.
  const suffix = explicit ? { name, place: null } : peelPlaceSuffix(name);
  name = suffix.name;
  place = place ?? suffix.place;
  let clean = tidyName(name.replace(LEADING_RE, '').replace(BODY_OF_RE, '').replace(LEADING_RE, ''));
  // "le collectif Ukraine Libre": an organisation word in lower case, then the proper name.
  if (/^\p{Ll}/u.test(clean) && orgWordCount(clean.split(/\s+/)[0]!) > 0 && /\s\p{Lu}/u.test(clean)) clean = clean[0]!.toUpperCase() + clean.slice(1);
  if (clean.length < 2 || clean.length > 150 || PRONOUN_RE.test(clean)) return null;
  if (!isNonLatin(clean) && !/^[\p{Lu}\p{N}]/u.test(clean)) return null;
  const words = clean.split(/\s+/);
  if (words.length > 14) return null;
  return { name: clean, rank, source, snippet: snippet.trim().slice(0, 200), place, explicit };
}

/** Text of each paragraph with its lines joined, so wrapped sentences read as one. */
function paragraphs(text: string): string[] {
  return text.split(/\n[ \t]*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

/** The name just before a verb: the last clause, its article dropped, an appositive skipped. */
function nameBefore(before: string): string | null {
  const s = before.replace(/\s+$/, '');
  const q = QUOTED_TAIL_RE.exec(s.slice(-200));
  if (q) return q[2] ? `${q[1]} (${q[2]})` : q[1]!;
  // Clause start: sentence end, colon, semicolon or a spaced dash; "Name – Place" keeps the name.
  const boundary = (t: string) => Math.max(t.lastIndexOf(': '), t.lastIndexOf('; '), t.lastIndexOf(' - '), t.lastIndexOf(' – '), t.lastIndexOf(' — '), t.search(/[.!?]\s+[^.!?]*$/));
  let cut = boundary(s);
  if (cut > 0 && /^ [-–—] /.test(s.slice(cut, cut + 3)) && placeOf(s.slice(cut + 3))) cut = boundary(s.slice(0, cut));
  let clause = s.slice(cut >= 0 ? cut + 2 : 0).slice(-240);
  clause = clause.replace(
    /(?:\s+(?:also|hereby|herewith|formally|fully|gladly|unanimously|officially|has|have|had|will|would|hat|haben|wird|a|ont|ha|han|hanno|is|are|hiermit|gerne|auch|también|aussi|anche|també|ook|også|також|тоже|taky|także|ufficialmente|proud|pleased|happy|glad|delighted|honou?red|wishes|wants|would like|decided|voted|agreed|to))+$/iu,
    '',
  );
  const parts = splitTopLevel(clause).map((p) => p.trim()).filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!.replace(LEADING_RE, '');
    if (/^[\p{Lu}\p{N}]/u.test(p) || (isNonLatin(p) && !/^\p{Ll}/u.test(p))) return parts[i]!;
    // "le collectif Ukraine Libre", "spolek Ukrajinci v Brně": an organisation word, then a proper name.
    if (/^\p{Ll}\S*\s+\p{Lu}/u.test(p) && orgWordCount(p.split(/\s+/)[0]!) > 0) return p;
  }
  return null;
}

const CONNECTORS = new Set([
  'de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'les', 'el', 'los', 'las', 'l', 'd', 'e', 'et', 'y', 'i', 'and', 'of',
  'the', 'for', 'in', 'per', 'por', 'para', 'pour', 'a', 'à', 'al', 'au', 'con', 'with', 'und', 'für', 'der', 'die', 'von', 'im', 'zu', 'en',
  'van', 'voor', 'och', 'för', 've', 'z', 'w', 'na', 'dla', 'pro', 'v', 'against', 'gegen', 'contre', 'contra', 'contro', 'у', 'в', 'з', 'за',
  'для', 'и', 'і', 'та', 'σε', 'και', 'για', 'της', 'των', 'του', 'nach', 'zum', 'zur', 'am', 'an', 'auf', 'bei', 'mit', 'ohne', 'über', 'um',
  'vom', 'dell', 'dello', 'degli', 'delle', 'dei', 'sur', 'sans', 'entre', 'sobre', 'sin', 'sem', 'com', 'no', 'nos', 'nas', 'om', 'op', 'tegen',
  'met', 'med', 'mot', 'på', 'til', 'af', 'ze', 'od', 'bez', 'przeciw', 'против', 'проти', 'без', 'до', 'від', 'от', 'из', 'по', 'με', 'από',
  'κατά', 'ile', 'için', 'karşı', 'on', 'at', 'to', 'by', 'from', 'without',
]);

/** Cut a name read after "on behalf of" where prose resumes: two lower-case words that join nothing. */
function trimAtProse(raw: string): string {
  const ws = raw.split(/\s+/);
  for (let i = 1; i + 1 < ws.length; i++) {
    const a = ws[i]!;
    const b = ws[i + 1]!;
    if (/^\p{Ll}/u.test(a) && /^\p{Ll}/u.test(b) && !CONNECTORS.has(a.replace(/['’].*$/, '')) && !CONNECTORS.has(b.replace(/['’].*$/, ''))) {
      return ws.slice(0, i).join(' ');
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
      const raw = nameBefore(para.slice(Math.max(0, m.index - 300), m.index));
      const c = raw ? candidate(raw, RANK.subject + (orgWordCount(raw) > 0 ? 5 : 0), source, para.slice(Math.max(0, m.index - 120), m.index + 40)) : null;
      if (c && (orgWordCount(c.name) > 0 || properName(c.name))) out.push(c);
    }
    for (const m of para.matchAll(VERB_CJK_RE)) {
      const run = /[\u3040-\u30ff\u3400-\u9fffA-Za-z0-9・ー]{2,60}$/.exec(para.slice(Math.max(0, m.index - 60), m.index));
      const c = run ? candidate(run[0], RANK.subject, source, run[0]) : null;
      if (c) out.push(c);
    }
    for (const m of para.matchAll(AFTER_RE)) {
      const rest = para.slice(m.index + m[0].length, m.index + m[0].length + 200);
      const stop = rest.search(AFTER_STOP);
      const raw = trimAtProse(stop >= 0 ? rest.slice(0, stop) : rest);
      const c = candidate(raw, RANK.subject, source, para.slice(m.index, m.index + m[0].length + raw.length));
      if (c && (orgWordCount(c.name) > 0 || properName(c.name)) && !isDepartment(c.name)) out.push(c);
    }
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

const BULLET_RE = /^\s*(?:[-*•·–—]|\d{1,3}[.)])\s+/;
const SIGN_OFF_SET = new Set(SIGN_OFFS.map((x) => fold(x)));
const SIGN_OFF_ALT = [...SIGN_OFF_SET].filter((x) => x.length >= 5).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const SIGN_OFF_EDGE_RE = new RegExp(`^(?:${SIGN_OFF_ALT})\\p{L}{0,2}(?:\\s|$)|\\s(?:${SIGN_OFF_ALT})$`, 'u');

/** True for a closing formula ("In solidarity,", "Med solidariska hälsningar", "Salutations syndicales,"). */
export function isSignOff(line: string): boolean {
  const l = fold(line.trim()).replace(/[\s,.!;:]+$/, '');
  if (!l || l.length > 60) return false;
  if (SIGN_OFF_SET.has(l) || /,$/.test(line.trim()) && l.split(/\s+/).length <= 5 && !/^\p{Lu}[\p{Ll}]+ \p{Lu}/u.test(line.trim())) return true;
  return SIGN_OFF_EDGE_RE.test(l);
}

/** Is this line one entry of a member list: short, no sentence, an organisation word or a place with it. */
function memberLine(line: string): boolean {
  const l = line.replace(BULLET_RE, '').trim();
  if (l.length < 3 || l.length > 140 || /[.:?!;]$/.test(l) || /[.!?]\s/.test(l)) return false;
  if (l.split(/\s+/).length > 16 || !/^[\p{Lu}\p{N}«„“"]/u.test(l) && !isNonLatin(l)) return false;
  return true;
}

/**
 * Organisations a coalition lists one per line after a line ending in a colon, or as bullets
 * ("Name (Country)", "Name – City, Country"). Returns the entries and the line numbers they used.
 */
export function memberListCandidates(text: string, source: FieldSource): { members: Candidate[]; lines: Set<number> } {
  const lines = text.split('\n');
  const members: Candidate[] = [];
  const used = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    // A list follows a line ending in a colon, or is a run of bulleted lines.
    const colon = /:\s*$/.test(lines[i]!);
    if (!colon && !(BULLET_RE.test(lines[i]!) && (i === 0 || !BULLET_RE.test(lines[i - 1]!)))) continue;
    let j = colon ? i + 1 : i;
    while (colon && j < lines.length && !lines[j]!.trim() && j <= i + 2) j++;
    const block: number[] = [];
    while (j < lines.length && lines[j]!.trim() && memberLine(lines[j]!) && (colon || BULLET_RE.test(lines[j]!))) block.push(j++);
    if (block.length < 2) continue;
    const cands = block.map((k) => candidate(lines[k]!.replace(BULLET_RE, ''), RANK.subject, source, lines[k]!));
    const orgish = cands.filter((c) => c && (orgWordCount(c.name) > 0 || c.place)).length;
    if (orgish * 2 < block.length || cands.some((c) => c && looksLikePerson(c.name) && !c.place)) continue;
    cands.forEach((c, k) => {
      if (c) members.push(c);
      used.add(block[k]!);
    });
    i = j;
  }
  return { members, lines: used };
}

/** Stand-alone name fragments in prose ("We endorse. Nova Solidarnist, Kyiv"): short, with an organisation word. */
export function standaloneCandidates(text: string, source: FieldSource, skip: ReadonlySet<number>): Candidate[] {
  const out: Candidate[] = [];
  blankAppealTitles(text).split('\n').forEach((line, i) => {
    if (skip.has(i) || line.length > 300 || isSignOff(line)) return;
    for (const frag of line.split(/(?<=[.!?])\s+|\s[|·•]\s/)) {
      const f = frag.trim().replace(/[.]$/, '');
      if (!f || f.split(/\s+/).length > 9 || /[.!?;:]/.test(f.replace(/\b\p{L}{1,4}\./gu, '')) || orgWordCount(f) === 0) continue;
      if (HAS_VERB_RE.test(f)) continue;
      const c = candidate(f, RANK.standalone, source, line);
      if (c && !isDepartment(c.name) && !isRole(c.name) && capitalisedShare(c.name) >= 0.5) out.push(c);
    }
  });
  return out;
}

/** An organisation named in a signature line: "Chair, X", "pour le X", "X" (with an organisation word or in capitals). */
export function signatureOrg(line: string): string | null {
  let l = line.trim().replace(/^[-–—*•\s]+/, '');
  if (!l || l.length > 150 || isSignOff(l) || MEMBER_OF_RE.test(l) || /[@]|https?:|www\./i.test(l) || /^\+?[\d\s()./-]{6,}$/.test(l)) return null;
  l = l.replace(SIG_PREFIX_RE, '');
  const split = /^(.{2,60}?)(?:,\s+|\s+[–—-]\s+)(.{2,150})$/u.exec(l);
  if (split && (isRole(split[1]!) || isDepartment(split[1]!) || SIG_PREFIX_RE.test(split[1]! + ' ') || /^för|^for/i.test(split[1]!))) l = split[2]!;
  else if (isRole(l)) return null;
  if (isDepartment(l) && orgWordCount(l) === 0) return null;
  const letters = l.replace(/[^\p{L}]/gu, '');
  const caps = letters.length >= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && l.split(/\s+/).length >= 2;
  if (orgWordCount(l) === 0 && !caps) return null;
  if (placeOf(l) || /\d{4,}/.test(l)) return null;
  return l;
}

/** The person in a signature line: "i. A. Gerhard Maier" -> "Gerhard Maier", "Martín Sosa, delegado" -> "Martín Sosa". */
export function signaturePerson(line: string): string | null {
  if (isSignOff(line)) return null;
  let l = line.trim().replace(/^(?:i\.\s?a\.|p\.\s?p\.|ppa\.?|pp)\s+/i, '').replace(/[,;]\s*$/, '');
  const split = /^(.{2,60}?)(?:,\s+|\s+[–—-]\s+|\s+\()(.{2,80})$/u.exec(l);
  if (split && (isRole(split[2]!.replace(/\)$/, '')) || /^\p{Ll}/u.test(split[2]!))) l = split[1]!;
  l = stripTitles(l);
  return looksLikePerson(l) && !placeOf(l) && fold(l) !== 'sent from my iphone' ? l : null;
}

/** Places in a line that consists of places (a signature's "İzmir, Türkiye", "8020 Graz", "м. Полтава, Україна"). */
export function placeLine(line: string): string | null {
  const l = line.trim().replace(/[.]$/, '');
  if (!l || l.length > 80) return null;
  if (placeOf(l)) return l;
  // "Vancouver, BC (unceded ...)": a place followed by a qualifier still names the place.
  const first = l.split(/[,(]/)[0]!.trim();
  return first && placeOf(first) && findPlaces(first).length > 0 ? first : null;
}
