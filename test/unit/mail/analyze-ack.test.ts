import { analyzeMail } from '../../../src/mail/analyze';
import { extractLine } from '../../../src/mail/report';
import { parseMail } from '../../../src/mail/parse';
import type { InboundMail } from '../../../src/mail/types';
import { CTX, mail } from './classify-mail.helper';

const ENDORSE = 'The Harbour Workers Union endorses the appeal.\n\nJane Roe\nHarbour Workers Union';

describe('acknowledgement rules', () => {
  it('acknowledges an endorsement from a person', async () => {
    const a = analyzeMail(await mail({}, ENDORSE), CTX);
    expect(a.kind).toBe('endorsement');
    expect(a.acknowledge).toBe(true);
  });

  it.each([
    ['our own address', { From: 'Appeal <info@appeal.example>' }],
    ['our own domain', { From: 'Someone <press@appeal.example>' }],
    ['a Reply-To of ours', { 'Reply-To': 'info@appeal.example' }],
    ['no-reply', { From: 'Union <no-reply@union.example.org>' }],
    ['noreply', { From: 'noreply@union.example.org' }],
    ['a list -request address', { From: 'members-request@lists.example.org' }],
    ['a list owner- address', { From: 'owner-members@lists.example.org' }],
    ['postmaster', { From: 'postmaster@union.example.org' }],
  ])('never acknowledges mail from %s', async (_what, headers) => {
    const a = analyzeMail(await mail(headers, ENDORSE), CTX);
    expect(a.acknowledge).toBe(false);
  });

  it('does not acknowledge when there is no reply address', async () => {
    const a = analyzeMail(await mail({ From: 'undisclosed-recipients:;' }, ENDORSE), CTX);
    expect(a.acknowledge).toBe(false);
  });

  it('acknowledges a withdrawal but not a question', async () => {
    expect(analyzeMail(await mail({}, 'Please remove our name from the list.'), CTX).acknowledge).toBe(true);
    expect(analyzeMail(await mail({}, 'Can individuals sign too?'), CTX).acknowledge).toBe(false);
  });

  it('does not read an out-of-office that quotes our acknowledgement as an endorsement', async () => {
    const m = await mail({ Subject: 'Out of Office: Thank you for endorsing' }, 'I am out of the office until Monday.\n\n-----Original Message-----\nFrom: Appeal <info@appeal.example>\nSent: Tuesday\n\nThank you for endorsing the appeal.');
    const a = analyzeMail(m, CTX);
    expect(a.kind).toBe('auto_reply');
    expect(a.acknowledge).toBe(false);
  });

  it('notes that the endorsement may be in an attachment it cannot read (no signer in the text)', async () => {
    const body = ['--b', 'Content-Type: text/plain', '', 'Please find our letter attached: we sign.', '--b', 'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="letter.docx"', 'Content-Disposition: attachment; filename="letter.docx"', 'Content-Transfer-Encoding: base64', '', 'UEsDBBQAAAAIAA==', '--b--', ''].join('\n');
    const a = analyzeMail(await mail({ 'Content-Type': 'multipart/mixed; boundary="b"', From: 'info@gmail.com', Subject: 'Letter' }, body), CTX);
    expect(a.kind).toBe('endorsement');
    expect(a.notes).toContain('endorsement may be in the attachment');
  });
});

describe('analyzeMail never throws', () => {
  it('sends an unparseable message to a person as a question, noting what its headers suggest', async () => {
    const m = await mail({ 'Auto-Submitted': 'auto-replied' }, 'We endorse the appeal.');
    const a = analyzeMail({ ...m, parseError: 'could not parse message: boom' }, CTX);
    expect(a).toMatchObject({ kind: 'question', acknowledge: false, error: 'could not parse message: boom', endorsements: [] });
    expect(a.notes.join(' ')).toMatch(/auto_reply/);
  });

  it('returns a question with an error for a broken InboundMail', () => {
    const broken = { headers: null, text: null, subject: 42, attachments: 'x' } as unknown as InboundMail;
    const a = analyzeMail(broken, CTX);
    expect(a.kind).toBe('question');
    expect(a.acknowledge).toBe(false);
    expect(a.error).toMatch(/analysis failed/);
  });
});

describe('extractLine', () => {
  it('prints exactly the contract fields for an endorsement', async () => {
    const m = await mail({ 'Message-ID': '<abc@union.example.org>' }, ENDORSE);
    const line = extractLine('x.eml', m, analyzeMail(m, CTX));
    expect(Object.keys(line).slice(0, 7)).toEqual(['file', 'messageId', 'kind', 'acknowledge', 'language', 'endorsements', 'reasons']);
    expect(line.messageId).toBe('<abc@union.example.org>');
    for (const e of line.endorsements) {
      expect(Object.keys(e)).toEqual(['signerType', 'organisation', 'name', 'country', 'website', 'contactName', 'contactEmail']);
    }
  });

  it('carries the weighed signals behind the kind, each with a name and a weight', async () => {
    const m = await mail({}, ENDORSE);
    const line = extractLine('x.eml', m, analyzeMail(m, CTX));
    expect(line.signals?.length).toBeGreaterThan(0);
    for (const s of line.signals!) {
      expect(typeof s.name).toBe('string');
      expect(Number.isFinite(s.weight)).toBe(true);
    }
  });

  it('reports an unparseable message as an unacknowledged question with an error', async () => {
    const m = await parseMail(Buffer.from('From: a@b.example\r\nSubject: x\r\n\r\nWe endorse the appeal.'));
    const damaged: InboundMail = { ...m, parseError: 'could not parse message: boom' };
    const line = extractLine('bad.eml', damaged, analyzeMail(damaged, CTX));
    expect(line.kind).toBe('question');
    expect(line.acknowledge).toBe(false);
    expect(line.error).toBe('could not parse message: boom');
  });
});

describe('reply address checks on hostile addresses', () => {
  it('rejects a long dotted non-address quickly', async () => {
    const m = await mail({}, ENDORSE);
    const hostile: InboundMail = { ...m, from: { address: `a@${'.'.repeat(50_000)}@`, name: '' }, replyTo: null };
    const t0 = Date.now();
    expect(analyzeMail(hostile, CTX).acknowledge).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
