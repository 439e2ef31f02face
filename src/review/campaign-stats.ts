/**
 * The campaign's figures for the organisers' dashboard, as a pure function of what the store lists:
 * endorsements per day (in a chosen time zone), by country, messages by kind, the funnel from mail
 * to the published list, and the replies' outcomes by type. No I/O here, so the figures can be
 * checked in unit tests and the web route only has to read and render.
 */
import { KINDS, type Kind } from '../mail/types';
import { countryName, onTheList } from './publish';
import type { EndorsementItem, ReplyState } from './types';

/** The reply types counted, in the order the dashboard lists them (see replies/reply-job.ts). */
export const REPLY_KINDS = ['acknowledgement', 'confirmation', 'withdrawal', 'needs-information', 'answer'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
/** The reply states shown: `none` (nothing decided yet) is left out. */
export const REPLY_OUTCOMES = ['sent', 'suppressed', 'failed', 'queued'] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];

/** How many replies (or messages) are in each reply state; absent states are 0. */
export type StateCounts = Partial<Record<ReplyState, number>>;

/** What the figures are computed from: each a plain read of the store (see routes/dashboard.ts). */
export interface StatsInput {
  /** Messages per kind (`store.messageKindCounts()`). */
  kinds: Readonly<Record<Kind, number>>;
  /** Messages per acknowledgement state (campaign-reads.ts). */
  acknowledgements: Readonly<StateCounts>;
  /** Every item, any status (`store.listItems({ history: false })`). */
  items: readonly Pick<EndorsementItem, 'kind' | 'status' | 'receivedAt' | 'country' | 'reply' | 'signerType' | 'organisation' | 'name'>[];
  /** Organisers' questions and answers per send state. */
  written: Readonly<Record<'needs-information' | 'answer', Readonly<StateCounts>>>;
}

export interface StatsOptions {
  /** IANA time zone the days are counted in (default UTC). */
  timeZone?: string;
  /** Countries listed by name before the rest are summed as "other" (default 12). */
  topCountries?: number;
  /** Days shown at most; older ones are summed in `earlier` (default 366). */
  maxDays?: number;
}

/** One day of the campaign, YYYY-MM-DD in the stats' time zone. */
export interface DayCount {
  day: string;
  /** Endorsements received that day. */
  received: number;
  /** Of those, how many are approved now. */
  approved: number;
}

/** One row of the country chart. */
export interface CountryCount {
  /** ISO 3166-1 alpha-2; `other` for the countries past the top; `none` for signers without a country. */
  code: string;
  /** English name, "Other countries (N)" or "Country not given". */
  label: string;
  received: number;
  approved: number;
}

/** One step of the funnel. */
export interface FunnelStep {
  step: 'mail' | 'endorsement-mail' | 'signers' | 'approved' | 'published';
  label: string;
  count: number;
}

export interface CampaignStats {
  timeZone: string;
  /** Every day from the first endorsement's to the last's (days without any are 0), oldest first. */
  days: DayCount[];
  /** Endorsements on days before `days` when there were more than `maxDays`; null otherwise. */
  earlier: { before: string; received: number; approved: number } | null;
  /** By received count, then approved, then name; "other" and "not given" last. */
  countries: CountryCount[];
  kinds: { kind: Kind; count: number }[];
  funnel: FunnelStep[];
  replies: { type: ReplyKind; counts: Record<ReplyOutcome, number> }[];
  totals: { received: number; approved: number; pending: number; rejected: number; withdrawn: number };
}

const DAY_MS = 86_400_000;
/** An ISO 8601 time in UTC as toISOString() writes it. */
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** UTC offsets are whole quarter hours in every zone in use, so a local day changes only on a quarter hour. */
const SLOT_MS = 15 * 60_000;

/**
 * A function from a time (ms) to its local day (YYYY-MM-DD) in `timeZone`. Each quarter hour is
 * formatted once: ten thousand items cost a few hundred Intl calls, not ten thousand.
 * @throws RangeError for a time zone Intl does not know
 */
export function dayFormatter(timeZone: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const cache = new Map<number, string>();
  return (ms) => {
    const slot = Math.floor(ms / SLOT_MS);
    let day = cache.get(slot);
    if (day === undefined) {
      const p = Object.fromEntries(f.formatToParts(slot * SLOT_MS).map((x) => [x.type, x.value]));
      day = `${p.year}-${p.month}-${p.day}`;
      cache.set(slot, day);
    }
    return day;
  };
}

/** Is `timeZone` one Intl knows (an IANA name such as Europe/Kyiv, or UTC)? */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * The day series: one row per calendar day from the first to the last, gaps filled with zeros; more
 * than `maxDays` keeps the newest and sums the rest.
 */
export function daySeries(byDay: ReadonlyMap<string, { received: number; approved: number }>, maxDays: number): Pick<CampaignStats, 'days' | 'earlier'> {
  const keys = [...byDay.keys()].sort();
  if (keys.length === 0) return { days: [], earlier: null };
  const all: DayCount[] = [];
  for (let d = keys[0]!, last = keys[keys.length - 1]!; d <= last; d = nextDay(d)) {
    const c = byDay.get(d);
    all.push({ day: d, received: c?.received ?? 0, approved: c?.approved ?? 0 });
  }
  if (all.length <= maxDays) return { days: all, earlier: null };
  const cut = all.length - maxDays;
  const old = all.slice(0, cut);
  return {
    days: all.slice(cut),
    earlier: { before: all[cut]!.day, received: old.reduce((n, d) => n + d.received, 0), approved: old.reduce((n, d) => n + d.approved, 0) },
  };
}

