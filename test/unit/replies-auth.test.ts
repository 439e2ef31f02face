/** Authentication-Results (RFC 8601) as real servers write them: comments, versions, quoting, folding. */
import { aligned, fromDomainAuthenticated, parseAuthResults } from '../../src/replies/auth';

test('a Gmail-style header with comments and several methods', () => {
  const v = 'mx.google.com;\r\n       dkim=pass header.i=@amis.example header.s=s1 header.b=AbC;\r\n       spf=pass (google.com: domain of jane@amis.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=jane@amis.example;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=amis.example';
  expect(parseAuthResults(v)).toEqual({
    authservId: 'mx.google.com',
    results: [
      { method: 'dkim', result: 'pass', props: { 'header.i': '@amis.example', 'header.s': 's1', 'header.b': 'abc' } },
      { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'jane@amis.example' } },
      { method: 'dmarc', result: 'pass', props: { 'header.from': 'amis.example' } },
    ],
  });
});

test('a version after the authserv-id, a versioned method, a quoted value, and "none"', () => {
  expect(parseAuthResults('mx.appeal.example 1; dkim/1=pass header.d="amis.example"')).toEqual({
    authservId: 'mx.appeal.example', results: [{ method: 'dkim', result: 'pass', props: { 'header.d': 'amis.example' } }],
  });
  expect(parseAuthResults('mx.appeal.example; none')).toEqual({ authservId: 'mx.appeal.example', results: [] });
  expect(parseAuthResults('  ')).toBeNull();
});

test.each([
  ['amis.example', 'amis.example', true],
  ['mail.amis.example', 'amis.example', true],
  ['AMIS.example', 'amis.example.', true],
  ['amis.example', 'notamis.example', false],
  ['amis.example', 'example', false],
  ['', 'amis.example', false],
])('aligned(%j, %j) = %s', (a, b, expected) => {
  expect(aligned(a, b)).toBe(expected);
});

test('dkim header.i stands in for a missing header.d; a failed method never counts', () => {
  expect(fromDomainAuthenticated(['mx; dkim=pass header.i=@news.amis.example'], 'amis.example')).toBe(true);
  expect(fromDomainAuthenticated(['mx; dkim=fail header.d=amis.example; spf=neutral smtp.mailfrom=amis.example'], 'amis.example')).toBe(false);
  expect(fromDomainAuthenticated(['mx; dmarc=pass header.from=amis.example'], null)).toBe(false);
});
