/**
 * The reply side under attack, against a real Redis and SMTP sink: backscatter through Reply-To and
 * forged senders, floods past the breaker's limits, forged bounces. Each test is a finding of
 * issue 11 that held before the fix.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPLY_QUEUE, type ReplyPayload } from '../../src/jobs/queues';
import { releaseHeldReplies } from '../../src/jobs/reply';
import { parseMail } from '../../src/mail/parse';
import { pauseState, RepliesHeldError } from '../../src/replies/breaker';
import { BOUNCE_MARK_DAYS, bouncingAddress, clearBounce, recordBounceOfOurReply } from '../../src/replies/bounces';
import type { Mailer } from '../../src/replies/mailer';
import { createReplyService, type ReplyServiceConfig } from '../../src/replies/service';
import { signedMessageId } from '../../src/replies/signed-id';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';
import { runCli } from '../helpers/stack';
import { useReplyServers } from './replies-servers';

const TEMPLATES = join(__dirname, '../../templates/replies');
const OUR_MX = 'mx.example.org';
const servers = useReplyServers();
let redis: Redis;
let mailer: Mailer;
beforeAll(() => {
  ({ redis, mailer } = servers);
});

function message(key: string, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, messageId: `<${key}@example.net>`, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z',
    from: 'Jane Doe <jane@example.net>', replyTo: null, subject: 'Our endorsement', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: [], notes: [], size: 10, oversized: false,
    endorsementIds: [], folder: null, text: '', attachments: [], references: [], ...over,
  };
}

function item(over: Partial<EndorsementItem> = {}): EndorsementItem {
  return {
    id: '', status: 'pending', signerType: 'organisation', organisation: 'Les Amis', name: null, country: 'FR', website: null,
    contactName: null, contactEmail: null, messageId: null, messageKey: '', receivedAt: '', duplicateOf: null,
    kind: 'endorsement', language: null, evidence: {}, confidence: 1, history: [], ...over,
  };
}

function setup(over: Partial<ReplyServiceConfig> = {}) {
  const prefix = `h-${randomUUID()}`;
  const store = createReviewStore(redis, prefix);
  const config: ReplyServiceConfig = {
    fromAddress: 'info@example.org', fromName: 'Appeal team', appealTitle: 'The Open Letter', ownDomains: ['example.org'],
    perRecipientLimit: 1, perRecipientWindowSec: 3600, requireAuth: 'auto', authservId: OUR_MX, ...over,
  };
  return { prefix, store, service: createReplyService({ store, mailer, redis, prefix, templatesDir: TEMPLATES, config }) };
}

async function record(store: ReviewStore, rec: MessageRecord, items: EndorsementItem[] = [item()]): Promise<void> {
  await store.recordMessage(rec, items, items.map(() => []), { key: rec.key, mailbox: 'INBOX', uidValidity: '1', uid: 1, folder: null });
}

describe('backscatter', () => {
  test('an attacker\'s DMARC-passing domain with Reply-To: victim gets the reply itself, never the victim', async () => {
    const { store, service } = setup();
    await record(store, message('r1', {
      from: 'Pills <promo@evil.example>', replyTo: 'victim@victim.example', subject: 'Cheap pills at http://evil.example/rx',
      authResults: [`${OUR_MX}; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example`],
    }));
    expect(await service.sendAcknowledgement('r1')).toBe('sent');
    expect(servers.sink.messages.map((m) => m.to)).toEqual([['promo@evil.example']]);
    expect(await store.getMessage('r1')).toMatchObject({
      reply: 'sent', replyDetail: 'Reply-To victim@victim.example not proven by the message: reply to From',
    });
  });

  test('a Reply-To whose own domain passed DKIM at our server is used', async () => {
    const { store, service } = setup();
    await record(store, message('r2', {
      from: 'Jane <jane@example.net>', replyTo: 'office@amis.example',
      authResults: [`${OUR_MX}; dkim=pass header.d=example.net; dkim=pass header.d=amis.example`],
    }));
    expect(await service.sendAcknowledgement('r2')).toBe('sent');
    expect(servers.sink.messages.map((m) => m.to)).toEqual([['office@amis.example']]);
  });

  test('by default (auto), a forged From that fails DMARC at our server gets nothing', async () => {
    const { store, service } = setup();
    await record(store, message('r3', {
      from: 'Stranger <stranger@example.net>', authResults: [`${OUR_MX}; spf=fail smtp.mailfrom=example.net; dmarc=fail header.from=example.net`],
    }));
    expect(await service.sendAcknowledgement('r3')).toBe('suppressed');
    expect(await store.getMessage('r3')).toMatchObject({ reply: 'suppressed', replyDetail: 'unauthenticated' });
    expect(servers.sink.messages).toHaveLength(0);
  });
});

describe('floods wait for an organiser', () => {
  test('past the per-domain limit replies are held, stay held after the hour, and go once released', async () => {
    const { prefix, store, service } = setup({ maxPerDomainPerHour: 3, maxPerHour: 100 });
    for (let i = 0; i < 6; i++) await record(store, message(`f${i}`, { from: `p${i}@victim.example` }));
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await service.sendAcknowledgement(`f${i}`).catch((err: Error) => err.name));
    }
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'RepliesHeldError', 'RepliesHeldError', 'RepliesHeldError']);
    expect(servers.sink.messages).toHaveLength(3);
    // The hour passes (the domain's window empties): the hold has no expiry, nothing flows out.
    expect(await redis.ttl(`${prefix}:replies:held:victim.example`)).toBe(-1);
    await redis.del(`${prefix}:replies:domain:victim.example`);
    await expect(service.sendAcknowledgement('f3')).rejects.toBeInstanceOf(RepliesHeldError);
    expect(await pauseState(redis, prefix)).toMatchObject({ paused: true, held: [{ domain: 'victim.example' }] });
    // Another domain is not held.
    await record(store, message('g0', { from: 'ana@other.example' }));
    expect(await service.sendAcknowledgement('g0')).toBe('sent');

    // The organiser's release wakes the waiting jobs at once.
    const queue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
    await queue.add('acknowledgement', { type: 'acknowledgement', id: 'f3' }, { jobId: 'ack-f3', delay: 6 * 3600_000 });
    const lifted = await releaseHeldReplies({ redis, prefix, replyQueue: queue });
    expect(lifted).toMatchObject([{ domain: 'victim.example' }]);
    expect(await queue.getJobState('ack-f3')).toBe('waiting');
    expect(await service.sendAcknowledgement('f3')).toBe('sent');
    expect((await pauseState(redis, prefix)).paused).toBe(false);
    await queue.close();
  });

  test('past the daily limit every reply is held', async () => {
    const { prefix, store, service } = setup({ maxPerDay: 2, maxPerHour: 100 });
    for (let i = 0; i < 3; i++) await record(store, message(`d${i}`, { from: `p@d${i}.example` }));
    expect(await service.sendAcknowledgement('d0')).toBe('sent');
    expect(await service.sendAcknowledgement('d1')).toBe('sent');
    await expect(service.sendAcknowledgement('d2')).rejects.toThrow(/REPLY_MAX_PER_DAY/);
    expect(servers.sink.messages).toHaveLength(2);
    expect(await pauseState(redis, prefix)).toMatchObject({ paused: true, held: [{ reason: expect.stringMatching(/24 hours/) }] });
  });
});

describe('bounces must prove themselves', () => {
  const report = (ourId: string, to = 'jane@example.net') => Buffer.from([
    'From: MAILER-DAEMON@mx.example.net', 'To: info@example.org', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '', `Final-Recipient: rfc822; ${to}`, 'Action: failed', 'Status: 5.1.1', '',
    '--B', 'Content-Type: text/rfc822-headers', '', 'From: info@example.org', `Message-ID: ${ourId}`, '',
    '--B--', '',
  ].join('\r\n'));

  test('a forged report with a computed or wrongly signed Message-ID silences nobody', async () => {
    const { prefix, store, service } = setup();
    await record(store, message('b1'));
    expect(await service.sendAcknowledgement('b1')).toBe('sent');
    const deps = { redis, prefix, store, ownDomains: ['example.org'] };
    // What an attacker can compute from the incoming Message-ID (the form before the signature)...
    for (const forged of ['<acknowledgement.b1@example.org>', '<acknowledgement.b1.0123456789abcdef0123@example.org>',
      signedMessageId('a guessed secret', 'acknowledgement', 'b1', 'example.org')]) {
      const raw = report(forged);
      expect(await recordBounceOfOurReply(await parseMail(raw), raw, deps)).toBeNull();
    }
    expect(await bouncingAddress(redis, prefix, 'jane@example.net')).toBeNull();
    expect(await store.getMessage('b1')).toMatchObject({ reply: 'sent' });
  });

  test('a real report marks the address for BOUNCE_MARK_DAYS; an organiser can clear it', async () => {
    const { prefix, store, service } = setup();
    await record(store, message('b2'), [item({ contactEmail: 'jane@example.net' })]);
    expect(await service.sendAcknowledgement('b2')).toBe('sent');
    const sentId = servers.sink.messages[0]!.raw.toString().match(/^Message-ID: (<[^>]+>)/im)![1]!;
    const raw = report(sentId);
    expect(await recordBounceOfOurReply(await parseMail(raw), raw, { redis, prefix, store, ownDomains: ['example.org'] }))
      .toEqual({ messageId: sentId, address: 'jane@example.net', detail: 'status 5.1.1' });
    const ttl = await redis.ttl(`${prefix}:bouncing:jane@example.net`);
    expect(ttl).toBeGreaterThan(BOUNCE_MARK_DAYS * 86400 - 60);
    expect(ttl).toBeLessThanOrEqual(BOUNCE_MARK_DAYS * 86400);

    await store.transition('b2-0', 'approve', 'ana');
    expect(await service.sendConfirmation('b2-0')).toBe('suppressed');
    expect(await clearBounce(redis, prefix, 'jane@example.net')).toBe(true);
    await store.setItemReply('b2-0', 'none');
    expect(await service.sendConfirmation('b2-0')).toBe('sent');
  });
});

describe('the organiser\'s commands (built CLI)', () => {
  const env = (prefix: string) => ({
    PATH: process.env.PATH ?? '', IMAP_HOST: '127.0.0.1', IMAP_USER: 'info', IMAP_PASSWORD: 'x', SMTP_HOST: '127.0.0.1',
    FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'The Open Letter', REDIS_URL: servers.redisServer.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent',
  });

  test('`endorse bounces clear ADDRESS` lifts a mark; `endorse replies release` lifts the holds', async () => {
    const prefix = `cli${randomUUID().slice(0, 8)}`;
    await redis.set(`${prefix}:bouncing:jane@example.net`, JSON.stringify({ at: '2026-01-01T00:00:00.000Z', messageId: '<x>', detail: 'status 5.1.1' }));
    const cleared = await runCli(['bounces', 'clear', 'Jane@example.net'], env(prefix));
    expect(cleared).toMatchObject({ code: 0, stderr: expect.stringContaining('cleared the bouncing mark') });
    expect(await bouncingAddress(redis, prefix, 'jane@example.net')).toBeNull();

    await redis.set(`${prefix}:replies:held`, JSON.stringify({ since: '2026-01-01T00:00:00.000Z', reason: 'more than 2 replies in 24 hours (REPLY_MAX_PER_DAY)' }));
    const released = await runCli(['replies', 'release'], env(prefix));
    expect(released).toMatchObject({ code: 0, stdout: expect.stringContaining('REPLY_MAX_PER_DAY') });
    expect((await pauseState(redis, prefix)).paused).toBe(false);
  });
});
