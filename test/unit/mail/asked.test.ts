/**
 * The asking sentences kept from a sender's own words: questions of several scripts, in order,
 * as written (case and punctuation kept), and nothing from a mail that asks nothing.
 */
import { askedSentences } from '../../../src/mail/asked';
import { analyzeMail } from '../../../src/mail/analyze';
import { parseMail } from '../../../src/mail/parse';

test('keeps the sentences that end in a question mark, as written, in order', () => {
  const text = 'We endorse the appeal. Can we also speak at the rally on 3 May?\nThanks!\nWho else has signed?';
  expect(askedSentences(text)).toEqual(['Can we also speak at the rally on 3 May?', 'Who else has signed?']);
});

test('question marks of other scripts: Spanish, Arabic, CJK and Greek', () => {
  expect(askedSentences('Apoyamos. ¿Podemos firmar como red?')).toEqual(['¿Podemos firmar como red?']);
  expect(askedSentences('نحن ندعم النداء. هل يمكننا التوقيع؟')).toEqual(['هل يمكننا التوقيع؟']);
  expect(askedSentences('我们支持。我们可以签名吗？')).toEqual(['我们可以签名吗？']);
  expect(askedSentences('Υποστηρίζουμε. Μπορούμε να υπογράψουμε;')).toEqual(['Μπορούμε να υπογράψουμε;']);
});

test('a mail that asks nothing keeps nothing; a long list is capped', () => {
  expect(askedSentences('We endorse the appeal.\nKind regards, Jane')).toEqual([]);
  expect(askedSentences(Array.from({ length: 9 }, (_, i) => `Question ${i}?`).join(' '), 3)).toEqual(['Question 0?', 'Question 1?', 'Question 2?']);
  expect(askedSentences(`${'a'.repeat(400)}?`)[0]).toHaveLength(300);
});

test('the analysis of an endorsement that also asks carries the question; quoted questions do not count', async () => {
  const raw = Buffer.from([
    'From: Jane Doe <jane@peace.example>', 'To: appeal@example.org', 'Subject: Our endorsement', 'Message-ID: <e1@peace.example>',
    'Content-Type: text/plain; charset=utf-8', '',
    'Dear team,', '', 'The Peace Network endorses the appeal "Stop the war". Could we also send a speaker to the rally?', '',
    'Jane Doe', 'Peace Network', '',
    '> Would you sign our appeal?', '',
  ].join('\r\n'));
  const analysis = analyzeMail(await parseMail(raw), { ownAddresses: ['appeal@example.org'], ownDomains: ['example.org'] });
  expect(analysis.kind).toBe('endorsement');
  expect(analysis.asked).toEqual(['Could we also send a speaker to the rally?']);
});
