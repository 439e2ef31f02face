import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMail } from '../../../src/mail/parse';
import { analyzeMail } from '../../../src/mail/analyze';
import { docx, encryptedPdf, odt, textPdf, wp, wtable } from './letters.helper';

const dev = join(__dirname, '../../fixtures/corpus');
const dev2 = join(__dirname, '../../fixtures/corpus-dev2');

/** A mail with one attachment, base64-encoded. */
function withAttachment(contentType: string, filename: string, content: Buffer, body = 'Our letter is attached.'): Buffer {
  const lines = ['--b', 'Content-Type: text/plain; charset=utf-8', '', body, '--b', `Content-Type: ${contentType}; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`, 'Content-Transfer-Encoding: base64', '', content.toString('base64').replace(/.{76}/g, '$&\r\n'), '--b--', ''];
  return Buffer.from(`From: Jane <jane@example.org>\r\nSubject: Letter\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${lines.join('\r\n')}`);
}

describe('letters attached to real mail (dev and dev2 corpora)', () => {
  it.each([
    ['1044.eml', 'odt', 'Collectif Solidarité Est-Ouest'],
    ['2016.eml', 'odt', "Comité rennais de solidarité avec l'Ukraine\nMaison des associations – Rennes\nukraine-rennes.fr\n\nRennes"],
    ['1056.eml', 'docx', 'Steyrer Bündnis gegen Krieg und Aufrüstung'],
    ['2035.eml', 'docx', '– Verein Zuflucht Innsbruck\n– Betriebsratsgruppe Regionalverkehr Oberland'],
  ])('reads the %s %s letter', async (file, ext, expected) => {
    const m = await parseMail(readFileSync(join(dev2, file)));
    const letter = m.attachments.find((a) => a.filename?.endsWith(`.${ext}`));
    expect(letter?.textError).toBeUndefined();
    expect(letter?.text).toContain(expected);
  });

  it('reads the PDF letters of both corpora', async () => {
    const a = await parseMail(readFileSync(join(dev, '0038.eml')));
    expect(a.attachments.find((x) => x.contentType === 'application/pdf')?.text).toContain('Solidaritätsplattform Steiermark');
    const b = await parseMail(readFileSync(join(dev2, '1074.eml')));
    expect(b.attachments.find((x) => x.contentType === 'application/pdf')?.text).toContain('ZRZO Register GmbH');
  });
});

describe('letters by format and label', () => {
  it('reads a DOCX sent as application/octet-stream by its name, table rows as lines', async () => {
    const letter = docx(wp('We endorse the appeal. Our members sign too:') + wtable([['Dockers Union', 'Gdańsk'], ['Tenants Network', 'Łódź']]));
    const m = await parseMail(withAttachment('application/octet-stream', 'letter.docx', letter));
    expect(m.attachments[0]!.text).toBe('We endorse the appeal. Our members sign too:\nDockers Union | Gdańsk\nTenants Network | Łódź');
  });

  it('reads an ODT and a generated PDF', async () => {
    const o = await parseMail(withAttachment('application/vnd.oasis.opendocument.text', 'brief.odt', odt('<text:p>Wij steunen de oproep.</text:p>')));
    expect(o.attachments[0]!.text).toBe('Wij steunen de oproep.');
    const p = await parseMail(withAttachment('application/pdf', 'letter.pdf', textPdf(['Peace Committee of Tartu', 'We sign the appeal.'])));
    expect(p.attachments[0]!.text).toMatch(/Peace Committee of Tartu\s+We sign the appeal\./);
  });

  it('records why a letter was not read and shows it to the reviewer', async () => {
    const m = await parseMail(withAttachment('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'letter.docx', Buffer.from('PK\x03\x04broken'), 'We endorse the appeal, see the letter.'));
    expect(m.attachments[0]!.text).toBeUndefined();
    expect(m.attachments[0]!.textError).toBe('not a ZIP archive');
    const a = analyzeMail(m, { ownAddresses: ['info@appeal.example'], ownDomains: ['appeal.example'] });
    expect(a.notes).toContain('attachment "letter.docx" could not be read: not a ZIP archive');
  });

  it.each([
    ['a scanned PDF', textPdf([]), 'no text layer (a scanned image?)'],
    ['an encrypted PDF', encryptedPdf(), 'the document is encrypted'],
    ['a broken PDF', Buffer.from('%PDF-1.7\n' + 'garbage '.repeat(500)), 'not a readable PDF'],
  ])('says why %s gives no text', async (_what, content, reason) => {
    const m = await parseMail(withAttachment('application/pdf', 'letter.pdf', content));
    expect(m.attachments[0]!.text).toBeUndefined();
    expect(m.attachments[0]!.textError).toBe(reason);
  });

  it('reads no more than three letters per message and says so for the rest', async () => {
    const parts = [1, 2, 3, 4].map((i) => ['--b', `Content-Type: application/vnd.oasis.opendocument.text; name="l${i}.odt"`, 'Content-Transfer-Encoding: base64', '', odt(`<text:p>Brief ${i}</text:p>`).toString('base64')].join('\r\n'));
    const m = await parseMail(Buffer.from(`From: a@b.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('\r\n')}\r\n--b--\r\n`));
    expect(m.attachments.map((a) => a.text ?? a.textError)).toEqual(['Brief 1', 'Brief 2', 'Brief 3', 'not read: only 3 letters are read per message']);
  });
});
