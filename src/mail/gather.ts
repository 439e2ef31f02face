/**
 * Collects the text an extraction reads, by role: prose (new body, forwarded original, attachment
 * letter), the closing block (signature lines), and the subject. For a forward, the forwarder's own
 * signature is left out: the original's writer is the contact.
 */
import { splitMessage } from './text';
import { fold, orgWordCount, tidyName } from './names';
import { isSignOff, signaturePerson } from './signature-lines';
import { RANK, blankAppealTitles, type Candidate } from './signers';
import type { ExtractInput, FieldSource } from './types';

export interface Gathered {
  prose: Array<{ text: string; source: FieldSource }>;
  /** All prose joined (for websites and places). */
  proseText: string;
  /** The closing blocks joined: signatures of the sender and of a forwarded original or letter. */
  closing: string;
  closingLines: string[];
  subject: string;
  subjectCandidates: Candidate[];
}

/** Phrases by which a person signs for themself, not for an organisation. Matched on folded text. */
const INDIVIDUAL_RE = new RegExp(
  [
    'as an individual', 'personal capacity', 'as a private (?:person|individual)', 'in a private capacity', 'in my own name', 'as myself', 'for identification (?:purposes )?only', 'identification only',
    'a titre (?:individuel|personnel)', 'en mon nom propre', 'als einzelperson', 'als privatperson', 'a titulo (?:individual|personal)',
    'como particular', 'a titolo (?:personale|individuale)', 'come singol[oa]', 'jako jednotlivec', 'nikoli za organizaci',
    'pouze pro identifikaci', 'jako osoba prywatna', 'jako osoba fizyczna', 'we własnym imieniu', 'как частное лицо',
    'не от имени организации', 'від себе особисто', 'як приватна особа', 'не від імені організації', 'як прыватная асоба',
    'som privatperson', 'som enskild', 'als individu', 'als privepersoon', 'ωσ ιδιωτησ', 'bireysel olarak', '個人として',
    'nur zur identifikation', 'soukrome osoby', 'jako soukroma osoba', 'sem einstaklingur', 'som privatperson', 'yksityishenkilona',
    'kaip privatus asmuo', 'ka privatpersona', 'magánszemelykent', 'ca persoana fizica', 'kao privatna osoba', 'като частно лице', 'ως ιδιωτης', 'solo a efectos de identificacion', 'a fini identificativi', 'somente para identificacao',
  ].join('|'),
);

/** True when the sender signs as a private person ("as an individual", "affiliation for identification only"). */
export function isIndividual(g: Gathered): boolean {
  return INDIVIDUAL_RE.test(fold(`${g.subject}\n${g.proseText}\n${g.closing}`).replace(/ς/g, 'σ').replace(/\s+/g, ' '));
}

const MAX_SUBJECT = 500;
const MAX_CLOSING = 5_000;

// One \s* between the parts (two in a row split a run of spaces quadratically many ways).
const SUBJECT_PREFIX_RE = /^\s*(?:(?:re|fwd?|fw|aw|wg|tr|rv|sv|vs|odp|antw|enc|r|i|ynt|ответ|відп|пересл|ΑΠ|ΣΧΕΤ|Προώθηση)\s*(?:\[\d+\]\s*)?[:：]\s*)+/iu;
/**
 * The first line of a letter: where its letterhead names the sender. Only the first: the lines after
 * it are an address, a date or the addressee (often us), which must not pass for the sender.
 */
function letterhead(text: string): string {
  const head = text.slice(0, 2000);
  const start = head.search(/\S/);
  if (start < 0) return '';
  const end = head.indexOf('\n', start);
  return head.slice(start, end < 0 ? undefined : end).trim().slice(0, 150);
}

