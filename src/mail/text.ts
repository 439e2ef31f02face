/**
 * Splits a message's text into the sender's own new words, their signature, quoted replies, a
 * forwarded original and legal disclaimers. Intent is read from the new words only, so a reply that
 * quotes our call ("please endorse") or our acknowledgement is not mistaken for an endorsement.
 * Line-based with bounded patterns: no regular expression here can backtrack catastrophically.
 */
import { trimChars, trimEndChars } from './trim-chars';
import type { Address } from './types';
import {
  BLOCK_LABELS, DISCLAIMER_STARTS, DISCLAIMER_WORDS, FORWARD_MARKERS, FORWARD_SUBJECT, FROM_LABELS,
  MOBILE_FOOTERS, ORIGINAL_MARKERS, SIGN_OFFS, WROTE,
} from './lexicon/quoting';

export interface SplitText {
  /** The sender's new text: no quotes, forwarded original, signature or disclaimer. */
  body: string;
  /** The signature block, from the sign-off or `-- ` line on. */
  signature: string;
  /** Quoted earlier messages (`>` lines, "On ... wrote:" and Outlook header blocks onwards). */
  quoted: string;
  /** A forwarded original: its sender (when the header block names one) and its text. */
  forwarded: { from: Address | null; text: string } | null;
  /** Legal disclaimers and privacy notices. */
  disclaimer: string;
}

export interface SplitOptions {
  /** The message subject: a forward prefix (Fwd:, WG:, TR:...) turns a bare header block into a forward. */
  subject?: string;
  /** Only this many characters are read. Default 200,000. */
  maxChars?: number;
}

/** Lines longer than this are prose, never a header, attribution or sign-off. */
const MAX_MARKER_LINE = 300;
const FROM_SET = new Set(FROM_LABELS);
const BLOCK_SET = new Set([...BLOCK_LABELS, ...FROM_LABELS]);
const SIGN_OFF_SET = new Set(SIGN_OFFS);
const WROTE_END = new RegExp(`(?:${WROTE.join('|')})\\s{0,3}[:：]?\\s*$`, 'i');

type Boundary = { at: number; kind: 'quote' | 'forward' | 'header' };

/** Split a plain-text body. Never throws; every part is a (possibly empty) trimmed string. */
export function splitMessage(text: string, opts: SplitOptions = {}): SplitText {
  const src = (text ?? '').slice(0, opts.maxChars ?? 200_000).replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  const forwardSubject = FORWARD_SUBJECT.test(opts.subject ?? '');
  const b = findBoundary(lines);
  let own = b ? lines.slice(0, b.at) : lines;
  let quoted: string[] = [];
  let forwarded: SplitText['forwarded'] = null;
  if (b) {
    const rest = lines.slice(b.at);
    if (b.kind === 'forward' || (b.kind === 'header' && forwardSubject)) forwarded = readForward(rest, b.kind === 'forward');
    else if (b.kind === 'quote' && !own.some((l) => l.trim()) && isBottomPosted(rest)) {
      // Bottom-posting (RFC 1855 style): nothing above the attribution, the answer below or between
      // the `>` lines. Keep the unquoted lines as the new text; the `>` lines go to `quoted` below.
      own = rest.slice(1);
      quoted = [rest[0]!];
    } else quoted = rest;
  }
  // Interleaved `>` lines in the new text are quotes too (RFC 3676 quoting).
  const kept: string[] = [];
  for (const l of own) (/^\s{0,3}>/.test(l) ? quoted : kept).push(l);
  own = kept;
  const { main, disclaimer } = cutDisclaimer(own);
  const { body, signature } = cutSignature(main);
  return {
    body: tidy(body),
    signature: tidy(signature),
    quoted: tidy(quoted),
    forwarded,
    disclaimer: tidy(disclaimer),
  };
}

