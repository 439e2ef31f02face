import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMail } from '../../../src/mail/parse';

const corpus = join(__dirname, '../../fixtures/corpus');
const plain = (head: string, body: string) => Buffer.from(`${head}\r\n\r\n${body}`, 'utf8');
const basic = 'From: Jane Doe <Jane@Example.ORG>\r\nTo: info@appeal.test\r\nSubject: Hello\r\nMessage-ID: <a1@example.org>';

describe('parseMail robustness', () => {
  it('reads a plain message, lower-casing addresses and header names', async () => {
    const m = await parseMail(plain(basic + '\r\nX-Custom-Thing: yes', 'We endorse.'));
    expect(m.from).toEqual({ address: 'jane@example.org', name: 'Jane Doe' });
    expect(m.headers['x-custom-thing']).toEqual(['yes']);
    expect(m.text.trim()).toBe('We endorse.');
    expect(m.parseError).toBeUndefined();
  });

  it('tolerates a BOM, leading blank lines and an mbox From line', async () => {
    const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n\r\nFrom jane@example.org Mon Feb  6 10:00:00 2023\n'), plain(basic, 'Body text')]);
    const m = await parseMail(raw);
    expect(m.subject).toBe('Hello');
    expect(m.from?.address).toBe('jane@example.org');
    expect(m.text.trim()).toBe('Body text');
  });

  it('tolerates bare CR line endings', async () => {
    const m = await parseMail(Buffer.from('From: a@b.example\rSubject: CR only\r\rline one\rline two\r'));
    expect(m.subject).toBe('CR only');
    expect(m.text).toContain('line one');
    expect(m.text).toContain('line two');
  });

  it('caps the text of a 10 MB body', async () => {
    const big = ('x'.repeat(70) + '\r\n').repeat(150_000);
    const m = await parseMail(plain(basic, big), { maxTextChars: 50_000 });
    expect(m.text.length).toBe(50_000);
    expect(m.size).toBeGreaterThan(10_000_000);
  });

  it('never throws on garbage and keeps what headers it can', async () => {
    const inputs = [Buffer.alloc(0), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n'.repeat(3))];
    for (const raw of inputs) {
      const m = await parseMail(raw);
      expect(typeof m.text).toBe('string');
      expect(Array.isArray(m.attachments)).toBe(true);
    }
  });

  it('survives deeply nested multiparts', async () => {
    let body = 'innermost';
    for (let i = 0; i < 60; i++) body = `--b${i}\r\nContent-Type: multipart/mixed; boundary=b${i + 1}\r\n\r\n${body}\r\n--b${i}--`;
    const m = await parseMail(plain(basic + '\r\nContent-Type: multipart/mixed; boundary=b0', body));
    expect(m.subject).toBe('Hello');
  });

  it('turns HTML-only mail into text (no text/plain part at all)', async () => {
    const m = await parseMail(readFileSync(join(corpus, '0014.eml')));
    expect(m.text).toMatch(/unterst/i);
    expect(m.text).not.toMatch(/<p|MsoNormal/);
  });

  it('reads the text of an attached PDF letter', async () => {
    const m = await parseMail(readFileSync(join(corpus, '0038.eml')));
    const pdf = m.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.text).toContain('Solidaritätsplattform Steiermark');
  });

  it('opens a forward attached as message/rfc822', async () => {
    const m = await parseMail(readFileSync(join(corpus, '0032.eml')));
    const fwd = m.attachments.find((a) => a.message);
    expect(fwd?.message?.from?.address).toBe('ak-internationalismus-freiburg@riseup.net');
    expect(fwd?.message?.text).toContain('Arbeitskreis Internationalismus Freiburg');
  });

  it('lists part types, so a delivery report is visible without a full walk', async () => {
    const m = await parseMail(readFileSync(join(corpus, '0035.eml')));
    expect(m.partTypes).toContain('message/delivery-status');
    expect(m.contentType).toMatch(/^multipart\/report/);
  });

  it('decodes legacy charsets (KOI8-U headers and body)', async () => {
    const m = await parseMail(readFileSync(join(corpus, '0052.eml')));
    expect(m.subject).toBe('Підпис під зверненням');
  });
});

describe('parseMail with wrong charset labels', () => {
  const raw = (contentType: string, body: Buffer, cte = '8bit') =>
    Buffer.concat([Buffer.from(`From: a@b.example\r\nSubject: x\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`), body]);
  const latin1 = Buffer.from('Wir unterst\xfctzen den Aufruf. Gr\xfc\xdfe', 'latin1');

  it.each(['text/plain; charset=utf-8', 'text/plain', 'text/plain; charset=x-no-such-charset'])('re-reads Latin-1 bytes labelled %p', async (ct) => {
    expect((await parseMail(raw(ct, latin1))).text).toBe('Wir unterstützen den Aufruf. Grüße');
  });

  it('re-reads windows-1251 bytes labelled utf-8, also under quoted-printable', async () => {
    const cp1251 = Buffer.from([0xcc, 0xfb, 0x20, 0xef, 0xee, 0xe4, 0xef, 0xe8, 0xf1, 0xfb, 0xe2, 0xe0, 0xe5, 0xec]);
    expect((await parseMail(raw('text/plain; charset=utf-8', cp1251))).text).toBe('Мы подписываем');
    const qp = Buffer.from([...cp1251].map((b) => (b === 0x20 ? ' ' : `=${b.toString(16).toUpperCase()}`)).join(''));
    expect((await parseMail(raw('text/plain; charset=utf-8', qp, 'quoted-printable'))).text).toBe('Мы подписываем');
  });

  it('leaves correctly labelled legacy charsets alone', async () => {
    expect((await parseMail(raw('text/plain; charset=iso-8859-1', latin1))).text).toBe('Wir unterstützen den Aufruf. Grüße');
  });
});

describe('parseMail with hostile attachments', () => {
  it('survives a broken PDF and reads no text from it', async () => {
    const body = ['--b', 'Content-Type: text/plain', '', 'Letter attached.', '--b', 'Content-Type: application/pdf; name="x.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF-1.7\n' + 'garbage '.repeat(500)).toString('base64'), '--b--', ''].join('\r\n');
    const m = await parseMail(Buffer.from(`From: a@b.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${body}`));
    const pdf = m.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    expect(pdf!.text).toBeUndefined();
    expect(m.text).toContain('Letter attached.');
  });
});

describe('parseMail when the parser gives up', () => {
  it('returns the raw headers with parseError set instead of throwing', async () => {
    const raw = Buffer.from(`From: Jane <Jane@Example.org>\r\nSubject: Slow one\r\nMessage-ID: <slow@example.org>\r\n\r\n${'x'.repeat(5_000_000)}`);
    const m = await parseMail(raw, { timeoutMs: 1 });
    expect(m.parseError).toMatch(/timed out/);
    expect(m.subject).toBe('Slow one');
    expect(m.messageId).toBe('<slow@example.org>');
    expect(m.from?.address).toBe('jane@example.org');
  });
});
