/**
 * Byte-level repairs done before MIME parsing, and a cheap scan of the MIME part types. Real mailboxes
 * hand us mbox exports, files saved on old Macs (bare CR line endings) and editors' byte-order marks;
 * mailparser reads all of them wrongly as "no headers", so we fix the framing first.
 */

const CR = 0x0d;
const LF = 0x0a;

/**
 * Drop a UTF-8 BOM, leading blank lines and a leading mbox `From ` separator line, and turn bare CR
 * line endings into CRLF. Returns the input itself when nothing needs fixing.
 */
export function normaliseRaw(raw: Buffer): Buffer {
  let start = 0;
  if (raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) start = 3;
  // Blank lines (and stray spaces) before the first header.
  while (start < raw.length && (raw[start] === CR || raw[start] === LF || raw[start] === 0x20 || raw[start] === 0x09)) start++;
  // mbox separator: "From sender date" (no colon after From), RFC 4155.
  if (raw.length - start > 5 && raw.toString('latin1', start, start + 5) === 'From ') {
    const nl = raw.indexOf(LF, start);
    const cr = raw.indexOf(CR, start);
    const end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
    if (end > 0) {
      start = end;
      while (start < raw.length && (raw[start] === CR || raw[start] === LF)) start++;
    }
  }
  const body = start > 0 ? raw.subarray(start) : raw;
  return hasBareCr(body) ? fixBareCr(body) : body;
}

function hasBareCr(b: Buffer): boolean {
  let i = b.indexOf(CR);
  // Looking at the first few CRs is enough: a file either uses bare CRs throughout or not at all.
  for (let seen = 0; i >= 0 && seen < 50; seen++) {
    if (b[i + 1] !== LF) return true;
    i = b.indexOf(CR, i + 1);
  }
  return false;
}

function fixBareCr(b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(b.length * 2);
  let o = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    out[o++] = c;
    if (c === CR && b[i + 1] !== LF) out[o++] = LF;
  }
  return out.subarray(0, o);
}

/** How much of the raw message is scanned for part headers; reports put them near the top. */
const SCAN_LIMIT = 256_000;

/**
 * Lower-case MIME types named by every `Content-Type:` header in the message (top level, parts and
 * attached messages), without a full parse. Used to spot RFC 3464/3462 reports and feedback loops.
 */
export function scanPartTypes(raw: Buffer): string[] {
  const text = raw.toString('latin1', 0, Math.min(raw.length, SCAN_LIMIT));
  const re = /^content-type[ \t]*:[ \t]*(?:\r?\n[ \t]+)?([a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126})/gim;
  const out = new Set<string>();
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) && n++ < 500) out.add(m[1]!.toLowerCase());
  return [...out];
}

/**
 * Readable text straight from the raw body, for messages whose MIME structure is too broken for
 * mailparser to find any part (missing boundaries, no header/body separator): boundary lines and
 * part headers dropped, the rest kept as is. Better a rough text than none for classification.
 */
export function rawBodyText(raw: Buffer, maxChars: number): string {
  const text = raw.toString('utf8', 0, Math.min(raw.length, maxChars * 2));
  const sep = text.search(/\r?\n\r?\n/);
  const body = sep >= 0 ? text.slice(sep) : '';
  const out: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^--[^\s]{1,200}$/.test(line) || /^content-[a-z-]{1,40}\s*:/i.test(line) || /^[ \t]+[a-z-]{1,40}=/i.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').trim().slice(0, maxChars);
}

/**
 * Re-read a single-part text body whose charset label is wrong (8-bit Latin-1 or Cyrillic sent as
 * "utf-8" or unlabelled, which decodes to U+FFFD). Returns null when the body is valid UTF-8 or
 * cannot be located; otherwise the text decoded as windows-1251 (mostly high bytes: Cyrillic) or
 * windows-1252 (a few accented letters).
 */
export function redecodeMislabelled(raw: Buffer, transferEncoding: string): string | null {
  const sep = raw.indexOf('\r\n\r\n');
  const alt = raw.indexOf('\n\n');
  const start = sep >= 0 && (alt < 0 || sep < alt) ? sep + 4 : alt >= 0 ? alt + 2 : -1;
  if (start < 0) return null;
  let body = raw.subarray(start);
  const cte = transferEncoding.trim().toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.toString('latin1'), 'base64');
  else if (cte === 'quoted-printable') body = decodeQp(body.toString('latin1'));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return null;
  } catch {
    // Not UTF-8 after all: guess below.
  }
  let high = 0;
  let ascii = 0;
  for (const b of body) {
    if (b >= 0x80) high++;
    else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ascii++;
  }
  const cyrillic = high / Math.max(1, high + ascii) > 0.3;
  try {
    return new TextDecoder(cyrillic ? 'windows-1251' : 'windows-1252').decode(body);
  } catch {
    return null;
  }
}

function decodeQp(s: string): Buffer {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}
