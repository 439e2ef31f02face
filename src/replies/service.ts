/**
 * The reply service: for one message (acknowledgement) or one approved item (confirmation) it applies
 * the policy, renders the template, sends, and records what was sent. The sent-record is written the
 * moment the SMTP server accepts, with nothing awaited in between, so a crash can only duplicate a
 * reply inside that one Redis round trip.
 */
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { UnknownItemError, UnknownMessageError } from '../review/errors';
import type { ReviewStore } from '../review/store';
import type { EndorsementItem, MessageRecord } from '../review/types';
import { PermanentSendError, TransientSendError } from './errors';
import type { Mailer } from './mailer';
import { decideReply, replyRecipient, type ReplyDecision } from './policy';
import { renderReply, type ReplyType } from './templates';
import { countryName, formatList, replySubject } from './vars';

export type ReplyOutcome = 'sent' | 'skipped' | 'suppressed';

export interface ReplyServiceConfig {
  /** Bare address replies come from, and its display name ('' for none). */
  fromAddress: string;
  fromName: string;
  appealTitle: string;
  /** Our Message-ID domains; the first one is used for our replies' Message-IDs. */
  ownDomains: string[];
  /** Our own addresses besides fromAddress (e.g. the IMAP login), never replied to. */
  ownAddresses?: string[];
  /** At most this many acknowledgements per recipient per window. */
  perRecipientLimit: number;
  perRecipientWindowSec: number;
  /** Where the list of signatories is published, for confirmations. */
  listUrl?: string | null;
}

export interface ReplyServiceDeps {
  store: ReviewStore;
  mailer: Mailer;
  redis: Redis;
  prefix: string;
  config: ReplyServiceConfig;
  templatesDir: string;
  /**
   * Optional recovery check, e.g. a search of the mailbox's Sent folder for our Message-ID. Asked only
   * when an earlier attempt started but left no sent-record (a crash between SMTP acceptance and the
   * record); true means it was delivered, so it is recorded and not sent again.
   */
  wasDelivered?: (messageId: string, to: string) => Promise<boolean>;
  /** How long one send holds its lock (default 150 s); must exceed the slowest SMTP transaction. */
  sendLockMs?: number;
}

export interface ReplyService {
  /**
   * Acknowledge one message. `skipped`: already sent (nothing sent now); `suppressed`: the policy
   * said no (the reason is recorded on the message).
   * @throws UnknownMessageError; PermanentSendError (after marking the message `failed`); TransientSendError (retry).
   */
  sendAcknowledgement(messageKey: string): Promise<ReplyOutcome>;
  /**
   * Confirm an approved item to its contact. Same outcomes and errors as sendAcknowledgement,
   * recorded on the item; an item that is not approved is `suppressed` (not_due).
   */
  sendConfirmation(itemId: string): Promise<ReplyOutcome>;
}

/** How long one send may hold the per-reply lock: longer than the mailer's worst case (30 s + 30 s + 60 s). */
const SEND_LOCK_MS = 150_000;
const RELEASE_LOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
/** An attempt marker outlives any retry schedule; it only says "a send may have happened". */
const ATTEMPT_TTL_SEC = 30 * 24 * 3600;