/** Subject words about the act itself, not a name ("signature", "Adhesión", "podpis pod apelem"). */
const SUBJECT_ACT_RE =
  /appeal|call|aufruf|appel|llamamiento|appello|apelo|apel|crida|výzv|звернен|обращени|зварот|upprop|oproep|έκκληση|cagri|çağrı|endors|signatur|firma|adhes|adesi|unterst|support|podpis|підпис|подпис|падпіс|underskrift|ondertek|υπογραφ|imza|賛同/iu;

function subjectCandidates(subject: string): Candidate[] {
  const s = blankAppealTitles(subject.replace(SUBJECT_PREFIX_RE, ''));
  const out: Candidate[] = [];
  for (const seg of s.split(/(?<!\s)\s+[-–—|]\s+|[:：]\s+/)) {
    const t = seg.trim();
    if (!t || SUBJECT_ACT_RE.test(t) || orgWordCount(t) === 0 || t.split(/\s+/).length > 12) continue;
    const ws = t.split(/\s+/);
    if (ws.filter((w) => /^\p{Lu}/u.test(w)).length * 2 < ws.length) continue;
    out.push({ name: tidyName(t), rank: RANK.subjectLine, source: 'subject', snippet: subject, place: null, explicit: false });
  }
  return out;
}

/** Lines of a block; " | " and " · " separate lines in one-line HTML signatures. */
function nonEmptyLines(text: string): string[] {
  return text.split(/\n|\s[|·•]\s/).map((l) => l.trim()).filter((l) => l && l !== '--' && l !== '-- ');
}

/** The short lines at the end of a text, up to the last blank line or sentence. */
function trailingBlock(text: string): string {
  const lines = text.trimEnd().split('\n');
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < 6; i--) {
    const l = lines[i]!.trim();
    // HTML mail puts blank lines between signature lines: they do not end the block, a sentence does.
    if (!l) continue;
    if (l.length > 80 || /[.!?]\s+\S|[。！？]\s*\S/.test(l) || (/[.!?]$/.test(l) && !/\.\w{2,}\/?$/.test(l))) break;
    out.unshift(l);
    // The closing formula opens the signature: what stands above it is the letter.
    if (isSignOff(l)) break;
  }
  return out.some((l) => signaturePerson(l)) || out.length >= 2 ? out.join('\n') : '';
}

/** Split a text that arrives unsplit (a forwarded original, a PDF letter) into prose and closing. */
function splitOwn(text: string): { body: string; signature: string } {
  const s = splitMessage(text);
  return { body: s.body, signature: s.signature };
}

/** Gather an input's texts by role. */
export function gatherText(input: ExtractInput): Gathered {
  const prose: Gathered['prose'] = [];
  const closing: string[] = [];
  const fwd = input.forwarded?.text?.trim() ? input.forwarded : null;
  prose.push({ text: input.body ?? '', source: 'body' });
  if (fwd) {
    const own = splitOwn(fwd.text);
    prose.push({ text: own.body, source: 'forwarded' });
    closing.push(own.signature);
  } else {
    closing.push(input.signature ?? '');
  }
  if (input.attachmentText?.trim()) {
    const own = splitOwn(input.attachmentText);
    prose.push({ text: own.body, source: 'attachment' });
    closing.push(own.signature);
    // A letter opens with its letterhead: the sender's name, then an address or a date.
    closing.push(letterhead(input.attachmentText));
  }
  // No signature block found: the trailing short lines ("Martín Sosa, delegado", a name, an org, a URL) are one.
  if (!closing.some((c) => c.trim())) closing.push(trailingBlock(prose[prose.length - 1]!.text));
  const closingText = closing.filter(Boolean).join('\n').slice(0, MAX_CLOSING);
  // A real subject is a line; a 100 kB one is an attack or a broken header, and names nobody.
  const subject = (input.mail.subject ?? '').slice(0, MAX_SUBJECT);
  return {
    prose,
    proseText: prose.map((p) => p.text).join('\n\n'),
    closing: closingText,
    closingLines: nonEmptyLines(closingText),
    subject,
    subjectCandidates: subjectCandidates(subject),
  };
}