/** Sorted country rows: the top `top` by name, the rest as one "other" row, then "not given". */
export function countryRows(counts: ReadonlyMap<string | null, { received: number; approved: number }>, top: number): CountryCount[] {
  const known = [...counts.entries()]
    .filter((e): e is [string, { received: number; approved: number }] => e[0] !== null)
    .map(([code, c]) => ({ code, label: countryName(code, 'en'), ...c }))
    .sort((a, b) => b.received - a.received || b.approved - a.approved || a.label.localeCompare(b.label, 'en') || (a.code < b.code ? -1 : 1));
  const rows = known.slice(0, top);
  const rest = known.slice(top);
  if (rest.length) {
    rows.push({
      code: 'other', label: `Other countries (${rest.length})`,
      received: rest.reduce((n, r) => n + r.received, 0), approved: rest.reduce((n, r) => n + r.approved, 0),
    });
  }
  const none = counts.get(null);
  if (none) rows.push({ code: 'none', label: 'Country not given', ...none });
  return rows;
}

/**
 * How many entries the public list shows: the items on the list (publish.ts `onTheList`), an exact
 * repeat (same type, name ignoring case and spacing, country) once, nameless ones left out. The same
 * rules as `publicList(...).total` without naming every country, which costs ten times the rest.
 */
export function publishedCount(items: StatsInput['items']): number {
  const seen = new Set<string>();
  for (const it of items) {
    if (!onTheList(it as EndorsementItem)) continue;
    const type = it.signerType === 'individual' && !it.organisation ? 'individual' : 'organisation';
    const name = (type === 'organisation' ? it.organisation ?? it.name : it.name ?? '')?.replace(/\s+/g, ' ').trim() ?? '';
    if (name) seen.add(`${type}\u0000${name.toLowerCase()}\u0000${it.country ? it.country.toUpperCase() : ''}`);
  }
  return seen.size;
}

/** The reply type an item's reply state belongs to: the withdrawal note for a removal, else the confirmation. */
function itemReplyKind(it: StatsInput['items'][number]): ReplyKind {
  return it.kind === 'withdrawal' || it.status === 'withdrawn' ? 'withdrawal' : 'confirmation';
}

/**
 * Compute every figure of the dashboard. Endorsements are the items of endorsement mail (a withdrawal
 * request is not one), whatever their status; a day's `approved` counts those received that day that
 * are approved now, so each day's two numbers can be read off the export.
 * @throws RangeError for an unknown time zone
 */
export function campaignStats(input: StatsInput, opts: StatsOptions = {}): CampaignStats {
  const timeZone = opts.timeZone ?? 'UTC';
  const dayOf = dayFormatter(timeZone);
  const utc = timeZone === 'UTC';
  // The store writes UTC ISO times: their UTC day is their first ten characters, no parsing needed.
  const dayOfTime = (iso: string): string | null => {
    if (utc && UTC_ISO.test(iso)) return iso.slice(0, 10);
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? dayOf(ms) : null;
  };
  const byDay = new Map<string, { received: number; approved: number }>();
  const byCountry = new Map<string | null, { received: number; approved: number }>();
  const totals = { received: 0, approved: 0, pending: 0, rejected: 0, withdrawn: 0 };
  const replies = new Map<ReplyKind, Record<ReplyOutcome, number>>(REPLY_KINDS.map((k) => [k, { sent: 0, suppressed: 0, failed: 0, queued: 0 }]));
  const countReply = (kind: ReplyKind, state: ReplyState | undefined, n = 1) => {
    const counts = replies.get(kind)!;
    if (state && state in counts) counts[state as ReplyOutcome] += n;
  };

  for (const it of input.items) {
    countReply(itemReplyKind(it), it.reply);
    if (it.kind === 'withdrawal') continue;
    const approved = it.status === 'approved' ? 1 : 0;
    totals.received++;
    totals[it.status]++;
    const day = dayOfTime(it.receivedAt);
    if (day !== null) {
      const d = byDay.get(day) ?? { received: 0, approved: 0 };
      d.received++;
      d.approved += approved;
      byDay.set(day, d);
    }
    const code = it.country ? it.country.toUpperCase() : null;
    const c = byCountry.get(code) ?? { received: 0, approved: 0 };
    c.received++;
    c.approved += approved;
    byCountry.set(code, c);
  }
  const countAll = (kind: ReplyKind, counts: StatsInput['acknowledgements']) => {
    for (const [state, n] of Object.entries(counts)) countReply(kind, state as ReplyState, n);
  };
  countAll('acknowledgement', input.acknowledgements);
  countAll('needs-information', input.written['needs-information']);
  countAll('answer', input.written.answer);

  const mail = KINDS.reduce((n, k) => n + (input.kinds[k] ?? 0), 0);
  return {
    timeZone,
    ...daySeries(byDay, opts.maxDays ?? 366),
    countries: countryRows(byCountry, opts.topCountries ?? 12),
    kinds: KINDS.map((kind) => ({ kind, count: input.kinds[kind] ?? 0 })),
    funnel: [
      { step: 'mail', label: 'Mail taken in', count: mail },
      { step: 'endorsement-mail', label: 'Endorsement mail', count: input.kinds.endorsement ?? 0 },
      { step: 'signers', label: 'Signers found', count: totals.received },
      { step: 'approved', label: 'Approved', count: totals.approved },
      { step: 'published', label: 'On the public list', count: publishedCount(input.items) },
    ],
    replies: REPLY_KINDS.map((type) => ({ type, counts: replies.get(type)! })),
    totals,
  };
}
