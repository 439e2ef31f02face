import { officeText, MAX_PART_BYTES } from '../../../src/mail/office-text';
import { readZipEntry, zipEntries, ZipError } from '../../../src/mail/zip';
import { deflatedZeros, docx, odt, wp, wtable, zip } from './letters.helper';

describe('DOCX text', () => {
  it('gives one line per paragraph, with breaks and tabs, and decodes entities', () => {
    const body = `${wp('Tiroler Bündnis &amp; Freunde')}<w:p/><w:p><w:r><w:t>Wir unterstützen</w:t></w:r><w:r><w:t xml:space="preserve"> den Aufruf.</w:t></w:r></w:p>`
      + '<w:p><w:r><w:t>Zeile eins</w:t><w:br/><w:t>Zeile zwei</w:t><w:tab/><w:t>&#8222;Kalyna&#8220;</w:t></w:r></w:p>';
    expect(officeText(docx(body), 'docx', 10_000)).toBe('Tiroler Bündnis & Freunde\n\nWir unterstützen den Aufruf.\nZeile eins\nZeile zwei\t„Kalyna“');
  });

  it('gives a table row per line, cells joined by " | " (a coalition list)', () => {
    const body = wp('Unterzeichnende:') + wtable([['Verein Zuflucht', 'Innsbruck', 'AT'], ['Friedensgruppe Brixen', '', 'IT']]) + wp('Grüße');
    expect(officeText(docx(body), 'docx', 10_000)).toBe('Unterzeichnende:\nVerein Zuflucht | Innsbruck | AT\nFriedensgruppe Brixen | IT\nGrüße');
  });

  it('lays out a table whose cells hold several paragraphs line after line (a layout table)', () => {
    const body = `<w:tbl><w:tr><w:tc>${wp('Verein A')}${wp('Verein B')}</w:tc><w:tc>${wp('Verein C')}</w:tc></w:tr></w:tbl>`;
    expect(officeText(docx(body), 'docx', 10_000)).toBe('Verein A\nVerein B\nVerein C');
  });

  it('leaves out deleted revisions and field codes', () => {
    const body = '<w:p><w:del><w:r><w:delText>alt</w:delText><w:t>weg</w:t></w:r></w:del><w:r><w:instrText> HYPERLINK "x" </w:instrText><w:t>neu</w:t></w:r></w:p>';
    expect(officeText(docx(body), 'docx', 10_000)).toBe('neu');
  });

  it('stops reading at the text cap', () => {
    const body = Array.from({ length: 1000 }, (_, i) => wp(`Absatz ${i}`)).join('');
    const text = officeText(docx(body), 'docx', 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^Absatz 0\nAbsatz 1\n/);
    expect(text).not.toContain('Absatz 20');
  });

  it('stays bounded on spacing elements and tables nested a thousand deep', () => {
    const spaces = officeText(odt(`<text:p>a${'<text:s text:c="100"/>'.repeat(100_000)}b</text:p>`), 'odt', 5_000);
    expect(spaces.length).toBeLessThanOrEqual(5_000);
    const nested = `${'<w:tbl><w:tr><w:tc>'.repeat(1000)}${wp('deep')}${'</w:tc></w:tr></w:tbl>'.repeat(1000)}`;
    expect(officeText(docx(nested), 'docx', 5_000)).toBe('deep');
  });
});

describe('ODT text', () => {
  it('gives paragraphs, headings, list items and table rows as lines', () => {
    const xml = '<text:h>Lettre de soutien</text:h><text:p>Le   Collectif<text:s text:c="2"/>Est-Ouest</text:p><text:p/>'
      + '<text:list><text:list-item><text:p>Attac Genève</text:p></text:list-item><text:list-item><text:p>Solidarités</text:p></text:list-item></text:list>'
      + '<table:table><table:table-row><table:table-cell><text:p>Syndicat X</text:p></table:table-cell><table:table-cell><text:p>Lausanne</text:p></table:table-cell></table:table-row></table:table>'
      + '<text:p>Salutations<text:line-break/>Léa</text:p>';
    expect(officeText(odt(xml), 'odt', 10_000)).toBe('Lettre de soutien\nLe Collectif Est-Ouest\n\nAttac Genève\nSolidarités\nSyndicat X | Lausanne\nSalutations\nLéa');
  });

  it('leaves out comments', () => {
    const xml = '<text:p>Oui<office:annotation><text:p>note interne</text:p></office:annotation> nous signons</text:p>';
    expect(officeText(odt(xml), 'odt', 10_000)).toBe('Oui nous signons');
  });
});

describe('ZIP reading limits', () => {
  const reason = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ZipError);
      return (e as Error).message;
    }
    throw new Error('expected a ZipError');
  };

  it('stops inflating at the cap when the header lies about the size (a zip bomb)', () => {
    const bomb = zip([{ name: 'word/document.xml', data: Buffer.alloc(0), raw: { deflated: deflatedZeros(8), claimedSize: 1000 } }]);
    expect(bomb.length).toBeLessThan(1_000_000);
    expect(reason(() => officeText(bomb, 'docx', 10_000))).toMatch(/more than 16\.0 MB \(a compression bomb\?\)/);
  });

  it('refuses an entry whose declared size is over the cap before inflating it', () => {
    const big = zip([{ name: 'content.xml', data: Buffer.alloc(0), raw: { deflated: deflatedZeros(1), claimedSize: MAX_PART_BYTES + 1 } }]);
    expect(reason(() => officeText(big, 'odt', 10_000))).toMatch(/would unpack to .* over the 16\.0 MB limit/);
  });

  it('says what is wrong with files that are not letters', () => {
    expect(reason(() => officeText(Buffer.from('not a zip at all'), 'docx', 10_000))).toBe('not a ZIP archive');
    expect(reason(() => officeText(odt('<text:p>x</text:p>'), 'docx', 10_000))).toMatch(/no word\/document\.xml/);
    const truncated = docx(wp('x'));
    expect(reason(() => zipEntries(truncated.subarray(0, truncated.length - 30)))).toBe('not a ZIP archive');
  });

  it('refuses encrypted entries and reads stored ones', () => {
    const buf = zip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    const [entry] = zipEntries(buf);
    expect(readZipEntry(buf, entry!, 100).toString()).toBe('hello');
    expect(reason(() => readZipEntry(buf, { ...entry!, flags: 1 }, 100))).toBe('the document is encrypted');
    expect(reason(() => readZipEntry(buf, { ...entry!, localOffset: buf.length - 10 }, 100))).toBe('archive entry is damaged');
  });
});
