/**
 * What the queue page shows, as a pure function of the items and the filters: counts per status,
 * the filtered list (pending first; within a status, withdrawal requests and questions first, then
 * doubtful items), and one page of it. Kept apart from the route
 * so it can be tested and measured without a server.
 */
import { STATUSES, type EndorsementItem, type Status } from '../review/types';

/**
 * Below this public-field confidence an item is "doubtful" and sorted to the top. Chosen with
 * `npm run eval:confidence` on the labelled corpora (149 signers, 2 wrong in a public field): at 0.55,
 * 10 (6.7%) are doubtful and 1 of the 2 wrong among them; at 0.6, 27.5% would be, mostly countries read
 * from a domain or the text that were right.
 */
export const DOUBTFUL_CONFIDENCE = 0.55;

/**
 * The filters an organiser narrowed the queue with, besides status and page. An item opened from the
 * queue carries them, so previous/next and "approve, then the next" stay within what was chosen.
 */
export type QueueNarrowing = Pick<QueueFilters, 'kind' | 'country' | 'language' | 'q'>;

/** The narrowing as query parameters (for `href`): absent ones are left out. */
export function narrowingQuery(n: QueueNarrowing): Record<string, string | undefined> {
  return { kind: n.kind, country: n.country, language: n.language, q: n.q };
}

/** The queue page's query: which status, kind, country, language, search text and page. */
export interface QueueFilters {
  status: Status | 'all';
  kind?: string;
  country?: string;
  language?: string;
  q?: string;
  page: number;
}

/** What the queue page renders: counts, one page of items, and the filter choices present. */
export interface QueueView {
  counts: Record<Status | 'all', number>;
  items: EndorsementItem[];
  total: number;
  page: number;
  pages: number;
  countries: string[];
  languages: string[];
}

/** True when an organiser has set this public field by hand since extraction: no longer a guess. */
function editedByHand(item: EndorsementItem, field: 'name' | 'country' | 'type'): boolean {
  const names = field === 'name' ? ['organisation', 'name'] : field === 'type' ? ['signerType'] : ['country'];
  return item.history.some((h) => h.action === 'edit' && names.some((n) => (h.detail ?? '').includes(`${n}:`)));
}

/** Why an item is doubtful (its weak public field and why, possible duplicate, no name), or none. */
export function doubts(item: EndorsementItem): string[] {
  const out: string[] = [];
  if (item.confidence < DOUBTFUL_CONFIDENCE) {
    if (!item.weakest) out.push('low confidence');
    else if (!editedByHand(item, item.weakest.field)) out.push(item.weakest.why);
  }
  // A request to be removed shares the signer's keys by nature: what matters is whether it is linked to them.
  if (item.duplicateOf && item.kind !== 'withdrawal') out.push('possible duplicate');
  if (item.kind === 'withdrawal' && item.status === 'pending' && !item.withdraws) out.push('not linked');
  if (!item.organisation && !item.name) out.push('no name');
  return out;
}

const STATUS_RANK: Record<Status, number> = { pending: 0, approved: 1, rejected: 2, withdrawn: 3 };
/** A request to be removed (or a question) waits on a person who asked something: it comes before new endorsements. */
const KIND_RANK: Partial<Record<string, number>> = { withdrawal: 0, question: 0 };

function matches(item: EndorsementItem, q: string): boolean {
  for (const v of [item.organisation, item.name, item.contactName, item.contactEmail, item.website, item.id, item.messageId, item.country]) {
    if (v && v.toLowerCase().includes(q)) return true;
  }
  return false;
}

/**
 * Filter, sort and page `all` (every item, any status, in the store's received order).
 * @param pageSize rows per page
 */
export function queueView(all: EndorsementItem[], f: QueueFilters, pageSize = 100): QueueView {
  const counts = Object.fromEntries([...STATUSES, 'all'].map((s) => [s, 0])) as Record<Status | 'all', number>;
  const countries = new Set<string>();
  const languages = new Set<string>();
  const q = f.q?.trim().toLowerCase();
  const kept: EndorsementItem[] = [];
  for (const it of all) {
    counts[it.status]++;
    counts.all++;
    if (it.country) countries.add(it.country);
    if (it.language) languages.add(it.language);
    if (f.status !== 'all' && it.status !== f.status) continue;
    if (f.kind && it.kind !== f.kind) continue;
    if (f.country && (it.country ?? '') !== f.country) continue;
    if (f.language && (it.language ?? '') !== f.language) continue;
    if (q && !matches(it, q)) continue;
    kept.push(it);
  }
  // The store lists items as received (compareItems); a stable sort on the review keys alone keeps
  // that order among equals, and computing each item's keys once keeps 10,000 items cheap.
  const keyed = kept.map((item) => {
    const doubtful = doubts(item).length > 0;
    return { item, rank: STATUS_RANK[item.status], kind: KIND_RANK[item.kind] ?? 1, doubtful: doubtful ? 0 : 1, confidence: doubtful ? item.confidence : 0 };
  });
  keyed.sort((a, b) => a.rank - b.rank || a.kind - b.kind || a.doubtful - b.doubtful || a.confidence - b.confidence);
  kept.length = 0;
  for (const k of keyed) kept.push(k.item);
  const pages = Math.max(1, Math.ceil(kept.length / pageSize));
  const page = Math.min(Math.max(1, f.page), pages);
  return {
    counts, total: kept.length, page, pages,
    items: kept.slice((page - 1) * pageSize, page * pageSize),
    countries: [...countries].sort(), languages: [...languages].sort(),
  };
}
