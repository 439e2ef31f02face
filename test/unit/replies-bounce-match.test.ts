/** Which of our replies a delivery report is about, read from real report layouts parsed by the real parser. */
import { parseMail } from '../../src/mail/parse';
import { bounceDetail, ourReplyMessageId, parseOurMessageId } from '../../src/replies/bounce-match';
import { signedMessageId, validSignature } from '../../src/replies/signed-id';

const OURS = ['appeal.example'];
const SECRET = 'test-secret';
const ACK = signedMessageId(SECRET, 'acknowledgement', 'm0123abc', 'appeal.example');
const ACK_SIG = ACK.slice(ACK.lastIndexOf('.', ACK.indexOf('@')) + 1, ACK.indexOf('@'));
const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8');

function dsn(originalPart: string, originalType = 'message/rfc822'): Buffer {
  return crlf(`From: Mail Delivery System <MAILER-DAEMON@mx.amis.example>
To: info@appeal.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <20260101.ABC@mx.amis.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.amis.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<jane@amis.example>: host mx.amis.example said: 550 5.1.1 <jane@amis.example>: Recipient address rejected: User unknown

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.amis.example

Final-Recipient: rfc822; jane@amis.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--B1
Content-Type: ${originalType}

${originalPart}
--B1--
`);
}

const original = (id: string) => `From: Appeal team <info@appeal.example>
To: jane@amis.example
Subject: Re: Our endorsement
Message-ID: ${id}
In-Reply-To: <orig.1@amis.example>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Thank you for endorsing the appeal.
`;

test('a DSN with the original attached (message/rfc822) names our acknowledgement', async () => {
  const raw = dsn(original(ACK));
  const mail = await parseMail(raw);
  expect(ourReplyMessageId(mail, OURS, raw)).toEqual({ messageId: ACK, type: 'acknowledgement', id: 'm0123abc', sig: ACK_SIG });
  expect(bounceDetail(mail)).toBe('status 5.1.1: 550 5.1.1 User unknown');
});

test('a DSN with only the original headers (text/rfc822-headers) names our confirmation', async () => {
  const raw = dsn(original(signedMessageId(SECRET, 'confirmation', 'm0123abc-1', 'appeal.example')).split('\n\n')[0]!, 'text/rfc822-headers');
  expect(ourReplyMessageId(await parseMail(raw), OURS, raw)).toMatchObject({ type: 'confirmation', id: 'm0123abc-1' });
});

test('a report quoting the original headers in its text, with X-Original-Message-ID (Exchange style)', async () => {
  const raw = crlf(`From: postmaster@amis.example
To: info@appeal.example
Subject: Undeliverable: Re: Our endorsement
X-Original-Message-ID: <needs-information.q0a1b2c3d4e5f60718293a4b5.0123456789abcdef0123@appeal.example>
Content-Type: text/plain; charset=utf-8

Delivery has failed to these recipients or groups: jane@amis.example
Remote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
`);
  const mail = await parseMail(raw);
  expect(ourReplyMessageId(mail, OURS)).toEqual({
    messageId: '<needs-information.q0a1b2c3d4e5f60718293a4b5.0123456789abcdef0123@appeal.example>', type: 'needs-information',
    id: 'q0a1b2c3d4e5f60718293a4b5', sig: '0123456789abcdef0123',
  });
  expect(bounceDetail(mail)).toBe("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'");
});

test('a bounce of somebody else\'s message, or of an id of ours on another domain, is not ours', async () => {
  for (const id of ['<CAF123@mail.gmail.com>', '<acknowledgement.m1@appeal.example.net>']) {
    const raw = dsn(original(id));
    expect(ourReplyMessageId(await parseMail(raw), OURS, raw)).toBeNull();
  }
});

test('parseOurMessageId', () => {
  expect(parseOurMessageId('<acknowledgement.k1.abc@APPEAL.example>', OURS)).toEqual({ messageId: '<acknowledgement.k1.abc@APPEAL.example>', type: 'acknowledgement', id: 'k1', sig: 'abc' });
  expect(parseOurMessageId('confirmation.m1-0.abc@appeal.example', OURS)).toMatchObject({ type: 'confirmation', id: 'm1-0' });
  // The form without a signature (our IDs before they were signed) leaves nothing to verify.
  expect(parseOurMessageId('<acknowledgement.k1@appeal.example>', OURS)).toBeNull();
  expect(parseOurMessageId('<welcome.k1@appeal.example>', OURS)).toBeNull();
  expect(parseOurMessageId('<acknowledgement.k1@evil.example>', OURS)).toBeNull();
});

test('a signature is valid only for its own type, id and secret', () => {
  expect(validSignature(SECRET, 'acknowledgement', 'm0123abc', ACK_SIG)).toBe(true);
  expect(validSignature(SECRET, 'acknowledgement', 'm0123abd', ACK_SIG)).toBe(false);
  expect(validSignature(SECRET, 'confirmation', 'm0123abc', ACK_SIG)).toBe(false);
  expect(validSignature('another secret', 'acknowledgement', 'm0123abc', ACK_SIG)).toBe(false);
  expect(validSignature(SECRET, 'acknowledgement', 'm0123abc', '')).toBe(false);
  // Computable from the incoming Message-ID no more: the signature is 80 bits of HMAC.
  expect(ACK).toMatch(/^<acknowledgement\.m0123abc\.[0-9a-f]{20}@appeal\.example>$/);
});

test('bounceDetail stays linear on a report of blank lines and spaces', () => {
  const mail = { text: ' \n'.repeat(100_000), attachments: [] } as unknown as Parameters<typeof bounceDetail>[0];
  const normal = { text: 'Status: 5.1.1\n', attachments: [] } as unknown as Parameters<typeof bounceDetail>[0];
  const time = (m: typeof mail) => { const t = process.hrtime.bigint(); bounceDetail(m); return Number(process.hrtime.bigint() - t) / 1e6; };
  time(normal);
  const base = Math.max(0.05, time(normal));
  expect(bounceDetail(mail)).toBe('delivery report received');
  // 200k characters: linear work is a few ms; the former `^\s*` with the m flag took seconds.
  expect(time(mail) / base).toBeLessThan(2000);
});

test('a report stuffed with ID-like text around our domain is read in linear time and names nothing', async () => {
  const mk = (n: number) => ({ ...({} as object), text: `${'confirmation..'.repeat(n)}@appeal.example `.repeat(20), attachments: [], headers: {}, references: [], inReplyTo: null }) as unknown as Parameters<typeof ourReplyMessageId>[0];
  const time = (m: ReturnType<typeof mk>) => { const t = process.hrtime.bigint(); ourReplyMessageId(m, OURS); return Number(process.hrtime.bigint() - t) / 1e6; };
  const normal = mk(10);
  time(normal);
  const base = Math.max(0.05, time(normal));
  expect(ourReplyMessageId(mk(10_000), OURS)).toBeNull();
  expect(time(mk(10_000)) / base).toBeLessThan(5000);
});
