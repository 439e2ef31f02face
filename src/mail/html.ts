/**
 * A small HTML-to-text conversion for messages that come as HTML only (Outlook's MsoNormal mail,
 * phishing, newsletters): mailparser's own conversion is slow and off. One forward scan with indexOf,
 * no backtracking pattern over the document, so hostile markup cannot stall the worker.
 */

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", laquo: '«', raquo: '»', bdquo: '„', sbquo: '‚',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®',
  euro: '€', pound: '£', middot: '·', bull: '•', deg: '°', shy: '', zwnj: '', zwj: '', szlig: 'ß',
};
// Latin letters with diacritics by their entity names (&uuml; &eacute; &ccedil; ...).
const ACCENTED: Record<string, string> = { uml: '\u0308', acute: '\u0301', grave: '\u0300', circ: '\u0302', tilde: '\u0303', cedil: '\u0327', ring: '\u030a', caron: '\u030c' };
const BLOCKS = new Set(['br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'hr', 'ul', 'ol', 'pre']);
const SKIPPED = new Set(['head', 'style', 'script', 'title']);
const closers = new Map([...SKIPPED].map((n) => [n, new RegExp(`<\\s{0,10}/\\s{0,10}${n}`, 'gi')]));
const QUOTE_OPEN = '\u0001q+';
const QUOTE_CLOSE = '\u0001q-';

function entity(name: string): string | undefined {
  if (name in ENTITIES) return ENTITIES[name];
  const m = /^([a-z])(uml|acute|grave|circ|tilde|cedil|ring|caron)$/i.exec(name);
  if (m) return (m[1]! + ACCENTED[m[2]!.toLowerCase()]).normalize('NFC');
  if (name === 'oslash' || name === 'Oslash') return name[0] === 'O' ? 'Ø' : 'ø';
  if (name === 'aelig' || name === 'AElig') return name[0] === 'A' ? 'Æ' : 'æ';
  return ENTITIES[name.toLowerCase()];
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return entity(e) ?? whole;
  });
}

/** Prefix the lines inside blockquote markers with "> ", as plain-text mail clients quote. */
function markQuotes(text: string): string {
  if (!text.includes(QUOTE_OPEN)) return text;
  let depth = 0;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === QUOTE_OPEN) depth++;
    else if (line === QUOTE_CLOSE) depth = Math.max(0, depth - 1);
    else out.push(depth && line ? `${'> '.repeat(Math.min(depth, 10))}${line}` : line);
  }
  return out.join('\n');
}

/** Plain text of an HTML document: block elements become line breaks, quotes get "> ", tags vanish. */
export function htmlToText(html: string, maxChars = 2_000_000): string {
  const s = html.length > maxChars ? html.slice(0, maxChars) : html;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      out.push(s.slice(i));
      break;
    }
    out.push(s.slice(i, lt));
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) {
      out.push(s.slice(lt)); // no tag can close any more: the rest is text
      break;
    }
    const m = /^\s{0,10}(\/?)\s{0,10}([a-z][a-z0-9]{0,15})/i.exec(s.slice(lt + 1, Math.min(gt, lt + 40)));
    i = gt + 1;
    if (!m) continue;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (!closing && SKIPPED.has(name)) {
      const end = closers.get(name)!;
      end.lastIndex = i;
      const hit = end.exec(s);
      const close = hit ? s.indexOf('>', hit.index) : -1;
      i = close < 0 ? s.length : close + 1;
    } else if (name === 'blockquote') out.push(`\n${closing ? QUOTE_CLOSE : QUOTE_OPEN}\n`);
    else if (BLOCKS.has(name)) out.push('\n');
  }
  const text = decodeEntities(out.join(''))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n');
  return markQuotes(text).replace(/\n{3,}/g, '\n\n').trim();
}
