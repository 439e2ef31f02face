import { htmlToText } from '../../../src/mail/html';

describe('htmlToText', () => {
  it('turns blocks into lines (a blank line between paragraphs), drops styles and scripts, decodes entities', () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>Wir unterst&uuml;tzen den Aufruf&nbsp;&bdquo;Frieden&ldquo;.</p><script>x()</script><div>Gr&#252;&#xDF;e<br>Eva</div></body></html>';
    expect(htmlToText(html)).toBe('Wir unterstützen den Aufruf „Frieden“.\n\nGrüße\nEva');
  });

  it('reads line breaks in the HTML source as spaces, except in <pre>', () => {
    expect(htmlToText('<div>We endorse\r\nthe   appeal.</div><pre>a\n  b</pre>')).toBe('We endorse the appeal.\na\nb');
  });

  it('gives Word\'s margin-less MsoNormal paragraphs one line each, an empty one a blank line', () => {
    const html = '<div class=WordSection1><p class=MsoNormal>Dear friends,<o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<p class=MsoNormal>We sign.<o:p></o:p></p>\n'
      + '<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<p class=MsoNormal>Anna Kovács<o:p></o:p></p>\n<p class="MsoNormal">Szolidaritás Egyesület<o:p></o:p></p></div>';
    expect(htmlToText(html)).toBe('Dear friends,\n\nWe sign.\n\nAnna Kovács\nSzolidaritás Egyesület');
  });
});

describe('htmlToText on coalition lists', () => {
  it('gives each table row one line, cells joined by " | ", empty cells dropped (Outlook MsoTableGrid)', () => {
    const cell = (t: string) => `<td style="border:solid windowtext 1.0pt"><p class=MsoNormal>${t}<o:p></o:p></p></td>`;
    const html = '<p class=MsoNormal>Our member groups also sign:<o:p></o:p></p>\n<table class=MsoTableGrid border=1>\n'
      + `<tr>${cell('<b>Organisation</b>')}${cell('<b>Country</b>')}${cell('<b>Website</b>')}</tr>\n`
      + `<tr>${cell('Związek Lokatorów')}${cell('Poland')}${cell('lokatorzy.pl')}</tr>\n`
      + `<tr>${cell('Dockers&#8217; Union of Rijeka')}${cell('Croatia')}${cell('&nbsp;')}</tr>\n</table>\n<p class=MsoNormal>Regards<o:p></o:p></p>`;
    expect(htmlToText(html)).toBe('Our member groups also sign:\nOrganisation | Country | Website\nZwiązek Lokatorów | Poland | lokatorzy.pl\nDockers’ Union of Rijeka | Croatia\nRegards');
  });

  it('reads rows and cells whose closing tags are left out', () => {
    expect(htmlToText('<table><tr><td>Attac Wien<td>AT<tr><th>Solidar Suisse<th>CH</table>after')).toBe('Attac Wien | AT\nSolidar Suisse | CH\nafter');
  });

  it('lays out a layout table (cells holding paragraphs) line after line, nested tables too', () => {
    const html = '<table><tr><td><h1>Newsletter</h1><p>First item.</p><table><tr><td>Org A</td><td>Riga</td></tr></table></td><td>Side</td></tr></table>';
    expect(htmlToText(html)).toBe('Newsletter\n\nFirst item.\n\nOrg A | Riga\nSide');
  });

  it('gives each list item one line, with no blank lines between items', () => {
    const html = '<div>We endorse, and so do:</div><div><ul><li style="margin-left:15px">Toronto Workers&#39; Committee (Toronto, ON)</li><li>Comité Ukraine-Montréal</li></ul></div><ol><li>Eesti Rahurühm<li>Tartu Peace Circle</ol><div>Thanks</div>';
    expect(htmlToText(html)).toBe("We endorse, and so do:\nToronto Workers' Committee (Toronto, ON)\nComité Ukraine-Montréal\nEesti Rahurühm\nTartu Peace Circle\nThanks");
  });

  it('drops Word\'s list bullets and numbers from MsoListParagraph items', () => {
    const item = (bullet: string, t: string) => `<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>${bullet}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>${t}<o:p></o:p></p>\n`;
    const commented = `<p class=MsoListParagraphCxSpMiddle><!--[if !supportLists]--><span>2.<span>&nbsp; </span></span><!--[endif]-->Liga për Paqe<o:p></o:p></p>`;
    const html = `<p class=MsoNormal>Signing with us:<o:p></o:p></p>\n${item('·', 'Sindikata e Minatorëve')}${item('o', 'Rrjeti i Grave')}${commented}`;
    expect(htmlToText(html)).toBe('Signing with us:\nSindikata e Minatorëve\nRrjeti i Grave\nLiga për Paqe');
  });
});

describe('htmlToText limits', () => {

  it('marks blockquote lines as quoted, nested ones twice', () => {
    const html = '<p>We sign.</p><div>On Mon, Appeal wrote:</div><blockquote><p>Please endorse.</p><blockquote>Older</blockquote></blockquote><p>Jane</p>';
    expect(htmlToText(html)).toBe('We sign.\n\nOn Mon, Appeal wrote:\n\n> Please endorse.\n\n> > Older\n\nJane');
  });

  it('stays linear on unclosed and hostile markup', () => {
    const inputs = ['<b> </b>'.repeat(50_000) + '<div>'.repeat(25_000), `<pre>x${' '.repeat(500_000)}</pre>${'<div>'.repeat(50_000)}`, '<table><tr><td>x'.repeat(10_000), '<td>a</td>'.repeat(50_000), '<![if !supportLists]>'.repeat(50_000), '<style'.repeat(50_000), '<style></style>'.repeat(50_000), '<'.repeat(200_000), '<a'.repeat(100_000) + '>', '<blockquote>'.repeat(20_000), '<!--'.repeat(50_000), '&amp'.repeat(100_000)];
    for (const html of inputs) {
      const t0 = Date.now();
      htmlToText(html);
      expect(Date.now() - t0).toBeLessThan(1000);
    }
  });
});
