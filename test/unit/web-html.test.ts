/** The escaping template tag, evidence highlighting and cookie handling of the web app. */
import { clearCookie, parseCookies, serializeCookie } from '../../src/web/cookies';
import { highlight } from '../../src/web/highlight';
import { href, html, raw } from '../../src/web/html';
import { ownPage, routeMatcher } from '../../src/web/next';
import { stripRemoteLinks } from '../../src/web/routes/admin';

describe('html tag', () => {
  test('escapes every interpolated string, in text and attributes', () => {
    const name = `<script>alert("x")</script>' onmouseover=alert(1) \``;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#39; onmouseover&#61;alert(1) &#96;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#39; onmouseover&#61;alert(1) &#96;</p>',
    );
  });

  test('nested html and raw pass through; arrays join; null, undefined and false render nothing', () => {
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&#60;</li><li>b</li></ul>0');
    expect(html`${raw('<br>')}`.value).toBe('<br>');
  });

  test('href encodes each query part and drops empty ones', () => {
    expect(href('/', { q: 'a&b=c d', status: 'all', kind: '', page: undefined })).toBe('/?q=a%26b%3Dc%20d&status=all');
    expect(href('/x')).toBe('/x');
  });
});

describe('highlight', () => {
  test('marks the first occurrence of each snippet, case-insensitively, escaping everything', () => {
    expect(highlight('Hi <b>\nWe, ACME Ltd, endorse. Acme Ltd', ['acme ltd', 'endorse']).value)
      .toBe('Hi &#60;b&#62;\nWe, <mark>ACME Ltd</mark>, <mark>endorse</mark>. Acme Ltd');
  });

  test('merges overlapping snippets and ignores missing or one-letter ones', () => {
    expect(highlight('abcdef', ['bcd', 'cde', 'zz', 'a']).value).toBe('a<mark>bcde</mark>f');
    expect(highlight('<x>', []).value).toBe('&#60;x&#62;');
  });

  test('a snippet that is itself markup is matched as text and stays escaped', () => {
    expect(highlight('x <script>y', ['<script>']).value).toBe('x <mark>&#60;script&#62;</mark>y');
  });
});

describe('cookies', () => {
  test('parses a Cookie header; first of a repeated name wins; malformed parts are skipped', () => {
    expect(parseCookies('sid=abc; junk; other="q v"; sid=second; =x')).toEqual({ sid: 'abc', other: 'q v' });
    expect(parseCookies(undefined)).toEqual({});
  });

  test('serializes the attributes asked for, and refuses values that would need encoding', () => {
    expect(serializeCookie('sid', 'abc_-1', { path: '/', httpOnly: true, sameSite: 'lax', secure: true })).toBe('sid=abc_-1; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(serializeCookie('t', 'v', { path: '/login', sameSite: 'strict', maxAge: 60 })).toBe('t=v; Path=/login; Max-Age=60; SameSite=Strict');
    expect(() => serializeCookie('sid', 'a;b', { path: '/' })).toThrow(RangeError);
  });

  test('clearCookie appends an expired cookie beside earlier ones', () => {
    const headers: Record<string, unknown> = { 'set-cookie': 'a=1; Path=/' };
    const reply = {
      getHeader: (n: string) => headers[n],
      removeHeader: (n: string) => { delete headers[n]; },
      header: (n: string, v: unknown) => { headers[n] = v; },
    };
    clearCookie(reply as never, 'sid', { path: '/', httpOnly: true });
    expect(headers['set-cookie']).toEqual(['a=1; Path=/', 'sid=; Path=/; Max-Age=0; HttpOnly']);
  });
});

describe('bidi controls', () => {
  test('each of the twelve is shown as a named marker, in text and attributes', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(html`<p title="${all}">${all}</p>`.value).toBe(
      `<p title="${'⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩'}">⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩</p>`);
  });

  test('right-to-left text itself is left alone', () => {
    expect(html`${'سلام שלום'}`.value).toBe('سلام שלום');
  });

  test('evidence highlighting keeps the markers', () => {
    expect(highlight('We, Acme\u202Etd, endorse', ['acme\u202Etd']).value).toBe('We, <mark>Acme⟨RLO⟩td</mark>, endorse');
  });
});

describe('stripRemoteLinks (the queue dashboard page)', () => {
  test('drops <link> tags to other hosts, keeps our own and everything else', () => {
    const page = '<head><link rel="stylesheet" href="https://fonts.example/x.css"><LINK href=//cdn.example/y.css rel=preload>'
      + '<link rel="icon" href="/admin/queues/static/favicon.ico"><linkage>text</linkage><link href="http:x"></head>';
    expect(stripRemoteLinks(page)).toBe('<head><link rel="icon" href="/admin/queues/static/favicon.ico"><linkage>text</linkage><link href="http:x"></head>');
  });

  test('an unclosed tag is left as it is', () => {
    expect(stripRemoteLinks('a <link href="https://x.example/"')).toBe('a <link href="https://x.example/"');
  });
});

describe('ownPage (where next and back may lead)', () => {
  const pages = ['/', '/items/:id', '/admin/queues/*'];
  const matchers = pages.map(routeMatcher);
  test.each([['/', '/'], ['/items/m1-0?done=x', '/items/m1-0?done=x'], ['/admin/queues/queue/reply', '/admin/queues/queue/reply'],
    ['/items/', null], ['/items/a/b', null], ['/itemsx/a', null], ['//x.example', null], ['/\\x', null], ['/\tx', null]])('%j -> %j', (target, expected) => {
    expect(ownPage(target, matchers)).toBe(expected);
  });
});
