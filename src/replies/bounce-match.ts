/**
 * Is this delivery report about one of our replies? Our replies carry Message-IDs of the form
 * `<type.id@our-domain>`; a report names the original in an attached message/rfc822 or
 * text/rfc822-headers part (RFC 3464, RFC 6522), an `X-Original-Message-ID` (Exchange), its threading
 * headers, or the text it quotes. The parser does not open a report's returned message, so the raw
 * bytes are read too. Pure.
 */
import type { InboundMail } from '../mail/types';
import { REPLY_TYPES, type ReplyType } from './templates';

/** Our reply's type and subject id, read back from its Message-ID. */
export interface OurReply {
  messageId: string;
  type: ReplyType;
  id: string;
}

const OUR_ID_SOURCE = `<?\\b((?:${REPLY_TYPES.join('|')})\\.([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+))>?`;
const OUR_ID = new RegExp(OUR_ID_SOURCE);

/** Read one of our Message-IDs (`<acknowledgement.k1@example.org>`), or null when it is not ours. */
export function parseOurMessageId(value: string, ownDomains: readonly string[]): OurReply | null {
  const m = OUR_ID.exec(value.trim());
  if (!m || !ownDomains.some((d) => d.toLowerCase() === m[3]!.toLowerCase())) return null;
  const type = REPLY_TYPES.find((t) => m[1]!.startsWith(`${t}.`))!;
  return { messageId: `<${m[1]!}>`, type, id: m[1]!.slice(type.length + 1, m[1]!.lastIndexOf('@')) };
}

/** Every one of our Message-IDs that occurs in a text, in order. */
function scan(text: string, ownDomains: readonly string[]): OurReply[] {
  const out: OurReply[] = [];
  for (const m of text.matchAll(new RegExp(OUR_ID_SOURCE, 'g'))) {
    const r = parseOurMessageId(m[0], ownDomains);
    if (r) out.push(r);
  }
  return out;
}

/** How much of the raw report is searched: the returned headers sit near the top of the third part. */
const RAW_SCAN_BYTES = 256 * 1024;

/**
 * The reply of ours a delivery report is about, or null. Looks, most specific first, at: attached
 * original messages (their Message-ID header, then their text), `X-Original-Message-ID`, the report's
 * In-Reply-To and References, attachment texts, the report's own text (where the original headers
 * are often quoted), then the raw bytes (the returned message or headers of an RFC 3464 report).
 * The caller decides that the message is a bounce at all.
 */
export function ourReplyMessageId(mail: InboundMail, ownDomains: readonly string[], raw?: Buffer | null): OurReply | null {
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
  for (const p of places) {
    const [first] = scan(p, ownDomains);
    if (first) return first;
  }
  return null;
}

/** A short account of why it bounced, for the review page: the report's status and diagnostic, when given. */
export function bounceDetail(mail: InboundMail): string {
  const texts = [mail.text, ...mail.attachments.map((a) => a.text ?? '')].join('\n');
  const status = /^\s*Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(texts)?.[1];
  const diag = /^\s*Diagnostic-Code:\s*(?:smtp;\s*)?(.{1,200})$/im.exec(texts)?.[1]?.trim();
  const said = /\b([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.{0,160})/.exec(texts)?.[1]?.trim();
  return [status && `status ${status}`, diag ?? said].filter(Boolean).join(': ') || 'delivery report received';
}
