/**
 * Which signer a withdrawal request ("please remove our name") is about: the items that share its
 * dedupe keys (the same signer, as intake's duplicate flag sees it), its contact address or its
 * domain, best first, and a search by name, domain or address for the organiser's own pick. Pure,
 * so the suggestion is tested without Redis.
 */
import { dedupeKeys } from '../mail/dedupe';
import type { EndorsementItem, Status } from './types';

/** One possible original of a request, with why it matches. */
export interface Candidate {
  item: EndorsementItem;
  /** Why: `same signer` (dedupe keys), `same email`, `same domain`, `search` (the organiser's query). */
  why: string[];
}

/** On the list first: that is the item a request to be removed is almost always about. */
const STATUS_RANK: Record<Status, number> = { approved: 0, pending: 1, withdrawn: 2, rejected: 3 };
const WHY_RANK: Record<string, number> = { 'same signer': 0, 'same email': 1, 'same domain': 2 };

function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : null;
}

function webDomain(website: string | null): string | null {
  return website ? website.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\d?\./, '').split('/')[0]! || null : null;
}

/** Mail providers shared by strangers: a common domain there says nothing about the signer. */
const SHARED_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'live.com', 'gmx.de', 'gmx.net', 'web.de', 'icloud.com', 'proton.me', 'protonmail.com', 'mail.ru', 'yandex.ru', 'aol.com', 'orange.fr', 'free.fr', 'libero.it', 'wp.pl', 'seznam.cz', 't-online.de']);

function domainsOf(it: EndorsementItem): Set<string> {
  const out = new Set<string>();
  const mail = emailDomain(it.contactEmail);
  if (mail && !SHARED_MAIL.has(mail)) out.add(mail);
  const web = webDomain(it.website);
  if (web) out.add(web);
  return out;
}

/**
 * Dedupe keys by the fields they come from, remembered across calls: normalising ten thousand names
 * costs a hundred milliseconds or more, and the item page asks again on every view. Bounded.
 */
const KEY_MEMO = new Map<string, string[]>();
const KEY_MEMO_MAX = 100_000;
function keysOf(it: EndorsementItem): string[] {
  const memo = `${it.organisation ?? ''}\u0000${it.name ?? ''}\u0000${it.country ?? ''}\u0000${it.website ?? ''}`;
  let keys = KEY_MEMO.get(memo);
  if (!keys) {
    if (KEY_MEMO.size >= KEY_MEMO_MAX) KEY_MEMO.clear();
    keys = dedupeKeys(it);
    KEY_MEMO.set(memo, keys);
  }
  return keys;
}

function searchable(it: EndorsementItem): string {
  return [it.organisation, it.name, it.contactName, it.contactEmail, it.website, it.id].filter(Boolean).join('\u0000').toLowerCase();
}

/**
 * The items a request may withdraw, best first: never another request, never itself.
 * @param query the organiser's search (name, domain or address); empty: only the automatic matches
 * @param limit at most this many
 */
export function withdrawalCandidates(request: EndorsementItem, items: readonly EndorsementItem[], query = '', limit = 10): Candidate[] {
  const keys = new Set(keysOf(request));
  const email = request.contactEmail?.toLowerCase() ?? null;
  const domains = domainsOf(request);
  const q = query.trim().toLowerCase();
  const out: Candidate[] = [];
  for (const it of items) {
    if (it.id === request.id || it.kind === 'withdrawal') continue;
    const why: string[] = [];
    if (request.duplicateOf === it.id || keysOf(it).some((k) => keys.has(k))) why.push('same signer');
    if (email && it.contactEmail?.toLowerCase() === email) why.push('same email');
    if ([...domainsOf(it)].some((d) => domains.has(d))) why.push('same domain');
    if (q && searchable(it).includes(q)) why.push('search');
    if (why.length) out.push({ item: it, why });
  }
  // An organiser who searches has passed over the automatic matches: what they asked for comes first.
  const best = (c: Candidate) => (c.why.includes('search') ? -1 : Math.min(...c.why.map((w) => WHY_RANK[w] ?? 9)));
  out.sort((a, b) => best(a) - best(b) || STATUS_RANK[a.item.status] - STATUS_RANK[b.item.status] || a.item.receivedAt.localeCompare(b.item.receivedAt));
  return out.slice(0, limit);
}

/** The match to suggest when the request is not linked yet: the best automatic (not searched) candidate, or null. */
export function suggestedOriginal(request: EndorsementItem, items: readonly EndorsementItem[]): Candidate | null {
  return withdrawalCandidates(request, items, '', 1)[0] ?? null;
}
