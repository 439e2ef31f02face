/** Export formats: the contract's fields, RFC 4180 CSV with a formula guard, HTML with everything escaped. */
import { csvCell, messagesJson, toCsv, toHtml, toJson } from '../../src/review/export';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';

function item(over: Partial<EndorsementItem>): EndorsementItem {
  return {
    id: 'm1-0', status: 'approved', signerType: 'organisation', organisation: 'Acme', name: null, country: 'GB',
    website: 'acme.example', contactName: 'Jane Doe', contactEmail: 'jane@acme.example', messageId: '<1@acme.example>',
    messageKey: 'm1', receivedAt: '2026-01-01T10:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'en',
    evidence: { organisation: { source: 'body', confidence: 0.9 } }, confidence: 0.9, history: [{ at: 'x', by: 'y', action: 'z' }],
    ...over,
  };
}

describe('toJson', () => {
  test('holds exactly the contract fields, nulls kept, internals left out', () => {
    const parsed = JSON.parse(toJson([item({ website: null, duplicateOf: 'm0-0' })]));
    expect(parsed).toEqual([{
      id: 'm1-0', status: 'approved', signerType: 'organisation', organisation: 'Acme', name: null, country: 'GB',
      website: null, contactName: 'Jane Doe', contactEmail: 'jane@acme.example', messageId: '<1@acme.example>',
      receivedAt: '2026-01-01T10:00:00.000Z', duplicateOf: 'm0-0',
    }]);
    expect(JSON.parse(toJson([]))).toEqual([]);
  });
});

describe('CSV', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['mid=dle', 'mid=dle'],
    ['', ''],
  ])('cell %j -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  test('null is an empty cell', () => {
    expect(csvCell(null)).toBe('');
  });

  test('a header row with the field names, CRLF rows, hostile values quoted and guarded', () => {
    const csv = toCsv([item({ organisation: '=cmd|" /C calc"!A0', name: null, contactName: 'Doe, Jane' })]);
    expect(csv).toBe(
      'id,status,signerType,organisation,name,country,website,contactName,contactEmail,messageId,receivedAt,duplicateOf\r\n' +
      `m1-0,approved,organisation,"'=cmd|"" /C calc""!A0",,GB,acme.example,"Doe, Jane",jane@acme.example,<1@acme.example>,2026-01-01T10:00:00.000Z,\r\n`,
    );
  });

  test('no items: the header row alone', () => {
    expect(toCsv([])).toBe('id,status,signerType,organisation,name,country,website,contactName,contactEmail,messageId,receivedAt,duplicateOf\r\n');
  });
});

describe('toHtml', () => {
  test('public fields only, organisations and individuals apart, by country then name, no sender markup', () => {
    const html = toHtml([
      item({ id: 'a', organisation: 'Zeta Collective', country: 'FR' }),
      item({ id: 'b', organisation: '<script>alert(1)</script>', country: 'DE' }),
      item({ id: 'c', signerType: 'individual', organisation: null, name: 'Ana "onerror=alert(1)" <img src=x onerror=alert(2)>', country: 'FR' }),
      item({ id: 'd', organisation: 'No Country Org', country: null }),
      item({ id: 'e', organisation: 'alpha group', country: 'FR' }),
    ]);
    expect(html).toBe(
      '<div class="signatories" lang="en">\n' +
      '  <p class="signatories-total">Signatories: 5 · Organisations: 4 · Individuals: 1</p>\n' +
      '  <section class="signatories-organisations">\n' +
      '    <h3>Organisations <span class="signatories-count">(4)</span></h3>\n' +
      '    <h4 class="signatories-country">France <span class="signatories-count">(2)</span></h4>\n' +
      '    <ul class="endorsements">\n' +
      '      <li><span class="endorsement-name">alpha group</span></li>\n' +
      '      <li><span class="endorsement-name">Zeta Collective</span></li>\n' +
      '    </ul>\n' +
      '    <h4 class="signatories-country">Germany <span class="signatories-count">(1)</span></h4>\n' +
      '    <ul class="endorsements">\n' +
      '      <li><span class="endorsement-name">&#60;script&#62;alert(1)&#60;/script&#62;</span></li>\n' +
      '    </ul>\n' +
      '    <h4 class="signatories-country">Country not given <span class="signatories-count">(1)</span></h4>\n' +
      '    <ul class="endorsements">\n' +
      '      <li><span class="endorsement-name">No Country Org</span></li>\n' +
      '    </ul>\n' +
      '  </section>\n' +
      '  <section class="signatories-individuals">\n' +
      '    <h3>Individuals <span class="signatories-count">(1)</span></h3>\n' +
      '    <h4 class="signatories-country">France <span class="signatories-count">(1)</span></h4>\n' +
      '    <ul class="endorsements">\n' +
      '      <li><span class="endorsement-name">Ana &#34;onerror&#61;alert(1)&#34; &#60;img src&#61;x onerror&#61;alert(2)&#62;</span></li>\n' +
      '    </ul>\n' +
      '  </section>\n' +
      '</div>\n',
    );
    expect(html).not.toContain('jane@acme.example');
    expect(html).not.toContain('acme.example');
  });

  test('Germany sorts before France in German ("Deutschland" < "Frankreich"), headings in German', () => {
    const html = toHtml([item({ organisation: 'B', country: 'FR' }), item({ organisation: 'A', country: 'DE' })], { language: 'de' });
    expect(html.indexOf('Deutschland')).toBeLessThan(html.indexOf('Frankreich'));
    expect(html.indexOf('Deutschland')).toBeGreaterThan(-1);
    expect(html).toContain('<h3>Organisationen <span class="signatories-count">(2)</span></h3>');
    expect(html).toContain('lang="de"');
  });

  test('an exact repeat appears once; an empty list has its totals and no sections', () => {
    const html = toHtml([item({ id: 'a' }), item({ id: 'b', organisation: 'ACME ' })]);
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(toHtml([])).toBe('<div class="signatories" lang="en">\n  <p class="signatories-total">Signatories: 0 · Organisations: 0 · Individuals: 0</p>\n</div>\n');
  });
});

describe('messagesJson', () => {
  test('holds the contract fields of each message', () => {
    const rec: MessageRecord = {
      key: 'm1', messageId: '<1@x.example>', mailbox: 'INBOX', uidValidity: '1', uid: 3, receivedAt: '2026-01-01T10:00:00.000Z',
      from: 'Jane <jane@x.example>', replyTo: null, subject: 'Hi', kind: 'endorsement', language: 'en', acknowledgeDue: true,
      acknowledged: true, reply: 'sent', reasons: [], notes: [], size: 1, oversized: false, endorsementIds: ['m1-0'],
      folder: 'Endorsements', text: 'secret body', attachments: [], references: [],
    };
    const [row] = messagesJson([rec]);
    expect(row).toMatchObject({
      messageId: '<1@x.example>', kind: 'endorsement', receivedAt: '2026-01-01T10:00:00.000Z', from: 'Jane <jane@x.example>',
      subject: 'Hi', acknowledged: true, folder: 'Endorsements',
    });
    expect(JSON.stringify(row)).not.toContain('secret body');
  });
});
