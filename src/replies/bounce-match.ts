/**
 * Is this delivery report about one of our replies? Our replies carry Message-IDs of the form
 * `<type.id.hmac@our-domain>` (signed-id.ts); a report names the original in an attached message/rfc822 or
 * text/rfc822-headers part (RFC 3464, RFC 6522), an `X-Original-Message-ID` (Exchange), its threading
 * headers, or the text it quotes. The parser does not open a report's returned message, so the raw
 * bytes are read too. Pure.
 */
import type { InboundMail } from '../mail/types';
import { REPLY_TYPES, type ReplyType } from './templates';

/** A Message-ID of our form, read back: its type, subject id and signature (not yet verified). */
export interface OurReply {
  messageId: string;
  type: ReplyType;
  id: string;
  sig: string;
}

/** Characters of a dot-atom local part as our IDs use them (RFC 5322 3.2.3, the subset we write). */
const isIdChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45;
const isLabelChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
/** Our local parts are `type.id.sig`, well under this; a longer run of ID characters is not ours. */
const MAX_LOCAL = 250;

/** Every type of reply we send: the templated ones and organisers' answers. */
const SENT_TYPES: readonly ReplyType[] = [...REPLY_TYPES, 'answer'];

/** Our reply's parts from a local part `type.id.sig`, or null when it is not of that form. */
function fromLocal(local: string, domain: string): OurReply | null {
  const type = SENT_TYPES.find((t) => local.startsWith(`${t}.`));
  if (!type) return null;
  const dot = local.lastIndexOf('.');
  if (dot <= type.length + 1 || dot === local.length - 1) return null;
  return { messageId: `<${local}@${domain}>`, type, id: local.slice(type.length + 1, dot), sig: local.slice(dot + 1) };
}

/**
 * Every one of our Message-IDs that occurs in a text, in order. Found from each `@our-domain` by
 * walking back over at most MAX_LOCAL ID characters: linear in the text, with no regular expression
 * to backtrack (a text of `confirmation..confirmation..` made a bounded pattern super-linear).
 */
function scan(text: string, ownDomains: readonly string[]): OurReply[] {
  const lower = text.toLowerCase();
  const found: { at: number; r: OurReply }[] = [];
  for (const d of ownDomains) {
    const needle = `@${d.toLowerCase()}`;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      // The domain ends here: not followed by more of a label, nor by `.label` (another domain).
      if (end < text.length && (isLabelChar(text.charCodeAt(end)) || (text[end] === '.' && isLabelChar(text.charCodeAt(end + 1))))) continue;
      let start = at;
      while (start > 0 && at - start <= MAX_LOCAL && isIdChar(text.charCodeAt(start - 1))) start--;
      if (at - start > MAX_LOCAL) continue;
      const r = fromLocal(text.slice(start, at), text.slice(at + 1, end));
      if (r) found.push({ at: start, r });
    }
  }
  return found.sort((x, y) => x.at - y.at).map((f) => f.r);
}

/** Read one of our Message-IDs (`<acknowledgement.k1.sig@example.org>`), or null when it is not of our form. */
export function parseOurMessageId(value: string, ownDomains: readonly string[]): OurReply | null {
  return scan(value, ownDomains)[0] ?? null;
}

/** How much of the raw report is searched: the returned headers sit near the top of the third part. */
const RAW_SCAN_BYTES = 256 * 1024;

/**
 * The reply of ours a delivery report is about, or null. Looks, most specific first, at: attached
 * original messages (their Message-ID header, then their text), `X-Original-Message-ID`, the report's
 * In-Reply-To and References, attachment texts, the report's own text (where the original headers
 * are often quoted), then the raw bytes (the returned message or headers of an RFC 3464 report).
 * The first one `accept` takes is returned. The caller decides that the message is a bounce at all,
 * and whether the ID is one we really sent (bounces.ts checks it against the sent-record).
 */
export function ourReplyMessageId(
  mail: InboundMail, ownDomains: readonly string[], raw?: Buffer | null, accept: (r: OurReply) => boolean = () => true,
): OurReply | null {
  return ourReplyMessageIds(mail, ownDomains, raw).find(accept) ?? null;
}

/** At most this many candidate IDs are read from one report (each may cost the caller a lookup). */
const MAX_CANDIDATES = 20;

/** Every Message-ID of our form a report names, most specific place first, without repeats. */
export function ourReplyMessageIds(mail: InboundMail, ownDomains: readonly string[], raw?: Buffer | null): OurReply[] {
  const places: string[] = [];
  for (const a of mail.attachments) for (const v of a.message?.headers['message-id'] ?? []) places.push(v);
  places.push(...(mail.headers['x-original-message-id'] ?? []));
  if (mail.inReplyTo) places.push(mail.inReplyTo);
  places.push(...mail.references);
  for (const a of mail.attachments) {
    if (a.message) places.push(a.message.text);
    if (a.text) places.push(a.text);
  }
  places.push(mail.text);
  if (raw) places.push(raw.subarray(0, RAW_SCAN_BYTES).toString('latin1'));
  const out = new Map<string, OurReply>();
  for (const p of places) {
    for (const r of scan(p, ownDomains)) {
      if (!out.has(r.messageId.toLowerCase())) out.set(r.messageId.toLowerCase(), r);
      if (out.size >= MAX_CANDIDATES) return [...out.values()];
    }
  }
  return [...out.values()];
}

/** A short account of why it bounced, for the review page: the report's status and diagnostic, when given. */
export function bounceDetail(mail: InboundMail): string {
  const texts = [mail.text, ...mail.attachments.map((a) => a.text ?? '')].join('\n');
  // [ \t], not \s: with the m flag, \s* after ^ would also run over line ends (quadratic on blank lines).
  const status = /^[ \t]*Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})/im.exec(texts)?.[1];
  const diag = /^[ \t]*Diagnostic-Code:[ \t]*(?:smtp;[ \t]*)?(.{1,200})$/im.exec(texts)?.[1]?.trim();
  const said = /\b([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.{0,160})/.exec(texts)?.[1]?.trim();
  return [status && `status ${status}`, diag ?? said].filter(Boolean).join(': ') || 'delivery report received';
}
