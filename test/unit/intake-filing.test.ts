/**
 * The pure parts of filing: which requests are found again by Message-ID after a UIDVALIDITY change,
 * and how Message-IDs from the server and from the store are compared.
 */
import { planFiling } from '../../src/intake/filing';
import { sameMessageId } from '../../src/intake/filing-find';
import type { FilingRequest } from '../../src/intake/types';

const r = (uid: number, folder: string | null, over: Partial<FilingRequest> = {}): FilingRequest =>
  ({ key: `k${uid}`, mailbox: 'INBOX', uidValidity: '7', uid, folder, messageId: `<m${uid}@x>`, ...over });
const cur = { mailbox: 'INBOX', uidValidity: '9' };

test('a request from an older UIDVALIDITY is found again, not skipped; one to leave in place is still skipped', () => {
  const p = planFiling([r(1, 'E'), r(2, null), r(3, 'A', { uidValidity: '9' })], cur, true);
  expect(p.relocate.map((x) => x.key)).toEqual(['k1']);
  expect(p.skip.map((x) => x.key)).toEqual(['k2']);
  expect([...p.moves.keys()]).toEqual(['A']);
});

test('with filing off or for another mailbox nothing is found again', () => {
  expect(planFiling([r(1, 'E')], cur, false).relocate).toEqual([]);
  expect(planFiling([r(1, 'E', { mailbox: 'Other' })], cur, true).relocate).toEqual([]);
});

test('Message-IDs compare without brackets, blanks or case; a missing one never matches', () => {
  expect(sameMessageId('<Abc@X.org>', 'abc@x.org')).toBe(true);
  expect(sameMessageId(' <a@x> ', '<a@x>')).toBe(true);
  expect(sameMessageId('<a@x>', '<b@x>')).toBe(false);
  expect(sameMessageId(null, '<a@x>')).toBe(false);
  expect(sameMessageId(undefined, undefined)).toBe(false);
});