/** Build the service; it uses the given clients and opens nothing of its own. */
export function createReplyService(deps: ReplyServiceDeps): ReplyService {
  const { store, mailer, redis, prefix, config, templatesDir } = deps;
  const ownDomain = config.ownDomains[0] ?? config.fromAddress.split('@')[1] ?? 'localhost';
  const ownAddresses = [config.fromAddress, ...(config.ownAddresses ?? [])].map((a) => a.toLowerCase());
  const from = config.fromName ? { name: config.fromName, address: config.fromAddress } : config.fromAddress;
  const sentKey = (type: ReplyType, id: string) => `${prefix}:sent:${type}:${id}`;
  const lockKey = (type: ReplyType, id: string) => `${prefix}:sending:${type}:${id}`;
  const attemptKey = (type: ReplyType, id: string) => `${prefix}:attempt:${type}:${id}`;
  const counterKey = (type: ReplyType, address: string) => `${prefix}:rcpt:${type}:${address}`;

  async function decide(type: ReplyType, rec: MessageRecord, due: boolean, contact: string | null, limit: number): Promise<ReplyDecision> {
    const { address } = replyRecipient({ contact, replyTo: rec.replyTo, from: rec.from });
    const count = address ? Number((await redis.get(counterKey(type, address))) ?? 0) : 0;
    return decideReply({
      due, from: rec.from, replyTo: rec.replyTo, contact, messageId: rec.messageId, xLoop: rec.xLoop ?? [],
      ownAddresses, ownDomains: config.ownDomains, sentToRecipient: count, perRecipientLimit: limit,
    });
  }

  /**
   * Render, send and record one reply. `record(state, detail)` stores the outcome on the message or item.
   */
  async function deliver(
    type: ReplyType, id: string, rec: MessageRecord, to: string, language: string | null, vars: Record<string, unknown>,
    record: (state: 'sent' | 'failed', detail?: string) => Promise<void>,
  ): Promise<ReplyOutcome> {
    const rendered = renderReply(type, language, { appealTitle: config.appealTitle, fromName: config.fromName, ...vars }, templatesDir);
    // Two workers must not send the same reply at once (a stalled job re-run while the first still sends).
    const token = randomUUID();
    const lock = await redis.set(lockKey(type, id), token, 'PX', deps.sendLockMs ?? SEND_LOCK_MS, 'NX');
    if (lock !== 'OK') throw new TransientSendError(`another worker is sending the ${type} for ${id}`);
    try {
      // Checked again under the lock: the sender holding it before us may have finished.
      if (await redis.exists(sentKey(type, id))) return 'skipped';
      const messageId = `<${type}.${id}@${ownDomain}>`;
      const window = Math.max(1, Math.floor(config.perRecipientWindowSec));
      const markSent = (note: string) =>
        redis
          .multi()
          .set(sentKey(type, id), JSON.stringify({ at: new Date().toISOString(), to, messageId, note }))
          .incr(counterKey(type, to))
          .expire(counterKey(type, to), window, 'NX')
          .del(attemptKey(type, id))
          .exec();
      if (deps.wasDelivered && (await redis.exists(attemptKey(type, id))) && (await deps.wasDelivered(messageId, to))) {
        await markSent('found after an interrupted attempt');
        await record('sent');
        return 'skipped';
      }
      await redis.set(attemptKey(type, id), new Date().toISOString(), 'EX', ATTEMPT_TTL_SEC);
      const inReplyTo = rec.messageId ? (rec.messageId.startsWith('<') ? rec.messageId : `<${rec.messageId}>`) : null;
      try {
        await mailer.send({
          from: typeof from === 'string' ? from : `"${from.name.replace(/["\\]/g, '')}" <${from.address}>`,
          to, subject: rendered.subject, text: rendered.text, html: rendered.html, language: rendered.language,
          messageId,
          inReplyTo,
          // RFC 5322 3.6.4: the parent's References followed by the parent's Message-ID.
          references: [...new Set([...rec.references, ...(inReplyTo ? [inReplyTo] : [])])],
        });
      } catch (err) {
        // The server answered with a refusal, so nothing was accepted: no recovery search is needed.
        if ((err as PermanentSendError | TransientSendError).responseCode !== undefined) await redis.del(attemptKey(type, id));
        if (err instanceof PermanentSendError) await record('failed', err.serverResponse);
        throw err;
      }
      // Accepted: record it now, in one round trip, before anything else can fail or be awaited.
      await markSent('sent');
      await record('sent');
      return 'sent';
    } finally {
      // Only our own lock: if it expired and another worker holds it now, that one is left alone.
      await redis.eval(RELEASE_LOCK, 1, lockKey(type, id), token);
    }
  }

  return {
    async sendAcknowledgement(key) {
      const rec = await store.getMessage(key);
      if (!rec) throw new UnknownMessageError(key);
      // The sent-record first: after a send, the recipient's counter would make the policy say rate_limited.
      if (await redis.exists(sentKey('acknowledgement', key))) {
        // A crash between the sent-record and the message update: finish the update now.
        if (rec.reply !== 'sent') await store.setReply(key, 'sent');
        return 'skipped';
      }
      const decision = await decide('acknowledgement', rec, rec.acknowledgeDue, null, config.perRecipientLimit);
      if (!decision.send) {
        await store.setReply(key, 'suppressed', decision.reason);
        return 'suppressed';
      }
      const items = await Promise.all(rec.endorsementIds.map((id) => store.getItem(id)));
      const signers = formatList(items.map((i) => i?.organisation ?? i?.name), rec.language);
      return deliver('acknowledgement', key, rec, decision.to, rec.language,
        { signers, subject: rec.subject || null, replySubject: replySubject(rec.subject) },
        (state, detail) => store.setReply(key, state, detail));
    },

    async sendConfirmation(itemId) {
      const item: EndorsementItem | null = await store.getItem(itemId);
      if (!item) throw new UnknownItemError(itemId);
      if (await redis.exists(sentKey('confirmation', itemId))) {
        if (item.reply !== 'sent') await store.setItemReply(itemId, 'sent');
        return 'skipped';
      }
      const rec = await store.getMessage(item.messageKey);
      if (!rec) throw new UnknownMessageError(item.messageKey);
      // A person approved it, so no per-recipient limit: one confirmation per item (a coalition gets one each).
      const decision = await decide('confirmation', rec, item.status === 'approved', item.contactEmail, Infinity);
      if (!decision.send) {
        await store.setItemReply(itemId, 'suppressed', decision.reason);
        return 'suppressed';
      }
      const language = item.language ?? rec.language;
      return deliver('confirmation', itemId, rec, decision.to, language,
        {
          name: item.organisation ?? item.name ?? item.contactName ?? '',
          country: countryName(item.country, language),
          listUrl: config.listUrl ?? null,
          subject: rec.subject || null, replySubject: replySubject(rec.subject),
        },
        (state, detail) => store.setItemReply(itemId, state, detail));
    },
  };
}
