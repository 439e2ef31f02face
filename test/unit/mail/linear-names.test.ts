import { splitDisplayName, stripTitles, tidyName } from '../../../src/mail/names';
import { isSignOff, signaturePerson } from '../../../src/mail/signature-lines';
import { trimChars, trimEndChars } from '../../../src/mail/trim-chars';
import { domainOf } from '../../../src/mail/website';
import { MAX_SLOWDOWN, N, prose, slowdown } from './linear.helper';

// Attack strings from `lint-regex` (recheck) for the former patterns, scaled to ~50k characters.
describe('names and signature lines take linear time on the checker attack strings', () => {
  it('trims runs that do not end the text without rescanning them', () => {
    expect(trimEndChars('x,, ;', /[\s,;]/)).toBe('x');
    expect(trimChars('«x»', /[«»]/)).toBe('x');
    expect(slowdown((s) => trimEndChars(s, /[\s,;]/), `\t${'\t'.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('stripTitles, tidyName', () => {
    expect(stripTitles('Dr. Eva Gruber, ')).toBe('Eva Gruber');
    expect(tidyName('«Світанок» ,')).toBe('Світанок');
    expect(slowdown(stripTitles, `\u0000${','.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown(tidyName, `x${'"'.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown(tidyName, `x${','.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('splitDisplayName keeps "via" and separator splits', () => {
    expect(splitDisplayName('"Jane Doe via Peace List"')).toEqual({ person: 'Jane Doe', org: null });
    expect(splitDisplayName('Jane Doe | Peace Group').org).toBe('Peace Group');
    expect(slowdown((s) => splitDisplayName(s), `x${'\t'.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('isSignOff, signaturePerson', () => {
    expect(isSignOff('In solidarity,  ')).toBe(true);
    expect(signaturePerson('Martín Sosa, delegado')).toBe('Martín Sosa');
    expect(slowdown(isSignOff, `x${'\t'.repeat(N)}x`, prose(N + 2))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown(signaturePerson, `\u0000,${'\t'.repeat(N)}x\ny`, prose(N + 5))).toBeLessThan(MAX_SLOWDOWN);
    expect(slowdown(signaturePerson, `ab${'\t'.repeat(N)}- x\ny`, prose(N + 7))).toBeLessThan(MAX_SLOWDOWN);
  });

  it('domainOf', () => {
    expect(domainOf('a@Peace.ORG> ')).toBe('peace.org');
    expect(slowdown(domainOf, `a@b${'\t'.repeat(N)}x`, `a@${prose(N + 2)}`)).toBeLessThan(MAX_SLOWDOWN);
  });
});