function tidy(lines: string[]): string {
  // trimEnd per line: a `[ \t]+$` pattern is quadratic on long runs of inner spaces.
  return lines.map((l) => l.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Strip decoration around a separator line: dashes, underscores, stars, spaces, a trailing colon. */
function bare(line: string): string {
  const head = line.trim().replace(/^[-=_*\s>]{0,40}/, '');
  // At most 40 trailing characters go, as the leading side: by a loop, since /[...]{0,40}$/ is retried from every position.
  const cut = Math.max(0, head.length - 40);
  return (head.slice(0, cut) + trimEndChars(head.slice(cut), /[-=_*\s:]/)).toLowerCase();
}

/** "-----Original Message-----": dashes open or close the line (a start/end test, not /-{2,}$/ retried at each dash). */
function dashed(t: string): boolean {
  return t.startsWith('--') || t.endsWith('--');
}

function labelOf(line: string): string | null {
  const m = /^\s{0,4}\*?([^\s:：*]{1,20}(?: [^\s:：*]{1,20})?)\s{0,3}\*?\s{0,3}[:：]/.exec(line);
  return m ? m[1]!.toLowerCase() : null;
}

function isAttribution(line: string): boolean {
  if (line.length > MAX_MARKER_LINE || !/\d|@/.test(line)) return false;
  if (WROTE_END.test(line)) return true;
  // Gmail in languages without a "wrote" verb (ja, zh): "<date> <name> <addr>:".
  return /<[^<>\s@]{1,64}@[^<>\s@]{1,255}>\s{0,3}[:：]\s*$/.test(line);
}

function isHeaderBlock(lines: string[], i: number): boolean {
  const label = labelOf(lines[i]!);
  if (!label || !FROM_SET.has(label) || lines[i]!.length > MAX_MARKER_LINE) return false;
  let hits = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) {
    const l = labelOf(lines[j]!);
    if (l && BLOCK_SET.has(l)) hits++;
  }
  return hits >= 1;
}

function findBoundary(lines: string[]): Boundary | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_MARKER_LINE || !line.trim()) continue;
    const b = bare(line);
    if (b && FORWARD_MARKERS.some((m) => b.startsWith(m))) return { at: i, kind: 'forward' };
    if (b && dashed(line.trim()) && ORIGINAL_MARKERS.some((m) => b.startsWith(m))) return { at: i, kind: 'header' };
    if (isAttribution(line)) return { at: i, kind: 'quote' };
    // An attribution wrapped over two lines by the sender's client.
    const next = lines[i + 1];
    // The cheap test on the next line's end comes before joining the two lines.
    if (next !== undefined && line.length + next.length < MAX_MARKER_LINE && /[:：]\s*$/.test(next) && !/[.!?]\s*$/.test(line) && isAttribution(`${line} ${next}`)) {
      return { at: i, kind: 'quote' };
    }
    if (isHeaderBlock(lines, i)) {
      const prev = lines[i - 1];
      const at = prev !== undefined && /^\s*[_-]{10,}\s*$/.test(prev) ? i - 1 : i;
      return { at, kind: 'header' };
    }
  }
  return null;
}

/**
 * True when the quote under an attribution is marked with `>` and unquoted lines follow it: an answer
 * written below. An unmarked copy right under the attribution (some clients quote without `>`) is
 * not an answer, so it stays quoted.
 */
function isBottomPosted(rest: string[]): boolean {
  const after = rest.slice(1).filter((l) => l.trim());
  if (!after.length || !/^\s{0,3}>/.test(after[0]!)) return false;
  return after.some((l) => !/^\s{0,3}>/.test(l));
}

/** Read a forwarded header block: the From line gives the original sender; the rest is its text. */
function readForward(rest: string[], startsWithMarker: boolean): SplitText['forwarded'] {
  let i = startsWithMarker ? 1 : 0;
  while (i < rest.length && /^\s*[_-]{10,}\s*$/.test(rest[i]!)) i++;
  let from: Address | null = null;
  let seenHeader = false;
  for (; i < rest.length && i < 30; i++) {
    const line = rest[i]!;
    if (!line.trim()) {
      if (seenHeader) break;
      continue;
    }
    const label = labelOf(line);
    if (!label || !BLOCK_SET.has(label)) {
      if (seenHeader && /^\s/.test(line)) continue; // folded header value
      break;
    }
    seenHeader = true;
    if (FROM_SET.has(label) && !from) from = parseAddress(line.slice(line.search(/[:：]/) + 1));
  }
  return { from, text: tidy(rest.slice(i)) };
}

const ADDR_CHAR = /[^\s<>"'[\]():;,]/;
const TLD_CHAR = /[a-z0-9-]/i;

/**
 * The first address in `v`, as /([^\s<>"'[\]():;,]{1,100}@[^\s<>"'[\]():;,]{1,200}\.[a-z0-9-]{2,30})/i
 * finds it (leftmost start, then the last "@" and the last "." that fit), in linear time: the pattern
 * retries both bounded repeats from every start, cubic on a run of "@" or "." characters.
 */
function findAddress(v: string): { index: number; text: string } | null {
  const n = v.length;
  const isChar = (i: number) => i < n && ADDR_CHAR.test(v.charAt(i));
  // runEnd: where the run of address characters holding i ends; tld: the letters, digits and dashes from i.
  const runEnd = new Int32Array(n + 1).fill(n);
  const tld = new Int32Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    runEnd[i] = !isChar(i) ? i : isChar(i + 1) ? runEnd[i + 1]! : i + 1;
    tld[i] = TLD_CHAR.test(v.charAt(i)) ? tld[i + 1]! + 1 : 0;
  }
  // lastDot[x]: the last "." at or before x followed by two top-level-domain characters; lastAt[x]: the last "@" with such a dot in reach.
  const lastDot = new Int32Array(n).fill(-1);
  const lastAt = new Int32Array(n).fill(-1);
  const dotOf = new Int32Array(n).fill(-1);
  for (let x = 0; x < n; x++) {
    lastDot[x] = v.charAt(x) === '.' && tld[x + 1]! >= 2 ? x : x > 0 ? lastDot[x - 1]! : -1;
  }
  for (let x = 0; x < n; x++) {
    lastAt[x] = x > 0 ? lastAt[x - 1]! : -1;
    if (v.charAt(x) !== '@') continue;
    const q = lastDot[Math.min(x + 201, runEnd[x]! - 1)]!;
    if (q >= x + 2) {
      dotOf[x] = q;
      lastAt[x] = x;
    }
  }
  for (let s = 0; s < n; s++) {
    if (!isChar(s)) continue;
    const p = lastAt[Math.min(s + 100, runEnd[s]! - 1)]!;
    if (p < s + 1) continue;
    const q = dotOf[p]!;
    return { index: s, text: v.slice(s, q + 1 + Math.min(30, tld[q + 1]!)) };
  }
  return null;
}

