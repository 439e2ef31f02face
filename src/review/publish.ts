/**
 * The public list of signatories, as the appeal's website shows it: approved signers only, public
 * fields only (the organisation's or person's name, the country, the signer type), organisations and
 * individuals in separate sections, grouped by country with counts and totals, country names in the
 * reader's language. One pure model feeds the HTML fragment (`export --format html`, the public
 * endpoint) and the public JSON, so the two can never disagree.
 */
import { escapeHtml } from './escape';
import type { EndorsementItem } from './types';

/** One country's signers of one type, names sorted as a reader of the language would. */
export interface CountryGroup {
  /** ISO 3166-1 alpha-2, or null for signers whose country is unknown (listed last). */
  code: string | null;
  /** The country's name in the list's language, or null with `code`. */
  name: string | null;
  names: string[];
}

/** One signer as the public JSON lists it. */
export interface PublicSignatory {
  name: string;
  type: 'organisation' | 'individual';
  country: string | null;
  countryName: string | null;
}

/** The list, ready to render. */
export interface PublicList {
  language: string;
  total: number;
  organisations: { count: number; countries: CountryGroup[] };
  individuals: { count: number; countries: CountryGroup[] };
  /** Distinct known countries across both sections. */
  countries: number;
  signatories: PublicSignatory[];
}

/**
 * Section headings by language; a language without a row gets English headings (country names are
 * localised for every language Intl knows).
 */
const LABELS: Record<string, { organisations: string; individuals: string; unknown: string; total: string }> = {
  en: { organisations: 'Organisations', individuals: 'Individuals', unknown: 'Country not given', total: 'Signatories' },
  de: { organisations: 'Organisationen', individuals: 'Einzelpersonen', unknown: 'Land nicht angegeben', total: 'Unterzeichnende' },
  fr: { organisations: 'Organisations', individuals: 'Personnes', unknown: 'Pays non indiqué', total: 'Signataires' },
  es: { organisations: 'Organizaciones', individuals: 'Personas', unknown: 'País no indicado', total: 'Firmantes' },
  it: { organisations: 'Organizzazioni', individuals: 'Persone', unknown: 'Paese non indicato', total: 'Firmatari' },
  pt: { organisations: 'Organizações', individuals: 'Pessoas', unknown: 'País não indicado', total: 'Signatários' },
  nl: { organisations: 'Organisaties', individuals: 'Personen', unknown: 'Land niet opgegeven', total: 'Ondertekenaars' },
  pl: { organisations: 'Organizacje', individuals: 'Osoby', unknown: 'Kraj nie podany', total: 'Sygnatariusze' },
  cs: { organisations: 'Organizace', individuals: 'Jednotlivci', unknown: 'Země neuvedena', total: 'Signatáři' },
  sv: { organisations: 'Organisationer', individuals: 'Enskilda personer', unknown: 'Land ej angivet', total: 'Undertecknare' },
  uk: { organisations: 'Організації', individuals: 'Особи', unknown: 'Країну не вказано', total: 'Підписанти' },
  ru: { organisations: 'Организации', individuals: 'Частные лица', unknown: 'Страна не указана', total: 'Подписавшие' },
};

/** Headings for `language` (its base tag), English when there is no row. */
export function publicLabels(language: string): (typeof LABELS)[string] {
  return LABELS[language.toLowerCase().split('-')[0]!] ?? LABELS.en!;
}

