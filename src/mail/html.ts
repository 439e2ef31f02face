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
/** Elements that start and end a line. */
const BLOCKS = new Set(['div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'address', 'center', 'section', 'article', 'header', 'footer', 'form', 'fieldset']);
const SKIPPED = new Set(['head', 'style', 'script', 'title']);
const closers = new Map([...SKIPPED].map((n) => [n, new RegExp(`<\\s{0,10}/\\s{0,10}${n}`, 'gi')]));
/** Tables nested deeper than this are read as plain blocks. */
const MAX_TABLE_DEPTH = 20;
const CELL_SEPARATOR = ' | ';
/** Word's own list bullets and numbers, which Outlook wraps in a conditional comment. */
const LIST_MARKERS: Array<[string, string]> = [['<![if !supportLists]>', '<![endif]>'], ['<!--[if !supportLists]-->', '<!--[endif]-->']];
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

/** A table being read: the row's finished cells and the cell being written, if any. */
interface Table {
  parent: string[];
  cells: string[] | null;
  cell: string[] | null;
}

/**
 * How many line breaks the text in `out` ends with (0, 1 or 2), looking past a few spaces: never
 * far, or a <pre> full of spaces followed by many blocks would be read again for each.
 */
function trailingBreaks(out: string[]): number {
  let n = 0;
  let steps = 0;
  for (let k = out.length - 1; k >= 0; k--) {
    const piece = out[k]!;
    for (let j = piece.length - 1; j >= 0; j--) {
      if (++steps > 64) return n;
      if (piece[j] === ' ') continue;
      if (piece[j] !== '\n') return n;
      if (++n === 2) return n;
    }
  }
  return 2; // the start of the text counts as a fresh paragraph
}

/** Start a new line (`n` = 1) or a new paragraph (`n` = 2) unless one was just started. */
function breakTo(out: string[], n: 1 | 2): void {
  for (let have = trailingBreaks(out); have < n; have++) out.push('\n');
}

/**
 * One line per table row, its non-empty cells joined by " | " (a coalition list with towns and
 * websites). A row whose cells hold several lines is layout, not a list: its cells' lines follow
 * one another.
 */
function rowText(cells: string[]): string {
  const clean = cells.map((c) => c.replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n').trim()).filter(Boolean);
  return clean.join(clean.some((c) => c.includes('\n')) ? '\n' : CELL_SEPARATOR);
}

/**
 * Plain text of an HTML document as a reader sees it: source line breaks are spaces, block elements
 * make lines (Word's margin-less MsoNormal paragraphs one line each, other paragraphs a blank line
 * between), list items one line each, table rows one line with cells joined by " | ", quotes get
 * "> ", tags vanish.
 */
export function htmlToText(html: string, maxChars = 2_000_000): string {
  const s = html.length > maxChars ? html.slice(0, maxChars) : html;
  const root: string[] = [];
  let out = root;
  const tables: Table[] = [];
  let pre = 0;
  let wordParagraph = false;
  const text = (raw: string) => {
    const t = tables[tables.length - 1];
    if (t && !t.cell && !raw.trim()) return; // the whitespace between rows and cells
    const decoded = raw.includes('&') ? decodeEntities(raw) : raw;
    const piece = pre > 0 ? decoded : decoded.replace(/\s+/g, ' ');
    // A run of blank text nodes adds one space at most, so looking back for line breaks stays cheap.
    if (piece === ' ' && /[ \n]$/.test(out[out.length - 1] ?? '\n')) return;
    out.push(piece);
  };
  const endCell = (t: Table) => {
    if (t.cell) (t.cells ??= []).push(t.cell.join(''));
    t.cell = null;
    out = t.parent;
  };
  const endRow = (t: Table) => {
    endCell(t);
    const line = t.cells ? rowText(t.cells) : '';
    t.cells = null;
    if (!line) return;
    breakTo(t.parent, 1);
    t.parent.push(line, '\n');
  };
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      text(s.slice(i));
      break;
    }
    if (lt > i) text(s.slice(i, lt));
    const marker = s[lt + 1] === '!' ? LIST_MARKERS.find(([open]) => s.startsWith(open, lt)) : undefined;
    if (marker) {
      const end = s.indexOf(marker[1], lt);
      i = end < 0 ? s.length : end + marker[1].length;
      continue;
    }
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) {
      text(s.slice(lt)); // no tag can close any more: the rest is text
      break;
    }
    const m = /^\s{0,10}(\/?)\s{0,10}([a-z][a-z0-9]{0,15})/i.exec(s.slice(lt + 1, Math.min(gt, lt + 40)));
    i = gt + 1;
    if (!m) continue;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const table = tables[tables.length - 1];
    if (!closing && SKIPPED.has(name)) {
      const end = closers.get(name)!;
      end.lastIndex = i;
      const hit = end.exec(s);
      const close = hit ? s.indexOf('>', hit.index) : -1;
      i = close < 0 ? s.length : close + 1;
    } else if (name === 'blockquote') out.push(`\n${closing ? QUOTE_CLOSE : QUOTE_OPEN}\n`);
    else if (name === 'table' && !closing && tables.length < MAX_TABLE_DEPTH) {
      breakTo(out, 1);
      tables.push({ parent: out, cells: null, cell: null });
    } else if (name === 'table' && closing && table) {
      endRow(table);
      tables.pop();
      out = table.parent;
    } else if (name === 'tr' && table) endRow(table);
    else if ((name === 'td' || name === 'th') && table) {
      endCell(table);
      if (!closing) {
        table.cell = [];
        out = table.cell;
      }
    } else if (name === 'br') out.push('\n');
    else if (name === 'p') {
      // Word's paragraphs have no margins: each is a line, and an empty one is the blank line.
      if (!closing) wordParagraph = /\bclass\s{0,3}=\s{0,3}["']?Mso/i.test(s.slice(lt, Math.min(gt, lt + 200)));
      if (!wordParagraph) breakTo(out, 2);
      else if (closing) out.push('\n');
      else breakTo(out, 1);
    } else if (BLOCKS.has(name) || name === 'table' || name === 'tr') {
      if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
      breakTo(out, /^h\d$/.test(name) ? 2 : 1);
    }
  }
  while (tables.length) {
    const t = tables.pop()!;
    endRow(t);
    out = t.parent;
  }
  const joined = root.join('').replace(/[ \t\u00a0]+/g, ' ').replace(/ ?\n ?/g, '\n');
  return markQuotes(joined).replace(/\n{3,}/g, '\n\n').trim();
}
