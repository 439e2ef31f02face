/** The reply service end to end against a real Redis and a real SMTP sink: headers, once only, failures. */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseMail } from '../../src/mail/parse';
import { bouncingAddress, recordBounceOfOurReply } from '../../src/replies/bounces';
import { getQuestion, listQuestions, saveQuestion } from '../../src/replies/questions';
import { PermanentSendError, TransientSendError, type Mailer } from '../../src/replies/mailer';
import { createReplyService, type ReplyService, type ReplyServiceConfig } from '../../src/replies/service';
import { signedMessageId } from '../../src/replies/signed-id';
import type { ReplyType } from '../../src/replies/templates';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';
import { useReplyServers } from './replies-servers';

const TEMPLATES = join(__dirname, '../../templates/replies');
const SECRET = 'service-test-secret';
/** The Message-ID our reply of `type` about `id` carries (signed with the test's secret). */
const ourId = (type: ReplyType, id: string) => signedMessageId(SECRET, type, id, 'example.org');
const servers = useReplyServers();
let redis: Redis;
let mailer: Mailer;
beforeAll(() => {
  ({ redis, mailer } = servers);
});

/** The header block of a raw message, unfolded (RFC 5322 2.2.3), as name -> values. */
function headers(raw: Buffer): Record<string, string[]> {
  const text = raw.toString('utf8');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string[]> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    (out[line.slice(0, i).toLowerCase()] ??= []).push(line.slice(i + 1).trim());
  }
  return out;
}

