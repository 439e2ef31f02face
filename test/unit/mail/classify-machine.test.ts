import { analyzeMail } from '../../../src/mail/analyze';
import { CTX, mail } from './classify-mail.helper';

const DSN = (extraHeaders: string) => ({
  'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"',
  From: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>',
  Subject: 'Undelivered Mail Returned to Sender',
  ...(extraHeaders ? { 'Auto-Submitted': extraHeaders } : {}),
});
const DSN_BODY = [
  '--b1', 'Content-Type: text/plain', '', 'This is the mail system at host mx.example.net.', 'We endorse the appeal.', '',
  '--b1', 'Content-Type: message/delivery-status', '', 'Final-Recipient: rfc822; x@example.net', 'Action: failed', 'Status: 5.1.1', '',
  '--b1--', '',
].join('\n');

describe('machine mail is recognised from headers and structure', () => {
  it('reads a delivery-status report as a bounce even with Auto-Submitted: auto-replied', async () => {
    const a = analyzeMail(await mail(DSN('auto-replied'), DSN_BODY), CTX);
    expect(a.kind).toBe('bounce');
    expect(a.acknowledge).toBe(false);
    expect(a.reasons.join(' ')).toMatch(/3464/);
  });

  it('reads a plain-text bounce from a daemon without a report part', async () => {
    const m = await mail({ From: 'MAILER-DAEMON@mail.example.com', Subject: 'failure notice', 'Return-Path': '<>' }, "Hi. This is the qmail-send program at mail.example.com.\nI'm sorry to have to inform you that your message could not be delivered.");
    expect(analyzeMail(m, CTX).kind).toBe('bounce');
  });

  it('reads Exim bounces by X-Failed-Recipients', async () => {
    const m = await mail({ 'X-Failed-Recipients': 'x@example.net', Subject: 'Mail delivery failed: returning message to sender' }, 'This message was created automatically by mail delivery software.');
    expect(analyzeMail(m, CTX).kind).toBe('bounce');
  });

  it.each([
    ['Auto-Submitted', 'auto-replied'],
    ['X-Autoreply', 'yes'],
    ['X-Autorespond', 'Out of office'],
    ['Precedence', 'auto_reply'],
    ['X-MS-Exchange-Inbox-Rules-Loop', 'jane@union.example.org'],
  ])('reads %s: %s as an auto-reply even when the text endorses', async (name, value) => {
    const a = analyzeMail(await mail({ [name]: value, Subject: 'Re: Call for endorsements' }, 'We endorse the appeal.'), CTX);
    expect(a.kind).toBe('auto_reply');
    expect(a.acknowledge).toBe(false);
  });

  it.each([
    'Abwesenheitsnotiz: Call for endorsements',
    'Réponse automatique : Call for endorsements',
    'Autosvar: Call for endorsements',
    'Автоответ: Call for endorsements',
    'Respuesta automática: Llamamiento',
    'Out of Office: Thank you for endorsing',
    'Risposta automatica: appello',
    'Automatyczna odpowiedź: apel',
  ])('reads the out-of-office subject %p as an auto-reply', async (subject) => {
    const a = analyzeMail(await mail({ Subject: subject }, 'I am away until Monday.\n\n> Please endorse the appeal'), CTX);
    expect(a.kind).toBe('auto_reply');
  });

  it('reads List-Id mail as bulk even when it talks about endorsing', async () => {
    const m = await mail({ 'List-Id': 'News <news.lists.example.org>', 'List-Unsubscribe': '<mailto:leave@example.org>' }, 'Our network endorses the appeal; you can sign it too.');
    expect(analyzeMail(m, CTX).kind).toBe('bulk');
  });

  it('treats Precedence: bulk alone as a signal: an endorsement from a CRM stays an endorsement', async () => {
    const m = await mail({ Precedence: 'bulk', Subject: 'Endorsement' }, 'The Harbour Workers Union endorses the appeal.');
    const a = analyzeMail(m, CTX);
    expect(a.kind).toBe('endorsement');
    expect(a.reasons.join(' ')).toMatch(/bulk/i);
  });

  it('reads Precedence: bulk with nothing endorsed as bulk', async () => {
    const m = await mail({ Precedence: 'bulk', Subject: 'Our February newsletter' }, 'Read about our work this month.');
    expect(analyzeMail(m, CTX).kind).toBe('bulk');
  });

  it('reads read receipts (RFC 8098) and feedback-loop reports (RFC 5965) as machine mail', async () => {
    const mdn = await mail({ 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="m"', Subject: 'Read: Call' }, '--m\nContent-Type: text/plain\n\nYour message was read.\n--m\nContent-Type: message/disposition-notification\n\nDisposition: manual-action/MDN-sent-manually; displayed\n--m--\n');
    expect(analyzeMail(mdn, CTX).kind).toBe('auto_reply');
    const arf = await mail({ 'Content-Type': 'multipart/report; report-type=feedback-report; boundary="f"', Subject: 'Abuse report' }, '--f\nContent-Type: text/plain\n\nA complaint.\n--f\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n--f--\n');
    expect(['bounce', 'auto_reply']).toContain(analyzeMail(arf, CTX).kind);
    expect(analyzeMail(arf, CTX).acknowledge).toBe(false);
  });

  it('does not take a person writing "Auto-Submitted: no" for a machine', async () => {
    const a = analyzeMail(await mail({ 'Auto-Submitted': 'no' }, 'We endorse the appeal.'), CTX);
    expect(a.kind).toBe('endorsement');
  });
});

describe('campaign mail', () => {
  it('reads a CRM campaign not addressed to us as bulk even when it says it endorses', async () => {
    const m = await mail({ To: 'members@union.example.org', 'List-Unsubscribe': '<https://crm.example/u/1>', Precedence: 'bulk' }, 'Our union endorses the appeal! Read more in this month’s newsletter.');
    expect(analyzeMail(m, CTX).kind).toBe('bulk');
  });

  it('keeps a CRM-sent endorsement addressed to us an endorsement', async () => {
    const m = await mail({ 'List-Unsubscribe': '<https://crm.example/u/1>', Precedence: 'bulk' }, 'Our union endorses the appeal.');
    expect(analyzeMail(m, CTX).kind).toBe('endorsement');
  });
});

describe('out-of-office wording without any header', () => {
  it.each([
    'Je suis actuellement absente et je reviendrai le 27 février.',
    'Estoy de vacaciones hasta el lunes.',
    'Jestem na urlopie do 1 marca.',
    'Ik ben afwezig tot maandag.',
  ])('reads a reply that only says %p as an auto-reply', async (body) => {
    const a = analyzeMail(await mail({ Subject: 'Re: Call for endorsements' }, `${body}\n\n> Please endorse the appeal.`), CTX);
    expect(a.kind).toBe('auto_reply');
    expect(a.acknowledge).toBe(false);
  });

  it('does not let out-of-office wording hide a real endorsement written the day before leaving', async () => {
    const a = analyzeMail(await mail({ Subject: 'Endorsement' }, 'The Harbour Workers Union endorses the appeal. I will be out of the office next week.'), CTX);
    expect(a.kind).toBe('endorsement');
  });
});

describe('circulars without list headers', () => {
  const circular = 'Dear members,\n\n' + 'This month we report on the solidarity convoy, the union congress and the week of action around 24 February. '.repeat(10);

  it('reads a long text that asks nothing, sent to others with us in Bcc, as bulk', async () => {
    expect(analyzeMail(await mail({ To: 'members@union.example.org' }, circular), CTX).kind).toBe('bulk');
  });

  it('keeps the same text addressed to us for a person', async () => {
    expect(analyzeMail(await mail({}, circular), CTX).kind).toBe('question');
  });
});

describe('newsletters addressed to us', () => {
  it('reads a long mass-mailer text that says it endorses as bulk', async () => {
    const text = 'Our network endorses the appeal for peace in Ukraine. ' + 'Read about our campaigns, events and publications this month. '.repeat(30);
    const m = await mail({ 'List-Unsubscribe': '<https://crm.example/u/1>', 'Feedback-ID': '1:2:crm' }, text);
    expect(analyzeMail(m, CTX).kind).toBe('bulk');
  });
});
