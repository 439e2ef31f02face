/**
 * A small HTML-to-text conversion for messages that come as HTML only (Outlook's MsoNormal mail,
 * phishing, newsletters) where mailparser leaves the text empty. Linear-time by construction: blocks
 * are cut with indexOf, tags with a bounded pattern, so hostile markup cannot stall the worker.
 */

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", laquo: '«', raquo: '»', bdquo: '„',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', ndash: '–', mdash: '—', hellip: '…', copy: '©',
  euro: '€', middot: '·', shy: '', zwnj: '', zwj: '',
};

/** Remove every `<name ...> ... </name>` block, case-insensitively, without backtracking. */
function dropBlocks(html: string, name: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  for (;;) {
    const start = lower.indexOf('<' + name, pos);
    if (start < 0) break;
    const close = lower.indexOf('</' + name, start);
    out += html.slice(pos, start);
    if (close < 0) return out;
    const gt = lower.indexOf('>', close);
    pos = gt < 0 ? html.length : gt + 1;
  }
  return out + html.slice(pos);
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML document: block elements become line breaks, tags and comments vanish. */
export function htmlToText(html: string, maxChars = 2_000_000): string {
  let s = html.length > maxChars ? html.slice(0, maxChars) : html;
  s = s.replace(/<!--[\s\S]{0,20000}?-->/g, '');
  for (const name of ['head', 'style', 'script', 'title']) s = dropBlocks(s, name);
  s = s.replace(/<\s*(br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|\/blockquote|p|div|li|tr|hr)\b[^>]{0,2000}>/gi, '\n');
  s = s.replace(/<[^>]{0,4000}>/g, '');
  s = decodeEntities(s);
  return s
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
