/**
 * Raw bytes -> InboundMail. Wraps mailparser's simpleParser so the rest of the core never sees a
 * half-parsed message or an exception: whatever arrives (mbox lines, bare CRs, BOMs, 10 MB bodies,
 * broken MIME) yields an InboundMail, with `parseError` set when the message could not be read fully.
 */
import { simpleParser, type AddressObject, type ParsedMail, type Attachment } from 'mailparser';
import type { Address, AttachmentInfo, InboundMail } from './types';
import { letterFormat, readLetterText } from './attachment-text';
import { htmlToText } from './html';
import { normaliseRaw, rawBodyText, redecodeMislabelled, scanPartTypes } from './raw';
import { capHeaders, capText, HEADER_CAPS, headersFromParsed, rawHeaderBlock, type HeaderMap } from './headers';

export interface ParseOptions {
  /** Cap on the plain text kept (characters); the rest is dropped. Default 200,000. */
  maxTextChars?: number;
  /** Read the text of attached letters: PDF, DOCX, ODT (slower). Default true. */
  readLetters?: boolean;
  /** Give up on a message after this many milliseconds. Default 10,000. */
  timeoutMs?: number;
}

const DEFAULT_MAX_TEXT = 200_000;
/** HTML beyond this is not converted to text: html-to-text is the slow part of mailparser. */
const MAX_HTML_TO_PARSE = 2_000_000;
/** How deep attached messages (message/rfc822) are opened; forwards of forwards are rare beyond 2. */
const MAX_EMBED_DEPTH = 2;
const MAX_EMBED_BYTES = 256_000;
/** Per message: how many letters are read and attached messages opened (each letter may take seconds). */
const MAX_LETTERS = 3;
const MAX_EMBEDDED = 5;

/** What one parse may still spend, shared by the message and its attached messages. */
interface Budget {
  maxText: number;
  readLetters: boolean;
  letters: number;
  embedded: number;
}

/**
 * Parse one raw message. Never throws: on failure returns what the raw header block could tell,
 * with `parseError` set.
 */
export async function parseMail(raw: Buffer, opts: ParseOptions = {}): Promise<InboundMail> {
  const maxText = opts.maxTextChars ?? DEFAULT_MAX_TEXT;
  let bytes: Buffer;
  try {
    bytes = normaliseRaw(raw);
  } catch {
    bytes = raw;
  }
  try {
    const parsed = await withTimeout(simpleParser(bytes, parserOptions()), opts.timeoutMs ?? 10_000);
    const budget: Budget = { maxText, readLetters: opts.readLetters !== false, letters: MAX_LETTERS, embedded: MAX_EMBEDDED };
    const mail = await toInbound(parsed, bytes, budget, 0);
    return mail;
  } catch (err) {
    return fallbackMail(bytes, raw.length, err);
  }
}

function parserOptions() {
  // html-to-text is mailparser's slowest step; html.ts does the job for HTML-only mail at a fraction of the cost.
  return { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: MAX_HTML_TO_PARSE };
}

async function toInbound(p: ParsedMail, bytes: Buffer, budget: Budget, depth: number): Promise<InboundMail> {
  const { maxText } = budget;
  // Every header value is cut to its cap before any of our code reads it (see HEADER_CAPS).
  const capped: string[] = [];
  const headers = capHeaders(headersFromParsed(p), capped);
  const cap = (v: string | undefined | null, max: number, what: string) => (v == null ? null : capText(v, max, what, capped));
  const refs = Array.isArray(p.references) ? p.references : p.references ? [p.references] : [];
  if (refs.length > HEADER_CAPS.references) capped.push(`references: ${HEADER_CAPS.references} of ${refs.length} kept`);
  const html = typeof p.html === 'string' ? p.html.slice(0, MAX_HTML_TO_PARSE) : null;
  // HTML-only mail gets its text from html.ts (mailparser's conversion is switched off above).
  let plain = p.text && p.text.trim() ? p.text : html ? htmlToText(html) : '';
  if (!plain.trim() && !(p.attachments ?? []).length) plain = rawBodyText(bytes, maxText);
  if (plain.includes('\uFFFD') && /^text\/plain/i.test(contentTypeOf(p)) && !trustedCharset(contentTypeOf(p))) {
    // A wrong or missing charset label (RFC 2046 4.1.2 defaults to US-ASCII; clients send 8-bit anyway).
    plain = redecodeMislabelled(bytes, String(p.headers.get('content-transfer-encoding') ?? '')) ?? plain;
  }
  const text = plain.slice(0, maxText);
  const attachments: AttachmentInfo[] = [];
  // A report's returned message (RFC 3464/6522) is our own mail coming back: not worth opening.
  const openEmbedded = depth < MAX_EMBED_DEPTH && !/^multipart\/report/i.test(contentTypeOf(p));
  for (const a of p.attachments ?? []) attachments.push(await attachmentInfo(a, budget, openEmbedded ? depth : MAX_EMBED_DEPTH));
  return {
    messageId: cap(p.messageId, HEADER_CAPS.value, 'Message-ID') ?? firstOf(headers, 'message-id'),
    from: firstAddress(p.from, 'From', capped),
    replyTo: firstAddress(p.replyTo, 'Reply-To', capped),
    to: addresses(p.to, 'To', capped),
    cc: addresses(p.cc, 'Cc', capped),
    subject: cap(p.subject, HEADER_CAPS.subject, 'Subject') ?? '',
    date: p.date && !Number.isNaN(p.date.getTime()) ? p.date : null,
    inReplyTo: cap(p.inReplyTo, HEADER_CAPS.value, 'In-Reply-To'),
    references: refs.slice(0, HEADER_CAPS.references).map((r) => capText(r, HEADER_CAPS.value, 'a References entry', capped)),
    headers,
    contentType: contentTypeOf(p),
    text,
    html,
    attachments,
    size: bytes.length,
    partTypes: scanPartTypes(bytes),
    ...(capped.length ? { capped: [...new Set(capped)] } : {}),
  };
}

