/**
 * The words templates are filled with, formatted for the reply's language: the appeal's title, the
 * reply subject, a list of signers ("A, B and C"), a country's name. Pure; uses the ICU data built into Node.
 */

/** Reply prefixes mail clients add in many languages (Re:, RE:, Re[2]:, AW:, SV:, Odp:, ...), possibly chained. */
const REPLY_PREFIXES = /^(?:\s*(?:re|aw|sv|vs|odp|ynt|antw|réf|ref|res|ha|отв|відп)(?:\[\d+\])?\s*:)+\s*/i;

/** `Re: <original subject>`: any reply prefixes the original carries become one `Re: ` (RFC 5322 3.6.5). */
export function replySubject(original: string | null | undefined): string {
  const s = (original ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return '';
  const bare = s.replace(REPLY_PREFIXES, '');
  return bare ? `Re: ${bare}` : 'Re:';
}

function safeLocale(language: string | null | undefined): string {
  try {
    return Intl.getCanonicalLocales(language || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Names joined as the language joins a list ("A, B and C", "A, B et C"), or null for none. */
export function formatList(names: (string | null | undefined)[], language: string | null | undefined): string | null {
  const clean = [...new Set(names.map((n) => (n ?? '').trim()).filter(Boolean))];
  if (clean.length === 0) return null;
  return new Intl.ListFormat(safeLocale(language), { style: 'long', type: 'conjunction' }).format(clean);
}

/** The name of an ISO 3166-1 alpha-2 country in the language ("DE" -> "Allemagne" in French), or the code. */
export function countryName(code: string | null | undefined, language: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([safeLocale(language)], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * The appeal's title in a reply's language: that language's title, its base language's (`pt-br` ->
 * `pt`), else `otherwise` (the English title).
 */
export function appealTitleIn(titles: Readonly<Record<string, string>>, language: string | null | undefined, otherwise: string): string {
  const tag = (language ?? '').trim().toLowerCase().replace(/_/g, '-');
  const base = tag.split('-')[0]!;
  if (tag && Object.hasOwn(titles, tag)) return titles[tag]!;
  if (base && Object.hasOwn(titles, base)) return titles[base]!;
  return otherwise;
}
