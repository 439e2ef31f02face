/** The queue page's model: counts, filters, search, doubtful-first order and paging, without a server. */
import type { EndorsementItem } from '../../src/review/types';
import { DOUBTFUL_CONFIDENCE, doubts, queueView } from '../../src/web/queue-model';

let n = 0;
function it(over: Partial<EndorsementItem>): EndorsementItem {
  n++;
  return {
    id: `m${String(n).padStart(3, '0')}-0`, status: 'pending', signerType: 'organisation', organisation: `Org ${n}`, name: null, country: 'GB',
    website: null, contactName: null, contactEmail: null, messageId: null, messageKey: `m${String(n).padStart(3, '0')}`,
    receivedAt: `2026-01-01T00:${String(n).padStart(2, '0')}:00.000Z`, duplicateOf: null, kind: 'endorsement', language: 'en',
    evidence: {}, confidence: 0.9, history: [],
    ...over,
  };
}

const items = [
  it({ organisation: 'Early Sure' }),
  it({ organisation: 'Approved One', status: 'approved' }),
  it({ organisation: 'Dup', duplicateOf: 'm001-0' }),
  it({ organisation: 'Very Unsure', confidence: 0.1, country: 'UA', language: 'uk' }),
  it({ organisation: 'Bit Unsure', confidence: 0.5 }),
  it({ organisation: null, name: 'Jo Person', signerType: 'individual', kind: 'withdrawal', country: null }),
  it({ organisation: 'Rejected One', status: 'rejected', contactEmail: 'press@rejected.example' }),
];
const names = (v: { items: EndorsementItem[] }) => v.items.map((i) => i.organisation ?? i.name);

test('pending by status: withdrawal requests first, then doubtful (lowest confidence first), then as received', () => {
  const v = queueView(items, { status: 'pending', page: 1 });
  expect(names(v)).toEqual(['Jo Person', 'Very Unsure', 'Bit Unsure', 'Dup', 'Early Sure']);
  expect(v.counts).toEqual({ pending: 5, approved: 1, rejected: 1, withdrawn: 0, all: 7 });
  expect(v.countries).toEqual(['GB', 'UA']);
  expect(v.languages).toEqual(['en', 'uk']);
});

test('all: pending before the rest', () => {
  expect(names(queueView(items, { status: 'all', page: 1 })).slice(-2)).toEqual(['Approved One', 'Rejected One']);
});

test('filters and search (case-insensitive, over names, email, id)', () => {
  expect(names(queueView(items, { status: 'all', kind: 'withdrawal', page: 1 }))).toEqual(['Jo Person']);
  expect(names(queueView(items, { status: 'all', country: 'UA', page: 1 }))).toEqual(['Very Unsure']);
  expect(names(queueView(items, { status: 'all', language: 'uk', page: 1 }))).toEqual(['Very Unsure']);
  expect(names(queueView(items, { status: 'all', q: 'PRESS@', page: 1 }))).toEqual(['Rejected One']);
  expect(names(queueView(items, { status: 'all', q: 'jo per', page: 1 }))).toEqual(['Jo Person']);
});

test('doubts name why', () => {
  expect(doubts(items[3]!)).toEqual(['low confidence']);
  expect(doubts(items[2]!)).toEqual(['possible duplicate']);
  expect(doubts(it({ organisation: null, name: null }))).toEqual(['no name']);
  expect(doubts(items[0]!)).toEqual([]);
  // A withdrawal request is not "a possible duplicate" of the signer it names: it is linked to them, or not yet.
  expect(doubts(it({ kind: 'withdrawal', duplicateOf: 'm001-0' }))).toEqual(['not linked']);
  expect(doubts(it({ kind: 'withdrawal', duplicateOf: 'm001-0', withdraws: 'm001-0' }))).toEqual([]);
  expect(doubts(it({ kind: 'withdrawal', status: 'withdrawn' }))).toEqual([]);
});

test('a weak public field is named with its reason, until an organiser sets that field by hand', () => {
  const weak = it({ confidence: 0.4, weakest: { field: 'country', why: 'country from the .scot domain' } });
  expect(doubts(weak)).toEqual(['country from the .scot domain']);
  const fixed = { ...weak, history: [{ at: 'x', by: 'olga', action: 'edit', detail: 'country: "GB"' }] };
  expect(doubts(fixed)).toEqual([]);
  // An edit of another field leaves the doubt standing.
  expect(doubts({ ...weak, history: [{ at: 'x', by: 'olga', action: 'edit', detail: 'website: "a.scot"' }] })).toEqual(['country from the .scot domain']);
  // At or above the threshold the weakest field is not a doubt.
  expect(doubts(it({ confidence: DOUBTFUL_CONFIDENCE, weakest: { field: 'country', why: 'country from the text' } }))).toEqual([]);
});

test('pages: size, clamping past the end', () => {
  const v = queueView(items, { status: 'pending', page: 2 }, 2);
  expect(v).toMatchObject({ total: 5, pages: 3, page: 2 });
  expect(names(v)).toEqual(['Bit Unsure', 'Dup']);
  expect(queueView(items, { status: 'pending', page: 99 }, 2).page).toBe(3);
});

test('withdrawal requests and questions come before endorsements within a status, never before another status', () => {
  const later = it({ organisation: 'Late Request', kind: 'withdrawal', receivedAt: '2026-02-01T00:00:00.000Z' });
  const question = it({ organisation: 'Asks Something', kind: 'question', receivedAt: '2026-02-02T00:00:00.000Z' });
  const doneRequest = it({ organisation: 'Done Request', kind: 'withdrawal', status: 'withdrawn' });
  const v = queueView([...items, later, question, doneRequest], { status: 'all', page: 1 });
  expect(names(v).slice(0, 3)).toEqual(['Jo Person', 'Late Request', 'Asks Something']);
  expect(names(v).at(-1)).toBe('Done Request');
});