function message(key: string, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, messageId: `<${key}@example.net>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from: 'Jane Doe <jane@example.net>', replyTo: null, subject: 'Our endorsement', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: ['<earlier@example.net>'], ...over,
  };
}

function item(organisation: string, over: Partial<EndorsementItem> = {}): EndorsementItem {
  return {
    id: '', status: 'pending', signerType: 'organisation', organisation, name: null, country: 'FR', website: null,
    contactName: null, contactEmail: 'contact@amis.example', messageId: null, messageKey: '', receivedAt: '', duplicateOf: null,
    kind: 'endorsement', language: null, evidence: {}, confidence: 1, history: [], ...over,
  };
}

interface Setup { store: ReviewStore; service: ReplyService; prefix: string }

function setup(over: Partial<ReplyServiceConfig> = {}, wasDelivered?: (messageId: string, to: string) => Promise<boolean>): Setup {
  const prefix = `t-${randomUUID()}`;
  const store = createReviewStore(redis, prefix);
  const service = createReplyService({
    store, mailer, redis, prefix, templatesDir: TEMPLATES, ...(wasDelivered ? { wasDelivered } : {}),
    config: {
      fromAddress: 'info@example.org', fromName: 'Appeal team', appealTitle: 'The Open Letter', ownDomains: ['example.org'],
      perRecipientLimit: 1, perRecipientWindowSec: 3600, secret: SECRET, ...over,
    },
  });
  return { store, service, prefix };
}

async function record(store: ReviewStore, rec: MessageRecord, items: EndorsementItem[] = [item('Les Amis de la Terre')]): Promise<void> {
  await store.recordMessage(rec, items, items.map(() => []), { key: rec.key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
}

describe('sendAcknowledgement', () => {
  test('sends one threaded RFC 3834 reply in the sender\'s language and records it', async () => {
    const { store, service } = setup();
    await record(store, message('k1', { language: 'fr', subject: 'Notre soutien' }), [item('Les Amis'), item('Attac')]);
    expect(await service.sendAcknowledgement('k1')).toBe('sent');

    expect(servers.sink.messages).toHaveLength(1);
    const m = servers.sink.messages[0]!;
    expect(m.to).toEqual(['jane@example.net']);
    expect(m.from).toBe('info@example.org');
    const h = headers(m.raw);
    expect(h['auto-submitted']).toEqual(['auto-replied']);
    expect(h['in-reply-to']).toEqual(['<k1@example.net>']);
    expect(h['references']).toEqual(['<earlier@example.net> <k1@example.net>']);
    expect(h['content-language']).toEqual(['fr']);
    expect(h['message-id']).toEqual([ourId('acknowledgement', 'k1')]);
    expect(h['subject']).toEqual(['Re: Notre soutien']);
    const body = m.raw.toString('utf8');
    expect(body).toContain('The Open Letter');
    expect(body).toContain('Les Amis et Attac');

    expect(await store.getMessage('k1')).toMatchObject({ reply: 'sent', acknowledged: true });
  });

  test('names the appeal in the reply\'s language; a language without templates replies in the profile\'s fallback', async () => {
    const { store, service } = setup({
      appealTitles: { en: 'The Open Letter', fr: 'La Lettre ouverte', de: 'Der offene Brief' }, languageFallbacks: { lb: 'de' },
    });
    await record(store, message('t1', { language: 'fr', from: 'Amis <amis@example.net>' }), [item('Les Amis'), item('Attac')]);
    await record(store, message('t2', { language: 'lb', from: 'Frënn <frenn@example.net>' }), [item('Frënn vun der Äerd'), item('Attac')]);
    await record(store, message('t3', { language: 'hy', from: 'Ani <ani@example.net>' }), [item('Hayastan')]);
    for (const key of ['t1', 't2', 't3']) expect(await service.sendAcknowledgement(key)).toBe('sent');
    const [fr, lb, hy] = await Promise.all(servers.sink.messages.map((m) => parseMail(m.raw)));
    expect(fr!.text).toContain('l’appel «\u00a0La Lettre ouverte\u00a0» au nom de Les Amis et Attac');
    expect(headers(servers.sink.messages[1]!.raw)['content-language']).toEqual(['de']);
    // The signers are listed as the reply's language lists them, too.
    expect(lb!.text).toContain('dass Sie den Aufruf „Der offene Brief“ im Namen von Frënn vun der Äerd und Attac unterstützen');
    expect(hy!.text).toContain('Thank you for endorsing “The Open Letter” on behalf of Hayastan.');
  });

  test('a second call sends nothing', async () => {
    const { store, service } = setup();
    await record(store, message('k2'));
    expect(await service.sendAcknowledgement('k2')).toBe('sent');
    expect(await service.sendAcknowledgement('k2')).toBe('skipped');
    expect(servers.sink.messages).toHaveLength(1);
  });

  test('two workers racing on the same message send one reply', async () => {
    const { store, service } = setup();
    await record(store, message('k3'));
    const results = await Promise.allSettled([service.sendAcknowledgement('k3'), service.sendAcknowledgement('k3')]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'sent')).toHaveLength(1);
    // The loser either saw the sent-record or the lock (then it is retried and skips).
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TransientSendError);
    }
    expect(await service.sendAcknowledgement('k3')).toBe('skipped');
    expect(servers.sink.messages).toHaveLength(1);
  });

  test('Reply-To at the From domain wins over From; a "RE:" subject becomes one "Re:"; unknown language falls back to English', async () => {
    const { store, service } = setup();
    await record(store, message('k4', { replyTo: 'office@example.net', subject: 'RE: endorsement', language: 'xx' }));
    expect(await service.sendAcknowledgement('k4')).toBe('sent');
    const h = headers(servers.sink.messages[0]!.raw);
    expect(servers.sink.messages[0]!.to).toEqual(['office@example.net']);
    expect(h['subject']).toEqual(['Re: endorsement']);
    expect(h['content-language']).toEqual(['en']);
  });

  test('550: marks the reply failed with the server\'s words and throws PermanentSendError', async () => {
    const { store, service, prefix } = setup();
    await record(store, message('k5'));
    servers.sink.failNext(550, 1, 'mailbox unavailable');
    const err = await service.sendAcknowledgement('k5').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as PermanentSendError).serverResponse).toMatch(/550.*mailbox unavailable/);
    const rec = await store.getMessage('k5');
    expect(rec).toMatchObject({ reply: 'failed', acknowledged: false });
    expect(rec!.replyDetail).toMatch(/550.*mailbox unavailable/);
    expect(await redis.exists(`${prefix}:sent:acknowledgement:k5`)).toBe(0);
    // The server refused, so nothing can have been delivered: no attempt is left for a recovery search.
    expect(await redis.exists(`${prefix}:attempt:acknowledgement:k5`)).toBe(0);
    expect(servers.sink.messages).toHaveLength(0);
  });

  test('421: throws TransientSendError, records no failure, and a retry delivers once', async () => {
    const { store, service } = setup();
    await record(store, message('k6'));
    servers.sink.failNext(421, 1, 'too busy');
    await expect(service.sendAcknowledgement('k6')).rejects.toBeInstanceOf(TransientSendError);
    expect((await store.getMessage('k6'))!.reply).toBe('queued');
    expect(await service.sendAcknowledgement('k6')).toBe('sent');
    expect(servers.sink.messages).toHaveLength(1);
  });

  test('the policy suppresses, with the reason recorded and nothing sent', async () => {
    const { store, service } = setup();
    await record(store, message('n1', { from: 'No Reply <noreply@shop.example>' }));
    await record(store, message('n2', { acknowledgeDue: false }));
    await record(store, message('n3', { xLoop: ['info@example.org'] }));
    expect(await service.sendAcknowledgement('n1')).toBe('suppressed');
    expect(await service.sendAcknowledgement('n2')).toBe('suppressed');
    expect(await service.sendAcknowledgement('n3')).toBe('suppressed');
    expect((await store.getMessage('n1'))).toMatchObject({ reply: 'suppressed', replyDetail: 'noreply' });
    expect((await store.getMessage('n2'))).toMatchObject({ reply: 'suppressed', replyDetail: 'not_due' });
    expect((await store.getMessage('n3'))).toMatchObject({ reply: 'suppressed', replyDetail: 'x_loop' });
    expect(servers.sink.messages).toHaveLength(0);
  });

  test('per-recipient limit: counted only when sending, with the window as TTL', async () => {
    const { store, service, prefix } = setup({ perRecipientLimit: 2, perRecipientWindowSec: 600 });
    for (const k of ['r1', 'r2', 'r3']) await record(store, message(k));
    await record(store, message('r0', { acknowledgeDue: false }));
    expect(await service.sendAcknowledgement('r0')).toBe('suppressed');
    expect(await service.sendAcknowledgement('r1')).toBe('sent');
    expect(await service.sendAcknowledgement('r2')).toBe('sent');
    expect(await service.sendAcknowledgement('r3')).toBe('suppressed');
    expect((await store.getMessage('r3'))!.replyDetail).toBe('rate_limited');
    const counter = `${prefix}:rcpt:acknowledgement:jane@example.net`;
    expect(await redis.get(counter)).toBe('2');
    const ttl = await redis.ttl(counter);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(servers.sink.messages).toHaveLength(2);
  });

  test('after an interrupted attempt, a recovery check that finds the reply prevents a second one', async () => {
    const asked: string[][] = [];
    const { store, service, prefix } = setup({}, async (messageId, to) => {
      asked.push([messageId, to]);
      return true;
    });
    await record(store, message('i1'));
    // The state a kill between SMTP acceptance and the sent-record leaves: an attempt, no record.
    await redis.set(`${prefix}:attempt:acknowledgement:i1`, '2026-01-01T00:00:00.000Z');
    expect(await service.sendAcknowledgement('i1')).toBe('skipped');
    expect(asked).toEqual([[ourId('acknowledgement', 'i1'), 'jane@example.net']]);
    expect(servers.sink.messages).toHaveLength(0);
    expect(await store.getMessage('i1')).toMatchObject({ reply: 'sent', acknowledged: true });
    expect(await service.sendAcknowledgement('i1')).toBe('skipped');
  });

  test('the recovery check is asked only after an interrupted attempt, and a miss sends', async () => {
    let calls = 0;
    const { store, service, prefix } = setup({}, async () => {
      calls++;
      return false;
    });
    await record(store, message('i2'));
    await record(store, message('i3', { from: 'other@example.net' }));
    expect(await service.sendAcknowledgement('i2')).toBe('sent');
    expect(calls).toBe(0);
    await redis.set(`${prefix}:attempt:acknowledgement:i3`, 'x');
    expect(await service.sendAcknowledgement('i3')).toBe('sent');
    expect(calls).toBe(1);
    expect(servers.sink.messages).toHaveLength(2);
    expect(await redis.exists(`${prefix}:attempt:acknowledgement:i2`, `${prefix}:attempt:acknowledgement:i3`)).toBe(0);
  });

  test('an unknown message key is an error, not a silent skip', async () => {
    const { service } = setup();
    await expect(service.sendAcknowledgement('nope')).rejects.toMatchObject({ name: 'UnknownMessageError' });
  });
});

describe('sendConfirmation', () => {
  test('an approved item is confirmed once to its contact, in its language, in the thread', async () => {
    const { store, service } = setup();
    await record(store, message('c1', { language: 'de' }), [item('Freunde der Erde', { country: 'FR' })]);
    expect(await service.sendConfirmation('c1-0')).toBe('suppressed');
    expect((await store.getItem('c1-0'))).toMatchObject({ reply: 'suppressed', replyDetail: 'not_due' });

    await store.transition('c1-0', 'approve', 'ana');
    expect(await service.sendConfirmation('c1-0')).toBe('sent');
    expect(await service.sendConfirmation('c1-0')).toBe('skipped');
    expect(servers.sink.messages).toHaveLength(1);
    const m = servers.sink.messages[0]!;
    expect(m.to).toEqual(['contact@amis.example']);
    const h = headers(m.raw);
    expect(h['message-id']).toEqual([ourId('confirmation', 'c1-0')]);
    expect(h['in-reply-to']).toEqual(['<c1@example.net>']);
    expect(h['content-language']).toEqual(['de']);
    expect(h['auto-submitted']).toEqual(['auto-replied']);
    expect(m.raw.toString('utf8')).toContain('Freunde der Erde, Frankreich');
    expect(await store.getItem('c1-0')).toMatchObject({ reply: 'sent' });
  });
});

describe('withdrawal mail', () => {
  test('is answered with the withdrawal template, in the thread, naming who withdraws', async () => {
    const { store, service } = setup();
    await record(store, message('w1', { kind: 'withdrawal', language: 'it', subject: 'Ritiro adesione' }), [item('Comitato per la Pace')]);
    expect(await service.sendAcknowledgement('w1')).toBe('sent');
    const m = servers.sink.messages[0]!;
    const h = headers(m.raw);
    expect(h['subject']).toEqual(['Re: Ritiro adesione']);
    expect(h['content-language']).toEqual(['it']);
    expect(h['in-reply-to']).toEqual(['<w1@example.net>']);
    const { text } = await parseMail(m.raw);
    expect(text).toContain('Comitato per la Pace');
    expect(text).toContain('toglierà');
    expect(text).not.toContain('grazie di cuore per aver aderito');
  });
});

describe('sendWithdrawal (an organiser removed the item)', () => {
  test('only once the item is withdrawn: says it is removed, in the thread and the item\'s language, once', async () => {
    const { store, service } = setup();
    await record(store, message('x1', { kind: 'withdrawal', language: 'nl', subject: 'Graag verwijderen' }), [item('Milieudefensie', { contactEmail: 'info@md.example', language: 'nl' })]);
    expect(await service.sendWithdrawal('x1-0')).toBe('suppressed');
    expect(await store.getItem('x1-0')).toMatchObject({ reply: 'suppressed', replyDetail: 'not_due' });
    await store.transition('x1-0', 'withdraw', 'ana');
    expect(await service.sendWithdrawal('x1-0')).toBe('sent');
    expect(await service.sendWithdrawal('x1-0')).toBe('skipped');
    expect(servers.sink.messages).toHaveLength(1);
    const m = servers.sink.messages[0]!;
    expect(m.to).toEqual(['info@md.example']);
    const h = headers(m.raw);
    expect(h['message-id']).toEqual([ourId('withdrawal', 'x1-0')]);
    expect(h['in-reply-to']).toEqual(['<x1@example.net>']);
    expect(h['content-language']).toEqual(['nl']);
    const parsed = await parseMail(m.raw);
    expect(parsed.subject).toBe('Re: Graag verwijderen');
    expect(parsed.text).toContain('Milieudefensie');
    expect(parsed.text).toContain('De naam is inmiddels van de lijst verwijderd.');
    expect(await store.getItem('x1-0')).toMatchObject({ reply: 'sent' });
  });
});

describe('REPLY_REQUIRE_AUTH=dmarc', () => {
  test('acknowledges only a From domain our server authenticated; a person\'s confirmation is not held back', async () => {
    const { store, service } = setup({ requireAuth: 'dmarc' });
    await record(store, message('a1'), [item('Forged?', { contactEmail: 'jane@example.net' })]);
    await record(store, message('a2', { from: 'Sam <sam@ok.example>', authResults: ['mx.example.org; spf=pass smtp.mailfrom=sam@ok.example; dmarc=pass header.from=ok.example'] }));
    expect(await service.sendAcknowledgement('a1')).toBe('suppressed');
    expect(await store.getMessage('a1')).toMatchObject({ reply: 'suppressed', replyDetail: 'unauthenticated' });
    expect(await service.sendAcknowledgement('a2')).toBe('sent');
    await store.transition('a1-0', 'approve', 'ana');
    expect(await service.sendConfirmation('a1-0')).toBe('sent');
    expect(servers.sink.messages.map((m) => m.to[0])).toEqual(['sam@ok.example', 'jane@example.net']);
  });
});

describe('bounces of our replies', () => {
  const report = (ourId: string) => Buffer.from([
    'From: MAILER-DAEMON@mx.example.net', 'To: info@example.org', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; jane@example.net', 'Action: failed', 'Status: 5.1.1', '',
    '--B', 'Content-Type: text/rfc822-headers', '', 'From: info@example.org', `Message-ID: ${ourId}`, 'Subject: Re: Our endorsement', '',
    '--B--', '',
  ].join('\r\n'));

  test('mark the address bouncing on the message; no reply goes to it again', async () => {
    const { store, service, prefix } = setup();
    await record(store, message('b1'), [item('Les Amis', { contactEmail: 'jane@example.net' })]);
    expect(await service.sendAcknowledgement('b1')).toBe('sent');
    const raw = report(ourId('acknowledgement', 'b1'));
    const got = await recordBounceOfOurReply(await parseMail(raw), raw, { redis, prefix, store, ownDomains: ['example.org'] });
    expect(got).toEqual({ messageId: ourId('acknowledgement', 'b1'), address: 'jane@example.net', detail: 'status 5.1.1' });
    expect(await store.getMessage('b1')).toMatchObject({ reply: 'failed', replyDetail: 'bounced: jane@example.net: status 5.1.1' });
    expect(await bouncingAddress(redis, prefix, 'JANE@example.net')).toMatchObject({ messageId: ourId('acknowledgement', 'b1') });

    await store.transition('b1-0', 'approve', 'ana');
    expect(await service.sendConfirmation('b1-0')).toBe('suppressed');
    expect(await store.getItem('b1-0')).toMatchObject({ reply: 'suppressed', replyDetail: 'bouncing' });
    expect(servers.sink.messages).toHaveLength(1);
  });

  test('a report naming a reply we never sent changes nothing', async () => {
    const { store, prefix } = setup();
    await record(store, message('b2'));
    const raw = report(ourId('acknowledgement', 'b2'));
    expect(await recordBounceOfOurReply(await parseMail(raw), raw, { redis, prefix, store, ownDomains: ['example.org'] })).toBeNull();
    expect(await store.getMessage('b2')).toMatchObject({ reply: 'queued' });
    expect(await redis.keys(`${prefix}:bouncing:*`)).toEqual([]);
  });
});

describe('sendQuestion (needs information)', () => {
  test('sends an organiser\'s words in the thread, in the sender\'s language, once, recorded on the question', async () => {
    const { store, service, prefix } = setup();
    await record(store, message('q1', { language: 'sv', subject: 'Vårt stöd' }), [item('Jordens Vänner', { contactEmail: 'kontakt@jv.example', language: 'sv' })]);
    const asked = await saveQuestion(redis, prefix, { messageKey: 'q1', itemId: 'q1-0', text: '  I vilket land finns ni?\nOch får vi länka till er webbplats?  ', by: 'ana' });
    expect(await saveQuestion(redis, prefix, { messageKey: 'q1', itemId: 'q1-0', text: 'I vilket land finns ni?\nOch får vi länka till er webbplats?', by: 'bo' }))
      .toEqual(asked);
    expect(await service.sendQuestion(asked.id)).toBe('sent');
    expect(await service.sendQuestion(asked.id)).toBe('skipped');
    expect(servers.sink.messages).toHaveLength(1);
    const m = servers.sink.messages[0]!;
    expect(m.to).toEqual(['kontakt@jv.example']);
    const h = headers(m.raw);
    const parsed = await parseMail(m.raw);
    expect(parsed.subject).toBe('Re: Vårt stöd');
    expect(h['in-reply-to']).toEqual(['<q1@example.net>']);
    expect(h['content-language']).toEqual(['sv']);
    expect(h['auto-submitted']).toEqual(['auto-replied']);
    expect(h['message-id']).toEqual([ourId('needs-information', asked.id)]);
    expect(parsed.text).toContain('I vilket land finns ni?\nOch får vi länka till er webbplats?');
    expect(await listQuestions(redis, prefix, 'q1')).toEqual([{ ...asked, reply: 'sent' }]);
  });

  test('the guards still apply: a question to a noreply sender is suppressed, with the reason on the question', async () => {
    const { store, service, prefix } = setup();
    await record(store, message('q2', { from: 'noreply@shop.example' }), []);
    const asked = await saveQuestion(redis, prefix, { messageKey: 'q2', text: 'Who are you?', by: 'ana' });
    expect(await service.sendQuestion(asked.id)).toBe('suppressed');
    expect(await getQuestion(redis, prefix, asked.id)).toMatchObject({ reply: 'suppressed', replyDetail: 'noreply' });
    expect(servers.sink.messages).toHaveLength(0);
  });
});