async function attachmentInfo(a: Attachment, budget: Budget, depth: number): Promise<AttachmentInfo> {
  const info: AttachmentInfo = {
    filename: a.filename ?? null,
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    size: a.size ?? a.content?.length ?? 0,
  };
  const format = letterFormat(info);
  try {
    if (format && budget.readLetters) {
      if (budget.letters-- > 0) {
        const r = await readLetterText(format, a.content, budget.maxText);
        if (r.text) info.text = r.text;
        else info.textError = r.error ?? 'no text';
      } else info.textError = `not read: only ${MAX_LETTERS} letters are read per message`;
    } else if (info.contentType === 'message/rfc822' && depth < MAX_EMBED_DEPTH && a.content && budget.embedded > 0) {
      budget.embedded--;
      // The forwarded words sit at the top; a forwarded message's own attachments are not worth parsing.
      const head = a.content.subarray(0, MAX_EMBED_BYTES);
      const inner = await withTimeout(simpleParser(head, parserOptions()), 5_000);
      const m = await toInbound(inner, head, budget, depth + 1);
      info.message = { from: m.from, replyTo: m.replyTo, subject: m.subject, date: m.date, text: m.text, headers: m.headers };
    }
  } catch {
    // An unreadable attachment is left for a person; the message itself is still fine.
  }
  return info;
}

/** A declared legacy charset we can decode is trusted; UTF-8, ASCII, none or an unknown label is not. */
function trustedCharset(contentType: string): boolean {
  const label = /charset=["']?([^"';\s]{1,40})/i.exec(contentType)?.[1]?.toLowerCase();
  if (!label || /^(?:utf-?8|us-ascii|ascii)$/.test(label)) return false;
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function contentTypeOf(p: ParsedMail): string {
  const ct = p.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!ct || typeof ct !== 'object' || !ct.value) return 'text/plain';
  const params = Object.entries(ct.params ?? {})
    .filter(([k]) => k !== 'boundary')
    .map(([k, v]) => `; ${k}=${v}`)
    .join('');
  return ct.value.toLowerCase() + params;
}

/** Addresses kept per header (To, Cc): a list of 10,000 recipients says nothing more than 100 do. */
const MAX_ADDRESSES = 100;

function toAddress(a: { address?: string; name?: string } | undefined, what: string, capped: string[]): Address | null {
  if (!a || !a.address) return null;
  // The name is cut before trim: trimming 200k spaces is cheap, but nothing else should see them.
  const name = capText(a.name ?? '', HEADER_CAPS.name, `${what} display name`, capped).trim();
  return { address: capText(a.address, HEADER_CAPS.value, `${what} address`, capped).trim().toLowerCase(), name };
}

function flatten(obj: AddressObject | AddressObject[] | undefined, what: string, capped: string[]): Address[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  const out: Address[] = [];
  for (const o of list) {
    for (const v of o.value ?? []) {
      // Groups (RFC 5322 3.4) carry their members in `group`.
      const members = (v as { group?: Array<{ address?: string; name?: string }> }).group ?? [v];
      for (const m of members) {
        if (out.length >= MAX_ADDRESSES) {
          capped.push(`${what}: ${MAX_ADDRESSES} addresses kept`);
          return out;
        }
        const a = toAddress(m, what, capped);
        if (a) out.push(a);
      }
    }
  }
  return out;
}

function firstAddress(obj: AddressObject | AddressObject[] | undefined, what: string, capped: string[]): Address | null {
  return flatten(obj, what, capped)[0] ?? null;
}

function addresses(obj: AddressObject | AddressObject[] | undefined, what: string, capped: string[]): Address[] {
  return flatten(obj, what, capped);
}

function firstOf(h: HeaderMap, key: string): string | null {
  return h[key]?.[0]?.trim() || null;
}

/** When mailparser fails, read what we can from the raw header block so the message stays reviewable. */
function fallbackMail(bytes: Buffer, size: number, err: unknown): InboundMail {
  let headers: HeaderMap = {};
  const capped: string[] = [];
  try {
    headers = capHeaders(rawHeaderBlock(bytes), capped);
  } catch {
    headers = {};
  }
  const addr = (k: string): Address | null => {
    // The first word with one `@` inside and something on each side of it.
    const word = (firstOf(headers, k) ?? '').split(/[\s<>"]/).find((w) => w.indexOf('@') > 0 && w.indexOf('@') === w.lastIndexOf('@') && !w.endsWith('@'));
    return word && word.length <= 254 ? { address: word.toLowerCase(), name: '' } : null;
  };
  const date = firstOf(headers, 'date');
  const d = date ? new Date(date) : null;
  return {
    messageId: firstOf(headers, 'message-id'),
    from: addr('from'),
    replyTo: addr('reply-to'),
    to: [],
    cc: [],
    subject: (firstOf(headers, 'subject') ?? '').slice(0, HEADER_CAPS.subject),
    date: d && !Number.isNaN(d.getTime()) ? d : null,
    inReplyTo: firstOf(headers, 'in-reply-to'),
    references: [],
    headers,
    contentType: (firstOf(headers, 'content-type') ?? 'text/plain').toLowerCase(),
    text: '',
    html: null,
    attachments: [],
    size,
    parseError: `could not parse message: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300),
    ...(capped.length ? { capped: [...new Set(capped)] } : {}),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parser timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