/** A country's name in `language` (Intl's CLDR data), the code itself when Intl cannot name it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language tag Intl accepts, else English: the list is public, a bad `?language=` must not break it. */
export function listLanguage(language: string | undefined): string {
  if (!language) return 'en';
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function groupByCountry(entries: PublicSignatory[], collator: Intl.Collator): CountryGroup[] {
  const groups = new Map<string | null, CountryGroup>();
  for (const e of entries) {
    const g = groups.get(e.country) ?? { code: e.country, name: e.countryName, names: [] };
    g.names.push(e.name);
    groups.set(e.country, g);
  }
  for (const g of groups.values()) g.names.sort((a, b) => collator.compare(a, b));
  // Unknown country last; then by the country's name as a reader of that language would sort.
  return [...groups.values()].sort((a, b) => (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) || collator.compare(a.name ?? '', b.name ?? ''));
}

/**
 * On the public list: approved, and an endorsement. A withdrawn signer, or a withdrawal request
 * (whatever its status), never is.
 */
export function onTheList(it: EndorsementItem): boolean {
  return it.status === 'approved' && it.kind !== 'withdrawal';
}

/**
 * Build the public list from items. Only items on the list (`onTheList`) count, so a caller's mistake
 * cannot publish a pending or withdrawn signer; `anyStatus` (the contract's `export --format html
 * --status ...`, an organiser's preview) takes the items of any status given, but never a
 * withdrawal request, which names no signer. An exact repeat
 * (same name, type and country, ignoring case) appears once; an entry without a name is left out.
 */
export function publicList(items: EndorsementItem[], opts: { language?: string; anyStatus?: boolean } = {}): PublicList {
  const language = listLanguage(opts.language);
  const collator = new Intl.Collator(language, { sensitivity: 'base' });
  const seen = new Set<string>();
  const signatories: PublicSignatory[] = [];
  for (const it of items) {
    if (opts.anyStatus ? it.kind === 'withdrawal' : !onTheList(it)) continue;
    const type = it.signerType === 'individual' && !it.organisation ? 'individual' : 'organisation';
    const name = (type === 'organisation' ? it.organisation ?? it.name : it.name ?? '')?.replace(/\s+/g, ' ').trim() ?? '';
    if (!name) continue;
    const country = it.country ? it.country.toUpperCase() : null;
    const id = `${type}\u0000${name.toLowerCase()}\u0000${country ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    signatories.push({ name, type, country, countryName: country ? countryName(country, language) : null });
  }
  const orgs = signatories.filter((s) => s.type === 'organisation');
  const people = signatories.filter((s) => s.type === 'individual');
  return {
    language,
    total: signatories.length,
    organisations: { count: orgs.length, countries: groupByCountry(orgs, collator) },
    individuals: { count: people.length, countries: groupByCountry(people, collator) },
    countries: new Set(signatories.map((s) => s.country).filter(Boolean)).size,
    signatories,
  };
}

function sectionHtml(kind: 'organisations' | 'individuals', title: string, unknown: string, section: PublicList['organisations']): string {
  if (section.count === 0) return '';
  const groups = section.countries.map((g) => {
    const heading = `    <h4 class="signatories-country">${escapeHtml(g.name ?? unknown)} <span class="signatories-count">(${g.names.length})</span></h4>`;
    const lis = g.names.map((n) => `      <li><span class="endorsement-name">${escapeHtml(n)}</span></li>`);
    return `${heading}\n    <ul class="endorsements">\n${lis.join('\n')}\n    </ul>`;
  });
  return `  <section class="signatories-${kind}">\n    <h3>${escapeHtml(title)} <span class="signatories-count">(${section.count})</span></h3>\n${groups.join('\n')}\n  </section>\n`;
}

/**
 * The list as an HTML fragment for the appeal's page: a total line, then organisations and individuals,
 * each grouped by country with counts. Every value is escaped; no sender markup survives.
 */
export function publicHtml(list: PublicList): string {
  const l = publicLabels(list.language);
  return `<div class="signatories" lang="${escapeHtml(list.language)}">\n` +
    `  <p class="signatories-total">${escapeHtml(l.total)}: ${list.total} · ${escapeHtml(l.organisations)}: ${list.organisations.count} · ${escapeHtml(l.individuals)}: ${list.individuals.count}</p>\n` +
    sectionHtml('organisations', l.organisations, l.unknown, list.organisations) +
    sectionHtml('individuals', l.individuals, l.unknown, list.individuals) +
    '</div>\n';
}

/** The list as the public JSON: totals, then the signatories in display order. */
export function publicJson(list: PublicList): object {
  const flat = (section: PublicList['organisations'], type: PublicSignatory['type']) =>
    section.countries.flatMap((g) => g.names.map((name) => ({ name, type, country: g.code, countryName: g.name })));
  return {
    language: list.language,
    total: list.total,
    organisations: list.organisations.count,
    individuals: list.individuals.count,
    countries: list.countries,
    byCountry: [...list.organisations.countries, ...list.individuals.countries].reduce<Record<string, number>>((acc, g) => {
      const key = g.code ?? 'unknown';
      acc[key] = (acc[key] ?? 0) + g.names.length;
      return acc;
    }, {}),
    signatories: [...flat(list.organisations, 'organisation'), ...flat(list.individuals, 'individual')],
  };
}
