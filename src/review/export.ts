/**
 * The `export` and `messages` formats of CONTRACT.md, as pure functions of store records: JSON for
 * scripts, CSV for spreadsheets (RFC 4180, with a guard against formula injection), and an HTML
 * fragment for the appeal's web page that shows public fields only and never sender markup.
 */
import type { EndorsementItem, MessageRecord } from './types';

/** The fields of every exported endorsement, in CSV column order (CONTRACT.md `export`). */
export const EXPORT_FIELDS = [
  'id', 'status', 'signerType', 'organisation', 'name', 'country', 'website',
  'contactName', 'contactEmail', 'messageId', 'receivedAt', 'duplicateOf',
] as const;

export type ExportRow = { [K in (typeof EXPORT_FIELDS)[number]]: EndorsementItem[K] };

/** Items as export rows: exactly the contract's fields, absent values as null. */
export function exportRows(items: EndorsementItem[]): ExportRow[] {
  return items.map((it) => Object.fromEntries(EXPORT_FIELDS.map((f) => [f, it[f] ?? null])) as ExportRow);
}

/** `export --format json`: a JSON array of export rows. */
export function toJson(items: EndorsementItem[]): string {
  return JSON.stringify(exportRows(items), null, 2);
}

/**
 * One CSV cell. Spreadsheets run a cell starting with = + - @ (or a tab / CR, which some strip first)
 * as a formula (OWASP "CSV injection"): a leading apostrophe makes it text. Then RFC 4180 2.6-2.7:
 * a cell with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `export --format csv`: a header row with the field names, then one row per item, CRLF-terminated (RFC 4180 2.1). */
export function toCsv(items: EndorsementItem[]): string {
  const lines = [EXPORT_FIELDS.join(',')];
  for (const row of exportRows(items)) lines.push(EXPORT_FIELDS.map((f) => csvCell(row[f])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function countryLabel(code: string | null, language: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * On the public list: approved, and an endorsement. A withdrawn signer, or a withdrawal request
 * (whatever its status), never is.
 */
export function onTheList(it: EndorsementItem): boolean {
  return it.status === 'approved' && it.kind !== 'withdrawal';
}

/**
 * `export --format html`: a `<ul>` fragment of public fields only (organisation, or the person's
 * name, and the country), sorted by country then name, every value escaped. Only items on the list
 * (`onTheList`) appear, whatever the caller passes: the fragment is what gets published. Exact
 * repeats (same name and country) appear once; entries without a name are left out.
 * @param opts.language language of the country names (default English)
 */
export function toHtml(items: EndorsementItem[], opts: { language?: string } = {}): string {
  const language = opts.language ?? 'en';
  const collator = new Intl.Collator(language, { sensitivity: 'base' });
  const seen = new Set<string>();
  const entries: { name: string; country: string | null }[] = [];
  for (const it of items) {
    if (!onTheList(it)) continue;
    const name = (it.organisation ?? it.name ?? '').replace(/\s+/g, ' ').trim();
    if (!name) continue;
    const country = countryLabel(it.country, language);
    const id = `${name.toLowerCase()}\u0000${country ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    entries.push({ name, country });
  }
  // Entries without a country go last; then by name, as a reader of that language would sort.
  entries.sort((a, b) =>
    (a.country === null ? 1 : 0) - (b.country === null ? 1 : 0) || collator.compare(a.country ?? '', b.country ?? '') || collator.compare(a.name, b.name));
  const lis = entries.map((e) =>
    `  <li><span class="endorsement-name">${escapeHtml(e.name)}</span>${e.country ? ` <span class="endorsement-country">(${escapeHtml(e.country)})</span>` : ''}</li>`);
  return `<ul class="endorsements">\n${lis.join('\n')}${lis.length ? '\n' : ''}</ul>\n`;
}

/** One message as `endorse messages --json` prints it. */
export interface MessageRow {
  key: string;
  messageId: string | null;
  kind: MessageRecord['kind'];
  receivedAt: string;
  from: string | null;
  subject: string;
  language: string | null;
  acknowledged: boolean;
  reply: MessageRecord['reply'];
  replyDetail: string | null;
  folder: string | null;
  endorsementIds: string[];
  error: string | null;
}

/** `endorse messages --json`: the contract's fields plus key, reply state and endorsement ids. */
export function messagesJson(records: MessageRecord[]): MessageRow[] {
  return records.map((r) => ({
    key: r.key,
    messageId: r.messageId,
    kind: r.kind,
    receivedAt: r.receivedAt,
    from: r.from,
    subject: r.subject,
    language: r.language,
    acknowledged: r.acknowledged,
    reply: r.reply,
    replyDetail: r.replyDetail ?? null,
    folder: r.folder,
    endorsementIds: r.endorsementIds,
    error: r.error ?? null,
  }));
}