/** "Name <addr>", "Name [mailto:addr]", "addr (Name)" or a bare address. */
export function parseAddress(value: string): Address | null {
  const v = value.slice(0, 500);
  const m = findAddress(v);
  if (!m) return null;
  const address = m.text.replace(/^mailto:/i, '').toLowerCase();
  const name = trimChars(withoutOpener(v.slice(0, m.index)).trim(), /["'*\s]/);
  return { address, name };
}

/** `before` without a trailing "<", "[" or "(" and an optional "mailto:" (the address's opener); by ends, not a `\s*$` pattern. */
function withoutOpener(before: string): string {
  let t = before.trimEnd();
  if (t.slice(-7).toLowerCase() === 'mailto:') t = t.slice(0, -7).trimEnd();
  return /[<[(]/.test(t.slice(-1)) ? t.slice(0, -1) : before;
}

function cutDisclaimer(lines: string[]): { main: string[]; disclaimer: string[] } {
  // Look at paragraphs from the end: disclaimers are appended by servers and clients after the text.
  let start = lines.length;
  let i = lines.length;
  while (i > 0) {
    let j = i - 1;
    while (j >= 0 && !lines[j]!.trim()) j--;
    if (j < 0) break;
    let k = j;
    while (k > 0 && lines[k - 1]!.trim()) k--;
    const para = lines.slice(k, j + 1).join(' ');
    const low = para.trim().toLowerCase();
    const isDisclaimer =
      (DISCLAIMER_STARTS.some((s) => low.startsWith(s)) && DISCLAIMER_WORDS.test(para)) ||
      (para.length > 200 && DISCLAIMER_WORDS.test(para)) ||
      (/^[-_=*]{10,}$/.test(low) && start < lines.length);
    if (!isDisclaimer) break;
    start = k;
    i = k;
  }
  return { main: lines.slice(0, start), disclaimer: lines.slice(start) };
}

function signOffKey(line: string): string {
  return trimEndChars(line.trim().toLowerCase(), /[\s,.!:;—–\-，、。！：；،؛]/).replace(/\s+/g, ' ');
}

function isSignOff(line: string): boolean {
  const t = line.trim();
  if (!t || t.length > 60) return false;
  const key = signOffKey(t);
  if (SIGN_OFF_SET.has(key)) return true;
  // "Salutations syndicales et internationalistes," / "Cordiali saluti a tutti": a known opening,
  // few words, and a comma or nothing at the end (a sentence would end with a full stop).
  const words = key.split(' ');
  if (words.length > 6 || /[.?!]$/.test(t)) return false;
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    if (SIGN_OFF_SET.has(words.slice(0, n).join(' ')) && (/[,，،]$/.test(t) || words.length <= 4)) return true;
  }
  return false;
}

function cutSignature(lines: string[]): { body: string[]; signature: string[] } {
  for (let i = 0; i < lines.length; i++) {
    // RFC 3676 4.3: "-- " alone on a line separates the signature.
    if (/^--\s?$/.test(lines[i]!)) return { body: lines.slice(0, i), signature: lines.slice(i + 1) };
  }
  // Non-empty lines after each position, so the sign-off search stays linear on long texts.
  const after = new Array<number>(lines.length + 1).fill(0);
  for (let i = lines.length - 1; i >= 0; i--) after[i] = after[i + 1]! + (lines[i]!.trim() ? 1 : 0);
  const total = after[0]!;
  for (let i = 0; i < lines.length; i++) {
    const before = total - after[i]!;
    if (after[i + 1]! <= 20 && before > 0 && isSignOff(lines[i]!)) {
      return { body: lines.slice(0, i), signature: lines.slice(i).filter((l) => !MOBILE_FOOTERS.test(l.trim())) };
    }
  }
  const body = lines.filter((l) => !MOBILE_FOOTERS.test(l.trim()));
  return { body, signature: [] };
}
