/**
 * The `export` and `messages` formats of CONTRACT.md, as pure functions of store records: JSON for
 * scripts, CSV for spreadsheets (RFC 4180, with a guard against formula injection), and the HTML
 * fragment of the public list (publish.ts).
 */
import { publicHtml, publicList } from './publish';

export { onTheList } from './publish';
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

/**
 * `export --format html`: the public list (review/publish.ts) of the given items as a fragment for the
 * appeal's page: public fields only, organisations and individuals apart, grouped by country with
 * counts, every value escaped. The caller picks the statuses (`--status`, approved by default); a
 * withdrawal request never appears.
 * @param opts.language language of the headings and country names (default English)
 */
export function toHtml(items: EndorsementItem[], opts: { language?: string } = {}): string {
  return publicHtml(publicList(items, { language: opts.language, anyStatus: true }));
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
  /** Why filing failed (the message stayed where it was), or null. */
  filingError: string | null;
  /** Where filing put it (UIDVALIDITY and UID in `folder`), when known; else null. */
  filedUid: { uidValidity: string; uid: number } | null;
  endorsementIds: string[];
  error: string | null;
  /** Taken in by `endorse import` (never acknowledged). */
  imported: boolean;
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
    filingError: r.filingError ?? null,
    filedUid: r.filedUid ?? null,
    endorsementIds: r.endorsementIds,
    error: r.error ?? null,
    imported: r.imported === true,
  }));
}
