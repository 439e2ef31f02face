import { extractEndorsements } from '../../../src/mail/extract';
import { candidate, RANK, sentenceCandidates } from '../../../src/mail/signers';
import type { Address, ExtractInput } from '../../../src/mail/types';
import { MAX_SLOWDOWN, N, prose, slowdown } from './linear.helper';

const addr = (address: string, name = ''): Address => ({ address, name });

function input(body: string, subject = 'Appeal'): ExtractInput {
  return {
    mail: {
      messageId: null, from: addr('info@peace.example', 'Peace Council'), replyTo: null, to: [addr('info@ukraine-solidarity.eu')], cc: [], subject,
      date: null, inReplyTo: null, references: [], headers: {}, contentType: 'text/plain', text: body, html: null, attachments: [], size: 1,
    },
    kind: 'endorsement', language: null, body, signature: '', forwarded: null, attachmentText: '',
  };
}

// Attack strings from `lint-regex` (recheck) for the former patterns, scaled to ~50k characters.
describe('signers and listed persons take linear time on the checker attack strings', () => {
  it('candidate: fullwidth parentheses, trailing separators, a place suffix', () => {
    expect(candidate('Peace Council, Kyiv,;', RANK.subject, 'body', '')?.name).toBe('Peace Council');
    expect(slowdown((s) => candidate(s, RANK.subject, 'body', ''), `Peace Council${'\t'.repeat(N)}x`, prose(N + 14))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown((s) => candidate(s, RANK.subject, 'body', ''), `Peace Council${'\t'.repeat(N)},;x`, prose(N + 16))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('sentenceCandidates: wrapped lines, a quoted name, coordinated names', () => {
    expect(sentenceCandidates('The Peace Council\nof Lyon endorses the appeal.', 'body').map((c) => c.name)).toContain('Peace Council of Lyon');
    const text = (gap: string) => `"Peace Council"${gap} endorses the appeal.`;
    expect(slowdown((s) => sentenceCandidates(s, 'body'), text(`'\t${'\t'.repeat(N)}`), text(prose(N + 2)))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown((s) => sentenceCandidates(s, 'body'), `Peace Council${'\t'.repeat(N)}\nendorses the appeal.`, prose(N + 35))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown((s) => sentenceCandidates(s, 'body'), `Peace Council${'\t'.repeat(N)}x and Lyon Union endorse the appeal.`, prose(N + 48))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('extractEndorsements: a listed form with people and a place', () => {
    const listed = (form: string) => `Please list us as: ${form}\n\nThank you.`;
    expect(slowdown((s) => extractEndorsements(input(listed(s))), `Petr Dvořák,${'\t\n'.repeat(N / 2)}`, prose(N + 12))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown((s) => extractEndorsements(input(listed(s))), `Petr Dvořák${'\t'.repeat(N)}x`, prose(N + 12))).toBeLessThan(MAX_SLOWDOWN);
  });
});
