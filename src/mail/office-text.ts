/**
 * Text of a DOCX (word/document.xml) or ODT (content.xml) letter. Endorsement letters put the
 * coalition's members in tables or lists, so the layout matters more than the styling: paragraphs
 * and list items become lines, a table row becomes one line with its cells joined by " | ". One
 * forward scan over the XML with indexOf, so its time is linear in the (capped) document.
 */
import { readZipEntry, zipEntries, ZipError } from './zip';

/** A letter's main XML part never needs more than this once unpacked. */
export const MAX_PART_BYTES = 16 * 1_048_576;
const CELL_SEPARATOR = ' | ';

export type OfficeFormat = 'docx' | 'odt';

interface Dialect {
  /** Elements whose character data is text (DOCX keeps text only in w:t; ODT everywhere in the body). */
  textIn: Set<string> | null;
  paragraph: Set<string>;
  row: string;
  cell: string;
  tab: Set<string>;
  lineBreak: Set<string>;
  /** Elements whose content is not the letter's text (deleted revisions, comments, field codes). */
  skipped: Set<string>;
}

const DIALECTS: Record<OfficeFormat, Dialect> = {
  docx: {
    textIn: new Set(['w:t']),
    paragraph: new Set(['w:p']),
    row: 'w:tr',
    cell: 'w:tc',
    tab: new Set(['w:tab', 'w:ptab']),
    lineBreak: new Set(['w:br', 'w:cr']),
    skipped: new Set(['w:del', 'w:instrText']),
  },
  odt: {
    textIn: null,
    paragraph: new Set(['text:p', 'text:h']),
    row: 'table:table-row',
    cell: 'table:table-cell',
    tab: new Set(['text:tab']),
    lineBreak: new Set(['text:line-break']),
    skipped: new Set(['office:annotation', 'office:automatic-styles', 'office:font-face-decls', 'office:scripts', 'text:tracked-changes', 'text:note-citation']),
  },
};

/** Unpack the main XML part of a DOCX or ODT file. Throws ZipError with a reason. */
function officeXml(buf: Buffer, format: OfficeFormat): string {
  const entries = zipEntries(buf);
  const wanted = format === 'odt' ? /^content\.xml$/ : /^word\/document\d{0,3}\.xml$/;
  const entry = entries.find((e) => wanted.test(e.name));
  if (!entry) throw new ZipError(format === 'odt' ? 'no content.xml: not an ODT document' : 'no word/document.xml: not a DOCX document');
  return readZipEntry(buf, entry, MAX_PART_BYTES).toString('utf8');
}

/** Text of a DOCX or ODT file, at most `maxChars` long. Throws ZipError with a reason. */
export function officeText(buf: Buffer, format: OfficeFormat, maxChars: number): string {
  return xmlToText(officeXml(buf, format), format, maxChars);
}

/** Tables nested deeper than this are read as plain paragraphs. */
const MAX_TABLE_DEPTH = 20;

interface Row {
  cells: string[];
  cell: string[] | null;
  parent: string[];
}

/** Lines of the document's XML; tables row by row. */
export function xmlToText(xml: string, format: OfficeFormat, maxChars: number): string {
  const d = DIALECTS[format];
  // Rows in progress, innermost last: the cells already closed and the one being written.
  const rows: Row[] = [];
  let deeper = 0;
  const root: string[] = [];
  let out = root;
  let inText = d.textIn === null;
  let skipping: string | null = null;
  let skipDepth = 0;
  let size = 0;
  const emit = (t: string) => {
    out.push(t);
    size += t.length;
  };
  const endRow = () => {
    const row = rows.pop()!;
    if (row.cell) row.cells.push(row.cell.join(''));
    out = row.parent;
    const line = rowText(row.cells);
    if (!line) return;
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith('\n')) out.push('\n');
    out.push(`${line}\n`);
  };
  let i = 0;
  while (i < xml.length && size < maxChars) {
    const lt = xml.indexOf('<', i);
    const data = xml.slice(i, lt < 0 ? xml.length : lt);
    // Line breaks in the XML source are not the letter's: only elements make lines.
    if (data && inText && !skipping) emit(decodeXml(data.replace(/[\t\r\n ]+/g, ' ')));
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt + 1);
    if (gt < 0) break;
    i = gt + 1;
    const tag = xml.slice(lt + 1, gt);
    if (tag[0] === '?' || tag[0] === '!') continue;
    const closing = tag[0] === '/';
    const selfClosing = tag.endsWith('/');
    const name = /^\/?([A-Za-z0-9_:.-]{1,80})/.exec(tag)?.[1];
    if (!name) continue;
    if (skipping) {
      if (name === skipping) skipDepth += closing ? -1 : selfClosing ? 0 : 1;
      if (skipDepth === 0) skipping = null;
      continue;
    }
    if (d.skipped.has(name) && !closing) {
      if (!selfClosing) [skipping, skipDepth] = [name, 1];
      continue;
    }
    if (d.textIn?.has(name)) inText = !closing && !selfClosing;
    else if (d.paragraph.has(name) && (closing || selfClosing)) emit('\n');
    else if (d.lineBreak.has(name)) emit('\n');
    else if (d.tab.has(name)) emit('\t');
    else if (name === 'text:s' && format === 'odt') emit(' '.repeat(Math.min(Number(/text:c="(\d{1,3})"/.exec(tag)?.[1] ?? 1), 100)));
    else if (name === d.row && !closing && !selfClosing) {
      if (rows.length < MAX_TABLE_DEPTH) rows.push({ cells: [], cell: null, parent: out });
      else deeper++;
    } else if (name === d.row && closing) {
      if (deeper > 0) deeper--;
      else if (rows.length) endRow();
    } else if (name === d.cell && rows.length && !deeper) {
      const row = rows[rows.length - 1]!;
      if (row.cell) row.cells.push(row.cell.join(''));
      row.cell = closing || selfClosing ? null : [];
      out = row.cell ?? row.parent;
    }
  }
  while (rows.length) endRow(); // a document cut at the size cap keeps its last rows
  return tidy(root.join('')).slice(0, maxChars);
}

/**
 * One line per row when every cell holds one line (a list of members with their town or website);
 * a table used for layout, whose cells hold paragraphs, gives its cells' lines one after another.
 */
function rowText(cells: string[]): string {
  const clean = cells.map((c) => tidy(c)).filter(Boolean);
  return clean.join(clean.some((c) => c.includes('\n')) ? '\n' : CELL_SEPARATOR);
}

function tidy(s: string): string {
  return s
    .replace(/[ \u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, e: string) => {
    if (e[0] !== '#') return XML_ENTITIES[e] ?? whole;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}
