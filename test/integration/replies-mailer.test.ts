/** The mailer against a real SMTP sink: RFC 3834 and threading headers, and how failures are classified. */
import { createMailer, PermanentSendError, TransientSendError, type OutgoingReply } from '../../src/replies/mailer';
import { freePort } from '../helpers/ports';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});
beforeEach(() => {
  sink.messages.length = 0;
});

const reply: OutgoingReply = {
  from: '"Appeal team" <info@appeal.example>', to: 'jane@amis.example', subject: 'Re: Notre soutien',
  text: 'Merci à vous', html: '<p>Merci à vous</p>', inReplyTo: '<orig@amis.example>',
  references: ['<first@amis.example>', '<orig@amis.example>'], messageId: '<acknowledgement.k1@appeal.example>', language: 'fr',
};

function header(raw: Buffer, name: string): string[] {
  const text = raw.toString('utf8');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return head.split(/\r?\n/).filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((l) => l.slice(name.length + 1).trim());
}

test('sends with Auto-Submitted, threading, Content-Language and our Message-ID', async () => {
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
  try {
    await mailer.send(reply);
  } finally {
    mailer.close();
  }
  expect(sink.messages).toHaveLength(1);
  const raw = sink.messages[0]!.raw;
  expect(sink.messages[0]!.to).toEqual(['jane@amis.example']);
  expect(header(raw, 'Auto-Submitted')).toEqual(['auto-replied']);
  expect(header(raw, 'In-Reply-To')).toEqual(['<orig@amis.example>']);
  expect(header(raw, 'References')).toEqual(['<first@amis.example> <orig@amis.example>']);
  expect(header(raw, 'Content-Language')).toEqual(['fr']);
  expect(header(raw, 'Message-ID')).toEqual(['<acknowledgement.k1@appeal.example>']);
  expect(header(raw, 'Subject')).toEqual(['Re: Notre soutien']);
  expect(raw.toString('utf8')).toMatch(/multipart\/alternative/);
});

test('550 is permanent, with the server\'s words', async () => {
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
  sink.failNext(550, 1, 'no such user here');
  const err = await mailer.send(reply).catch((e: unknown) => e);
  mailer.close();
  expect(err).toBeInstanceOf(PermanentSendError);
  expect(err).toMatchObject({ name: 'PermanentSendError', responseCode: 550 });
  expect((err as PermanentSendError).serverResponse).toContain('no such user here');
  expect(sink.messages).toHaveLength(0);
});

test.each([421, 451, 503])('%i is transient', async (code) => {
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true });
  sink.failNext(code, 1, 'come back later');
  const err = await mailer.send(reply).catch((e: unknown) => e);
  mailer.close();
  expect(err).toBeInstanceOf(TransientSendError);
  expect(err).toMatchObject({ name: 'TransientSendError', responseCode: code });
});

test('a refused connection is transient', async () => {
  const mailer = createMailer({ host: '127.0.0.1', port: await freePort(), secure: false, pool: true, allowPlaintext: true });
  const err = await mailer.send(reply).catch((e: unknown) => e);
  mailer.close();
  expect(err).toBeInstanceOf(TransientSendError);
});
