import { dedupeKeys } from '../../../src/mail/dedupe';
import { readFormRelay } from '../../../src/mail/form-relay';
import { gatherText } from '../../../src/mail/gather';
import { readable } from '../../../src/mail/relays';
import type { Address, ExtractInput } from '../../../src/mail/types';
import { MAX_SLOWDOWN, N, prose, slowdown } from './linear.helper';

const addr = (address: string, name = ''): Address => ({ address, name });

function input(body: string, subject = 'Appeal', forwarded: ExtractInput['forwarded'] = null, from = addr('info@peace.example', 'Peace Council')): ExtractInput {
  return {
    mail: {
      messageId: null, from, replyTo: null, to: [addr('info@ukraine-solidarity.eu')], cc: [], subject,
      date: null, inReplyTo: null, references: [], headers: {}, contentType: 'text/plain', text: body, html: null, attachments: [], size: 1,
    },
    kind: 'endorsement', language: null, body, signature: '', forwarded, attachmentText: '',
  };
}

// Attack strings from `lint-regex` (recheck) for the former patterns, scaled to ~50k characters.
describe('gathering, form relays, forwards and dedupe keys take linear time on the checker attack strings', () => {
  it('gatherText: subject prefixes and segments, the trailing block', () => {
    expect(gatherText(input('We endorse.', 'Re : AW: Peace Council - Endorsement')).subjectCandidates.map((c) => c.name)).toEqual(['Peace Council']);
    expect(slowdown((s) => gatherText(input(s)), `x${'\t'.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('readFormRelay: labelled fields', () => {
    const form = (fields: string) => input(`${fields}\n\n--\nThis e-mail was sent from a contact form`, 'New message', null, addr('wordpress@peace.example')).mail;
    expect(readFormRelay(form('Name: Jane Doe\nEmail: jane@peace.example\nMessage: We endorse the appeal.'))?.from?.address).toBe('jane@peace.example');
    const lines = (line: string) => Array.from({ length: 50 }, () => line).join('\n');
    expect(
      slowdown((s) => readFormRelay(form(s)), lines(`  **Name${' '.repeat(N / 50)}x`), lines(`Name: ${prose(N / 50 - 1)}`)),
    ).toBeLessThan(MAX_SLOWDOWN);
  });

  it('readable: a forward of our own mail', () => {
    const fwd = (text: string) => input('See below.', 'Fwd: appeal', { from: null, text });
    expect(readable(fwd('From: info@ukraine-solidarity.eu\nThanks for endorsing.')).input.forwarded).toBeNull();
    expect(slowdown((s) => readable(fwd(s)), `${'\n'.repeat(N)}x`, prose(N + 1))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('dedupeKeys: a website with a path', () => {
    const keys = (website: string) => dedupeKeys({ organisation: null, name: null, website, country: null });
    expect(keys('https://www.peace.example/about?x#y')).toEqual(keys('peace.example'));
    expect(slowdown(keys, `a${'#'.repeat(N)}`, `a${prose(N)}`)).toBeLessThan(MAX_SLOWDOWN);
  });
});
