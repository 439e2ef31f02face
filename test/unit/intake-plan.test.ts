/** Pure parts of the watcher: fetch batch planning, UID sets, filing plans and reconnect backoff. */
import { planBatches, uidSet, type MessageMeta } from '../../src/intake/fetch-plan';
import { planFiling } from '../../src/intake/filing';
import { backoffDelay } from '../../src/intake/backoff';
import type { FilingRequest } from '../../src/intake/types';

const meta = (uid: number, size: number): MessageMeta => ({ uid, size, receivedAt: new Date(0) });
const limits = { batchSize: 3, maxBatchBytes: 1000, maxMessageBytes: 5000 };

describe('planBatches', () => {
  test('caps batches by count and keeps UID order', () => {
    const b = planBatches([5, 1, 4, 2, 3, 6, 7].map((u) => meta(u, 10)), limits);
    expect(b.map((x) => x.full.map((m) => m.uid))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(b.map((x) => x.lastUid)).toEqual([3, 6, 7]);
  });
  test('caps batches by bytes; a message bigger than the byte cap goes alone', () => {
    const b = planBatches([meta(1, 400), meta(2, 500), meta(3, 200), meta(4, 3000), meta(5, 10)], limits);
    expect(b.map((x) => x.full.map((m) => m.uid))).toEqual([[1, 2], [3], [4], [5]]);
  });
  test('a message over the size cap is fetched as headers only, in UID order with the rest', () => {
    const b = planBatches([meta(1, 10), meta(2, 9000), meta(3, 10)], limits);
    expect(b).toHaveLength(1);
    expect(b[0]!.full.map((m) => m.uid)).toEqual([1, 3]);
    expect(b[0]!.headersOnly.map((m) => m.uid)).toEqual([2]);
    expect(b[0]!.lastUid).toBe(3);
  });
  test('nothing new, no batches', () => {
    expect(planBatches([], limits)).toEqual([]);
  });
});

test('uidSet compresses runs', () => {
  expect(uidSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
  expect(uidSet([42])).toBe('42');
});

describe('planFiling', () => {
  const r = (uid: number, folder: string | null, over: Partial<FilingRequest> = {}): FilingRequest => ({ key: `k${uid}`, mailbox: 'INBOX', uidValidity: '7', uid, folder, ...over });
  const cur = { mailbox: 'INBOX', uidValidity: '7' };
  test('groups by folder with ascending UIDs; null folder or other mailbox are skipped; another UIDVALIDITY is found again', () => {
    const p = planFiling([r(3, 'E'), r(1, 'E'), r(2, 'A'), r(4, null), r(5, 'E', { uidValidity: '6' }), r(6, 'E', { mailbox: 'Other' }), r(7, 'INBOX')], cur, true);
    expect([...p.moves.entries()].map(([f, l]) => [f, l.map((x) => x.uid)])).toEqual([['E', [1, 3]], ['A', [2]]]);
    expect(p.skip.map((x) => x.uid)).toEqual([4, 6, 7]);
    expect(p.relocate.map((x) => x.uid)).toEqual([5]);
  });
  test('filing disabled: everything is skipped', () => {
    const p = planFiling([r(1, 'E'), r(2, null)], cur, false);
    expect(p.moves.size).toBe(0);
    expect(p.skip).toHaveLength(2);
  });
});

describe('backoffDelay (full jitter)', () => {
  test('the ceiling doubles per attempt up to the cap', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 6, 7, 50].map((a) => backoffDelay(a, 1000, 60_000, top))).toEqual([999, 1999, 3999, 7999, 59_999, 59_999, 59_999]);
  });
  test('the delay is spread between 0 and the ceiling', () => {
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(4000);
  });
});
