import { htmlToText } from '../../../src/mail/html';

describe('htmlToText', () => {
  it('turns blocks into lines (a blank line between paragraphs), drops styles and scripts, decodes entities', () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p class=MsoNormal>Wir unterst&uuml;tzen den Aufruf&nbsp;&bdquo;Frieden&ldquo;.</p><script>x()</script><div>Gr&#252;&#xDF;e<br>Eva</div></body></html>';
    expect(htmlToText(html)).toBe('Wir unterstützen den Aufruf „Frieden“.\n\nGrüße\nEva');
  });

  it('marks blockquote lines as quoted, nested ones twice', () => {
    const html = '<p>We sign.</p><div>On Mon, Appeal wrote:</div><blockquote><p>Please endorse.</p><blockquote>Older</blockquote></blockquote><p>Jane</p>';
    expect(htmlToText(html)).toBe('We sign.\n\nOn Mon, Appeal wrote:\n\n> Please endorse.\n\n> > Older\n\nJane');
  });

  it('stays linear on unclosed and hostile markup', () => {
    const inputs = ['<style'.repeat(50_000), '<style></style>'.repeat(50_000), '<'.repeat(200_000), '<a'.repeat(100_000) + '>', '<blockquote>'.repeat(20_000), '<!--'.repeat(50_000), '&amp'.repeat(100_000)];
    for (const html of inputs) {
      const t0 = Date.now();
      htmlToText(html);
      expect(Date.now() - t0).toBeLessThan(1000);
    }
  });
});
