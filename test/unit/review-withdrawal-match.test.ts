/** Which signer a withdrawal request is about: dedupe keys, email, domain, the organiser's search; and the HTML list's guard. */
import { onTheList, toHtml } from '../../src/review/export';
import { publicHtml, publicList } from '../../src/review/publish';
import type { EndorsementItem } from '../../src/review/types';
import { suggestedOriginal, withdrawalCandidates } from '../../src/review/withdrawal-match';

function it(id: string, over: Partial<EndorsementItem>): EndorsementItem {
  return {
    id, status: 'approved', signerType: 'organisation', organisation: null, name: null, country: 'DE', website: null, contactName: null,
    contactEmail: null, messageId: null, messageKey: id.split('-')[0]!, receivedAt: `2026-01-0${id.length % 9 + 1}T00:00:00.000Z`,
    duplicateOf: null, kind: 'endorsement', language: 'de', evidence: {}, confidence: 0.9, history: [],
    ...over,
  };
}

const bruecken = it('a-0', { organisation: 'Brücken nach Kyjiw e.V.', website: 'https://www.bruecken-kyjiw.de', contactEmail: 'info@bruecken-kyjiw.de' });
const rejectedTwin = it('b-0', { organisation: 'Brücken nach Kyjiw', status: 'rejected' });
const sameMailbox = it('c-0', { organisation: 'Friedensforum', contactEmail: 'vorstand@bruecken-kyjiw.de', status: 'pending' });
const gmailStranger = it('d-0', { organisation: 'Chor Nord', contactEmail: 'chor.nord@gmail.com' });
const otherRequest = it('e-0', { organisation: 'Brücken nach Kyjiw', kind: 'withdrawal', status: 'pending' });
const all = [bruecken, rejectedTwin, sameMailbox, gmailStranger, otherRequest];

test('the same signer by dedupe keys (here the website) comes first, on-the-list before rejected; never another request', () => {
  const request = it('r-0', { organisation: 'Bruecken nach Kyjiw e. V.', kind: 'withdrawal', status: 'pending', website: 'bruecken-kyjiw.de' });
  const c = withdrawalCandidates(request, [...all, request]);
  expect(c.map((x) => [x.item.id, x.why])).toEqual([
    ['a-0', ['same signer', 'same domain']],
    ['c-0', ['same domain']],
  ]);
  expect(suggestedOriginal(request, all)?.item.id).toBe('a-0');
});

test('a request written from the same address, under another name, finds the signer by email', () => {
  const request = it('r-1', { organisation: 'BnK', kind: 'withdrawal', status: 'pending', country: null, contactEmail: 'INFO@bruecken-kyjiw.de' });
  expect(withdrawalCandidates(request, all).map((x) => [x.item.id, x.why])).toEqual([
    ['a-0', ['same email', 'same domain']],
    ['c-0', ['same domain']],
  ]);
});

test('a shared mail provider is no evidence; with nothing in common there is no suggestion, and a search finds by name', () => {
  const request = it('r-2', { organisation: 'Choir of the North', kind: 'withdrawal', status: 'pending', contactEmail: 'someone@gmail.com' });
  expect(withdrawalCandidates(request, all)).toEqual([]);
  expect(suggestedOriginal(request, all)).toBeNull();
  expect(withdrawalCandidates(request, all, 'chor').map((x) => [x.item.id, x.why])).toEqual([['d-0', ['search']]]);
});

test("the organiser's search comes before the automatic matches", () => {
  const request = it('r-3', { organisation: 'Brücken nach Kyjiw', kind: 'withdrawal', status: 'pending' });
  expect(withdrawalCandidates(request, all, 'friedens').map((x) => x.item.id)).toEqual(['c-0', 'a-0', 'b-0']);
});

test('intake\'s duplicate flag counts as the same signer', () => {
  const request = it('r-4', { organisation: 'Anything', kind: 'withdrawal', status: 'pending', duplicateOf: 'd-0' });
  expect(withdrawalCandidates(request, all).map((x) => [x.item.id, x.why])).toEqual([['d-0', ['same signer']]]);
});

test('the public list holds approved endorsements only, whatever it is given; the export never shows a request', () => {
  const withdrawn = it('w-0', { organisation: 'Gone Org', status: 'withdrawn' });
  const approvedRequest = it('q-0', { organisation: 'Request Org', kind: 'withdrawal' });
  expect([bruecken, withdrawn, approvedRequest, sameMailbox].map(onTheList)).toEqual([true, false, false, false]);
  const published = publicHtml(publicList([bruecken, withdrawn, approvedRequest, sameMailbox]));
  expect(published).toContain('Brücken nach Kyjiw e.V.');
  expect(published).not.toMatch(/Gone Org|Request Org|Friedensforum/);
  // `export --format html --status all` previews every status asked for, but a request names no signer.
  const preview = toHtml([bruecken, withdrawn, approvedRequest]);
  expect(preview).toContain('Gone Org');
  expect(preview).not.toContain('Request Org');
});
