/**
 * Keys that say "the same signer again": an organisation that endorses twice, from another address or
 * with its name spelt a little differently, gets the same key, so the review store can flag the later
 * item `duplicateOf` the earlier one (it never merges them silently).
 */

import { stripTitles } from './names';

/** Legal-form and registration suffixes that do not tell organisations apart. */
const LEGAL_FORMS = new Set([
  'ev', 'e v', 'evv', 'gmbh', 'ggmbh', 'ag', 'eg', 'ug', 'mbh', 'inc', 'ltd', 'llc', 'llp', 'plc', 'cic', 'co', 'corp', 'asbl', 'aisbl', 'vzw',
  'vog', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'slu', 'ong', 'ngo', 'ev', 'ry', 'rf', 'ab', 'as', 'aps', 'ou', 'oy', 'zs', 'zu', 'os',
  'ops', 'sro', 'spolek', 'zs', 'aps', 'onlus', 'aps', 'odv', 'ets', 'ipss', 'oc', 'ac', 'cio', 'scic', 'bv', 'nv', 'vereniging',
  'stowarzyszenie', 'fundacja', 'ooo', 'ngo', 'go', 'mtu', 'lda', 'ltda', 'mb', 'kft', 'bt', 'zrt', 'doo', 'ad',
]);
const LEADING_ARTICLES = new Set(['the', 'la', 'el', 'le', 'les', 'l', 'der', 'die', 'das', 'il', 'lo', 'o', 'a', 'het', 'de', 'to', 'η', 'ο', 'το']);

/**
 * A name reduced to what identifies it: lower case, no diacritics, no punctuation, no parenthesised
 * acronym, no leading article, no legal-form suffix ("Brücken nach Kyjiw e.V." -> "brucken nach kyjiw").
 */
export function normaliseOrgName(name: string | null | undefined): string {
  if (!name) return '';
  // Letters NFKD does not decompose are folded by hand: "Tromsø" and the domain's "tromso" compare equal.
  let s = name.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/ß/g, 'ss').replace(/ς/g, 'σ').replace(/[øØ]/g, 'o').replace(/[æÆ]/g, 'ae').replace(/[łŁ]/g, 'l').replace(/[đĐ]/g, 'd').replace(/ı/g, 'i');
  s = s.replace(/\(\s*[\p{Lu}\d][\p{Lu}\d .&-]{0,15}\)/gu, ' ');
  // "e.V." and "Inc." lose their dots before the suffix test, "e. V." its space.
  s = s.toLowerCase().replace(/\b(\p{L})\.\s?(\p{L})\./gu, '$1$2').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const words = s.split(' ').filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  while (words.length > 1 && LEGAL_FORMS.has(words[0]!)) words.shift();
  while (words.length > 1 && LEADING_ARTICLES.has(words[0]!)) words.shift();
  return words.join(' ');
}

/** The registrable part of a website for comparison: no scheme, no `www.`, lower case. */
function normaliseDomain(website: string | null | undefined): string {
  if (!website) return '';
  return withoutPath(website.toLowerCase().trim().replace(/^[a-z]+:\/\//, '').replace(/^www\d?\./, '')).replace(/\.$/, '');
}

/** The text before its path, query or fragment (the first `/`, `?` or `#` of its last line), by search: /[/?#].*$/ is quadratic. */
function withoutPath(s: string): string {
  const lastLine = s.search(/[\n\r\u2028\u2029][^\n\r\u2028\u2029]*$/) + 1;
  const cut = s.slice(lastLine).search(/[/?#]/);
  return cut < 0 ? s : s.slice(0, lastLine + cut);
}

/**
 * Dedupe keys for one signer: `org|<country or ->|<normalised name>` (or `person|...` for an
 * individual) and `web|<domain>` when a website is known. Two items sharing any key are the same
 * signer as far as the review page is concerned.
 */
export function dedupeKeys(e: { organisation: string | null; name: string | null; website: string | null; country: string | null }): string[] {
  const keys: string[] = [];
  const country = (e.country ?? '-').toUpperCase();
  const org = normaliseOrgName(e.organisation);
  if (org) keys.push(`org|${country}|${org}`);
  const person = normaliseOrgName(e.name ? stripTitles(e.name) : null);
  if (!org && person) keys.push(`person|${country}|${person}`);
  const domain = normaliseDomain(e.website);
  if (domain) keys.push(`web|${domain}`);
  return keys;
}
