import { analyzeMail } from '../../../src/mail/analyze';
import { parseMail } from '../../../src/mail/parse';
import { CTX } from './classify-mail.helper';

const head = (subject: string) => `From: Jane <jane@union.example.org>\r\nTo: info@appeal.example\r\nSubject: ${subject}\r\n\r\n`;

async function timed(raw: string | Buffer): Promise<{ ms: number; kind: string }> {
  const t0 = Date.now();
  const a = analyzeMail(await parseMail(Buffer.isBuffer(raw) ? raw : Buffer.from(raw)), CTX);
  return { ms: Date.now() - t0, kind: a.kind };
}

describe('analysis of hostile input', () => {
  it.each([
    ['10,000 short lines', head('x') + 'We endorse the appeal.\r\n'.repeat(10_000)],
    ['one 1 MB line', head('x') + 'we sign '.repeat(130_000)],
    ['a subject of 50,000 prefixes', head('Re: '.repeat(12_500) + 'Out of office') + 'Hello'],
    ['deep quoting', head('x') + '> '.repeat(5_000) + 'On Mon wrote:\r\n'],
    ['thousands of header-like lines', head('x') + 'From: a@b.example\r\nSent: now\r\n'.repeat(5_000)],
    ['10 MB of text', head('x') + ('Solidarity with Ukraine. '.repeat(3) + '\r\n').repeat(140_000)],
  ])('handles %s within a few seconds and still decides', async (_what, raw) => {
    const r = await timed(raw);
    expect(r.ms).toBeLessThan(5000);
    expect(['endorsement', 'withdrawal', 'question', 'auto_reply', 'bounce', 'bulk', 'spam']).toContain(r.kind);
  });

  it('reads the 10,000-line endorsement as an endorsement', async () => {
    expect((await timed(head('x') + 'We endorse the appeal.\r\n'.repeat(10_000))).kind).toBe('endorsement');
  });
});
