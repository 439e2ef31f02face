/**
 * The reply service: for one message (acknowledgement, or the withdrawal template when the message
 * asks to be removed), one approved item (confirmation) or one organiser's question (needs
 * information) it applies the policy, takes a slot of the circuit breaker, renders, sends, records
 * what was sent and keeps a copy in the Sent folder. See `deliver` for the order and its reasons.
 * Nothing is sent without proof it was not sent before: the sent-record in Redis, else the Sent
 * folder (`wasDelivered`), searched after an interrupted attempt or, with `sentAuthority: 'always'`
 * (set while Redis state is not trusted, e.g. after a reset or a restore), before every send.
 */
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { UnknownItemError, UnknownMessageError } from '../review/errors';
import { luaScript } from '../review/lua';
import type { ReviewStore } from '../review/store';
import type { EndorsementItem, MessageRecord, ReplyState } from '../review/types';
import { createBreaker, RepliesPausedError } from './breaker';
import { domainOf } from './address';
import { PermanentSendError, QuotaSendError, TransientSendError } from './errors';
import { replyKeys } from './keys';
import type { Mailer } from './mailer';
import { decideReply, replyRecipient, type ReplyDecision, type RequireAuth } from './policy';
import { getQuestion, setQuestionReply } from './questions';
import type { SentRecord } from './sent';
import { replySecret, signedMessageId } from './signed-id';
import { renderReply, textToHtml, type LanguageFallbacks, type RenderedReply, type ReplyType, type TemplateDirs } from './templates';
import { appealTitleIn, countryName, formatList, replySubject } from './vars';

export { RepliesHeldError, RepliesPausedError } from './breaker';

export type ReplyOutcome = 'sent' | 'skipped' | 'suppressed';

export interface ReplyServiceConfig {
  /** Bare address replies come from, and its display name ('' for none). */
  fromAddress: string;
  fromName: string;
  /** The appeal's title where the reply's language has none of its own (its English title). */
  appealTitle: string;
  /** The appeal's title per language code (the profile's titles): a reply names it in its own language. */
  appealTitles?: Readonly<Record<string, string>>;
  /** Per language without templates, the language to reply in instead (the profile's replyLanguageFallback). */
  languageFallbacks?: LanguageFallbacks;
  /** Our Message-ID domains; the first one is used for our replies' Message-IDs. */
  ownDomains: string[];
  /** Our own addresses besides fromAddress (e.g. the IMAP login), never replied to. */
  ownAddresses?: string[];
  /** At most this many acknowledgements per recipient per window. */
  perRecipientLimit: number;
  perRecipientWindowSec: number;
  /** Global circuit breaker: at most this many replies of any type per hour (default: no limit). */
  maxPerHour?: number;
  /** Past this many replies to one domain in an hour, or in 24 hours, replies wait for an organiser's release. */
  maxPerDomainPerHour?: number;
  maxPerDay?: number;
  /** `dmarc` / `auto`: acknowledge only mail whose From domain is authenticated (see policy.ts). */
  requireAuth?: RequireAuth;
  /** HMAC secret of our Message-IDs (REPLY_SECRET); absent: one made once and kept in Redis. */
  secret?: string | null;
  /** Our receiving server's authserv-id in Authentication-Results (default: trust the topmost). */
  authservId?: string | null;
  /** Where the list of signatories is published, for confirmations. */
  listUrl?: string | null;
  /** Never acknowledge mail older than this many days (REPLY_MAX_AGE_DAYS); absent or 0: no limit. */
  maxAgeDays?: number;
}

export interface ReplyServiceDeps {
  store: ReviewStore;
  mailer: Mailer;
  redis: Redis;
  prefix: string;
  config: ReplyServiceConfig;
  /** Template folders, searched in order (the organisers' own first). */
  templatesDir: TemplateDirs;
  /**
   * Optional recovery check, e.g. a search of the mailbox's Sent folder for our Message-ID. Asked only
   * when an earlier attempt started but left no sent-record (a crash between SMTP acceptance and the
   * record); true means it was delivered, so it is recorded and not sent again.
   */
  wasDelivered?: (messageId: string, to: string) => Promise<boolean>;
  /**
   * Optional copy of each sent reply (e.g. appended to the Sent folder), made right after the
   * sent-record. Its failure is noted on the sent-record, never fails the reply.
   */
  keepCopy?: (raw: Buffer) => Promise<void>;
  /** How long one send holds its lock (default 150 s); must exceed the slowest SMTP transaction. */
  sendLockMs?: number;
  /**
   * Optional: whether Redis may have lost state since it was last checked (the recovery guard). Asked
   * just before SMTP; true makes the reply wait a few seconds (RepliesPausedError) for the rebuild.
   */
  stateSuspect?: () => Promise<boolean>;
  /** Told when keeping a copy fails (for the log). */
  onCopyError?: (err: Error, messageId: string) => void;
  /**
   * When `wasDelivered` is asked before a send. `attempts` (the default, no IMAP round trip per
   * reply): only after an attempt marker, i.e. an earlier attempt may have been accepted. `always`:
   * before every send, for when Redis state is not trusted: a FLUSHALL or a restore loses the
   * markers and sent-records alike, and the Sent folder is then the only proof. A function is asked
   * per reply, so a recovery can switch it on and off in a running service.
   */
  sentAuthority?: SentAuthority | (() => SentAuthority | Promise<SentAuthority>);
  /** How long a sent-record Redis refused after SMTP accepted is retried (default 5 minutes). */
  recordRetryMs?: number;
  /** Told when Redis refuses a sent-record after SMTP accepted (for the log); it is retried. */
  onRecordError?: (err: Error, messageId: string) => void;
}

/** Which state proves a reply was not sent before: see `ReplyServiceDeps.sentAuthority`. */
export type SentAuthority = 'attempts' | 'always';

export interface ReplyService {
  /**
   * Acknowledge one message. `skipped`: already sent (nothing sent now); `suppressed`: the policy
   * said no (the reason is recorded on the message).
   * @throws UnknownMessageError; PermanentSendError (after marking the message `failed`);
   *   TransientSendError (retry); RepliesPausedError (the circuit breaker: delay the job, do not drop it);
   *   RepliesHeldError (past the daily or per-domain limit: wait for an organiser's release).
   */
  sendAcknowledgement(messageKey: string): Promise<ReplyOutcome>;
  /**
   * Confirm an approved item to its contact. Same outcomes and errors as sendAcknowledgement,
   * recorded on the item; an item that is not approved is `suppressed` (not_due).
   */
  sendConfirmation(itemId: string): Promise<ReplyOutcome>;
  /**
   * Tell an item's contact that it was removed from the list (the item is `withdrawn`), in the thread
   * of its message. Same outcomes and errors, recorded on the item; an item not withdrawn is
   * `suppressed` (not_due).
   */
  sendWithdrawal(itemId: string): Promise<ReplyOutcome>;
  /**
   * Send an organiser's question (saved with `saveQuestion`) in the thread of its message. Same
   * outcomes and errors, recorded on the question.
   */
  sendQuestion(questionId: string): Promise<ReplyOutcome>;
  /**
   * Send an organiser's answer (saved with `saveAnswer`) as written, with no template around it, in
   * the thread of its message ("Re: <subject>"), to its Reply-To or From. A person wrote it, so
   * there is no per-recipient limit; machine recipients, our own addresses and bouncing addresses are
   * still refused, and the circuit breaker still counts it. Same outcomes and errors, recorded on it.
   */
  sendAnswer(answerId: string): Promise<ReplyOutcome>;
}

/** How long one send may hold the per-reply lock: longer than the mailer's worst case (30 s + 30 s + 60 s). */
const SEND_LOCK_MS = 150_000;
const RELEASE_LOCK = luaScript("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");
/**
 * One round trip to begin a send: take the per-reply lock, then (under it) see whether the reply was
 * sent already and whether an earlier attempt may have been. KEYS: lock, sent-record, attempt marker.
 * ARGV: token, lock ms. Answers 'locked' (another sender holds it), 'sent', or 1 / 0 (attempt marker).
 */
const BEGIN_SEND = luaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 'locked' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'sent' end
return redis.call('EXISTS', KEYS[3])
`);
/** An attempt marker outlives any retry schedule; it only says "a send may have happened". */
const ATTEMPT_TTL_SEC = 30 * 24 * 3600;
/** A reply that finds Redis's state in doubt looks again after this (the rebuild runs meanwhile). */
const SUSPECT_WAIT_MS = 3000;
/** A Sent-folder copy that takes longer than this is given up (noted), so the record is not held back. */
const COPY_TIMEOUT_MS = 20_000;
/**
 * A sent-record not written within this is treated as refused: the Sent copy is made before waiting
 * longer (ioredis may hold a command across many reconnections while Redis is away).
 */
const FIRST_RECORD_MS = 5_000;
/** A sent-record Redis refuses is retried this long: longer than a failover or a restart from AOF. */
const RECORD_RETRY_MS = 5 * 60_000;

/** A reply SMTP accepted (or the Sent folder showed sent), with what its sent-record keeps. */
interface Accepted {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The bytes sent; null when found in the Sent folder (nothing to copy). */
  raw: Buffer | null;
  /** Copied to the Sent folder (true), or why not (the error); absent until tried. */
  copied?: true | string;
}

/** What one reply is: its record type (keys, Message-ID), its template, and where its outcome goes. */
interface ReplyJob {
  type: ReplyType;
  id: string;
  template: ReplyType;
  rec: MessageRecord;
  to: string;
  language: string | null;
  /** The template's variables, given the language of the template chosen (for titles, names, lists). */
  vars: (language: string) => Record<string, unknown>;
  record: (state: ReplyState, detail?: string) => Promise<void>;
  /** Recorded with `sent`: e.g. why a Reply-To was passed over. */
  note?: string;
  /** The reply as written by a person (an answer): sent as it is, no template rendered. */
  rendered?: RenderedReply;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** The display name a withdrawal names when no signer was extracted: the From name, else its address. */
function senderName(from: string | null): string {
  if (!from) return '';
  const i = from.lastIndexOf('<');
  return (i > 0 ? from.slice(0, i).trim().replace(/^"|"$/g, '') : '') || from.replace(/[<>]/g, '').trim();
}

/** Build the service; it uses the given clients and opens nothing of its own. */
export function createReplyService(deps: ReplyServiceDeps): ReplyService {
  const { store, mailer, redis, prefix, config, templatesDir } = deps;
  const keys = replyKeys(prefix);
  const ownDomain = config.ownDomains[0] ?? config.fromAddress.split('@')[1] ?? 'localhost';
  const ownAddresses = [config.fromAddress, ...(config.ownAddresses ?? [])].map((a) => a.toLowerCase());
  const from = config.fromName ? `"${config.fromName.replace(/["\\]/g, '')}" <${config.fromAddress}>` : config.fromAddress;
  const breaker = createBreaker(redis, prefix, config.maxPerHour ?? Infinity, {
    perDomainPerHour: config.maxPerDomainPerHour ?? Infinity, perDay: config.maxPerDay ?? Infinity,
  });
  const window = Math.max(1, Math.floor(config.perRecipientWindowSec));
  /** Replies SMTP accepted in this process whose sent-record Redis has not taken yet: never sent again from here. */
  const acceptedHere = new Map<string, Accepted>();
  let secret: Promise<string> | null = null;
  const getSecret = () => (secret ??= replySecret(redis, prefix, config.secret).catch((err: unknown) => {
    secret = null;
    throw err;
  }));

  // The words sent are kept with the record, so the message page can show what the sender got.
  const sentRecord = (a: Accepted, note: string): string =>
    JSON.stringify({ at: new Date().toISOString(), to: a.to, messageId: a.messageId, note, subject: a.subject, text: a.text } satisfies SentRecord);

  /** Write the sent-record (and count the recipient, drop the attempt marker) in one transaction. */
  async function markSent(j: ReplyJob, a: Accepted, note: string): Promise<void> {
    const results = await redis
      .multi()
      .set(keys.sent(j.type, j.id), sentRecord(a, note))
      .incr(keys.recipient(j.type, j.to))
      .expire(keys.recipient(j.type, j.to), window, 'NX')
      .del(keys.attempt(j.type, j.id))
      .exec();
    const failed = results?.find(([err]) => err)?.[0];
    if (!results || failed) throw failed ?? new Error('the sent-record transaction was discarded');
  }

  /**
   * The policy for one reply. `person`: a person decided to send it (confirmation, question), so no
   * per-recipient limit and no sender-authentication requirement.
   */
  async function decide(type: ReplyType, rec: MessageRecord, due: boolean, contact: string | null, person: boolean): Promise<ReplyDecision> {
    const authResults = rec.authResults ?? [];
    const { address } = replyRecipient({ contact, replyTo: rec.replyTo, from: rec.from, authResults, authservId: config.authservId ?? null, ownDomains: config.ownDomains });
    const [count, bouncing] = address ? await Promise.all([redis.get(keys.recipient(type, address)), redis.exists(keys.bouncing(address))]) : [null, 0];
    return decideReply({
      due, from: rec.from, replyTo: rec.replyTo, contact, messageId: rec.messageId, xLoop: rec.xLoop ?? [],
      ownAddresses, ownDomains: config.ownDomains, sentToRecipient: Number(count ?? 0),
      perRecipientLimit: person ? Infinity : config.perRecipientLimit, bouncing: bouncing === 1,
      requireAuth: person ? null : config.requireAuth ?? null, authservId: config.authservId ?? null,
      authResults,
      // History and old mail are never answered automatically; a person may still decide to write.
      ...(person ? {} : { imported: rec.imported === true, maxAgeDays: config.maxAgeDays ?? 0, receivedAt: rec.receivedAt, sentAt: rec.sentAt ?? null }),
    });
  }

  /**
   * Render, send and record one reply, so that every fault leaves a sent-record in Redis or a copy in
   * the Sent folder. The order: sent-record check and (after an attempt marker, or always when Redis
   * is not trusted: `sentAuthority`) the Sent-folder search, under a lock; a circuit-breaker slot; an
   * attempt marker; SMTP; the sent-record at once (one Redis round trip, nothing awaited before it);
   * then the copy in the Sent folder. Recording before copying keeps the window in which a crash
   * repeats a reply to that one round trip: an IMAP append in between would widen it to the append's
   * latency (seconds for a busy or remote server, measured as duplicates in the crash test). When
   * Redis refuses the record (a blip, a failover, OOM), the copy is made first (IMAP needs no Redis)
   * and the record retried for up to `recordRetryMs`; the reply is remembered in this process
   * meanwhile, so no retry here runs SMTP for it again, and a retry elsewhere finds the copy.
   */
  async function deliver(j: ReplyJob): Promise<ReplyOutcome> {
    const rendered = j.rendered ?? renderReply(
      j.template, j.language,
      (language) => ({ appealTitle: appealTitleIn(config.appealTitles ?? {}, language, config.appealTitle), fromName: config.fromName, ...j.vars(language) }),
      templatesDir, config.languageFallbacks,
    );
    // Two workers must not send the same reply at once (a stalled job re-run while the first still sends).
    const token = randomUUID();
    const begun = await BEGIN_SEND.run(redis, [keys.sending(j.type, j.id), keys.sent(j.type, j.id), keys.attempt(j.type, j.id)], [token, String(deps.sendLockMs ?? SEND_LOCK_MS)]);
    if (begun === 'locked') throw new TransientSendError(`another worker is sending the ${j.type} for ${j.id}`);
    try {
      // Checked again under the lock: the sender holding it before us may have finished.
      const mine = `${j.type}:${j.id}`;
      if (begun === 'sent') {
        acceptedHere.delete(mine);
        return 'skipped';
      }
      const unrecorded = acceptedHere.get(mine);
      if (unrecorded) return await finish(j, unrecorded);
      const messageId = signedMessageId(await getSecret(), j.type, j.id, ownDomain);
      const domain = domainOf(j.to) ?? undefined;
      const accepted: Accepted = { messageId, to: j.to, subject: rendered.subject, text: rendered.text, raw: null };
      const authority = typeof deps.sentAuthority === 'function' ? await deps.sentAuthority() : deps.sentAuthority ?? 'attempts';
      const search = deps.wasDelivered && (authority === 'always' || begun === 1);
      if (search && (await deps.wasDelivered!(messageId, j.to))) {
        await markSent(j, accepted, authority === 'always' ? 'found in the Sent folder' : 'found after an interrupted attempt');
        await j.record('sent');
        return 'skipped';
      }
      // A Redis that lost its sent-records since the last checkpoint must be rebuilt before anything goes.
      if (deps.stateSuspect && (await deps.stateSuspect())) throw new RepliesPausedError(Date.now() + SUSPECT_WAIT_MS);
      await breaker.take(messageId, Date.now(), domain);
      await redis.set(keys.attempt(j.type, j.id), new Date().toISOString(), 'EX', ATTEMPT_TTL_SEC);
      const inReplyTo = j.rec.messageId ? (j.rec.messageId.startsWith('<') ? j.rec.messageId : `<${j.rec.messageId}>`) : null;
      try {
        ({ raw: accepted.raw } = await mailer.send({
          from, to: j.to, subject: rendered.subject, text: rendered.text, html: rendered.html, language: rendered.language,
          messageId, inReplyTo, ...(j.rendered ? { personal: true } : {}),
          // RFC 5322 3.6.4: the parent's References followed by the parent's Message-ID.
          references: [...new Set([...j.rec.references, ...(inReplyTo ? [inReplyTo] : [])])],
        }));
      } catch (err) {
        // The server answered with a refusal, so nothing was accepted: no recovery search is needed,
        // and the breaker's slot is given back.
        if ((err as PermanentSendError | TransientSendError).responseCode !== undefined) {
          await redis.del(keys.attempt(j.type, j.id));
          await breaker.release(messageId, domain);
        }
        if (err instanceof PermanentSendError) await j.record('failed', err.serverResponse);
        // Still queued: the reason is shown meanwhile, and the reply goes out once SMTP lets it.
        if (err instanceof QuotaSendError) {
          await j.record('queued', `sending paused: ${err.serverResponse}`);
          await breaker.pauseForQuota(err.scope, err.serverResponse);
        }
        if (err instanceof TransientSendError) await j.record('queued', `not sent yet: ${err.serverResponse}; retried automatically`);
        throw err;
      }
      acceptedHere.set(mine, accepted);
      return await finish(j, accepted);
    } finally {
      // Only our own lock: if it expired and another worker holds it now, that one is left alone.
      // Redis down here only leaves the lock to its expiry; the outcome above stands.
      await RELEASE_LOCK.run(redis, [keys.sending(j.type, j.id)], [token]).catch(() => undefined);
    }
  }

  /** Copy an accepted reply to the Sent folder once; a failure is noted on it and told, never thrown. */
  async function copy(a: Accepted): Promise<void> {
    if (!deps.keepCopy || a.copied !== undefined || !a.raw) return;
    try {
      await withTimeout(deps.keepCopy(a.raw), COPY_TIMEOUT_MS, 'the Sent-folder copy');
      a.copied = true;
    } catch (err) {
      a.copied = (err as Error).message;
      deps.onCopyError?.(err as Error, a.messageId);
    }
  }

  /** The sent-record of an accepted reply, and its copy: see `deliver` for the order. */
  async function finish(j: ReplyJob, a: Accepted): Promise<ReplyOutcome> {
    const note = () => (typeof a.copied === 'string' ? `sent; no copy kept: ${a.copied}` : 'sent');
    try {
      await withTimeout(markSent(j, a, note()), FIRST_RECORD_MS, 'the sent-record');
    } catch (err) {
      deps.onRecordError?.(err as Error, a.messageId);
      await copy(a);
      await retryRecord(() => markSent(j, a, note()));
    }
    acceptedHere.delete(`${j.type}:${j.id}`);
    if (a.copied === undefined) {
      await copy(a);
      if (typeof a.copied === 'string') await redis.set(keys.sent(j.type, j.id), sentRecord(a, note()));
    }
    await j.record('sent', j.note);
    return 'sent';
  }

  /**
   * Retry `write` with backoff (ioredis reconnects meanwhile) until it works or `recordRetryMs` has
   * passed. ioredis may hold a command in its offline queue for many reconnections, so each try is
   * bounded too; one given up on may still be written later, which only records the truth.
   */
  async function retryRecord(write: () => Promise<unknown>): Promise<void> {
    const until = Date.now() + (deps.recordRetryMs ?? RECORD_RETRY_MS);
    for (let wait = 250; ; wait = Math.min(wait * 2, 10_000)) {
      await new Promise((r) => setTimeout(r, wait));
      try {
        await withTimeout(write(), Math.max(1000, until - Date.now()), 'the sent-record');
        return;
      } catch (err) {
        if (Date.now() + wait > until) throw err;
      }
    }
  }

  /**
   * A reply about one item, decided by a person (its review status): recorded on the item, sent to
   * its contact in the thread of its message, in its language. One per (type, item): a coalition's
   * members each get their own.
   */
  async function itemReply(
    type: 'confirmation' | 'withdrawal', itemId: string, dueStatus: EndorsementItem['status'],
    vars: (item: EndorsementItem, language: string | null) => Record<string, unknown>,
  ): Promise<ReplyOutcome> {
    const item = await store.getItem(itemId);
    if (!item) throw new UnknownItemError(itemId);
    if (await redis.exists(keys.sent(type, itemId))) {
      if (item.reply !== 'sent') await store.setItemReply(itemId, 'sent');
      return 'skipped';
    }
    const rec = await store.getMessage(item.messageKey);
    if (!rec) throw new UnknownMessageError(item.messageKey);
    const decision = await decide(type, rec, item.status === dueStatus, item.contactEmail, true);
    if (!decision.send) {
      await store.setItemReply(itemId, 'suppressed', decision.reason);
      return 'suppressed';
    }
    return deliver({
      type, id: itemId, template: type, rec, to: decision.to, language: item.language ?? rec.language, ...(decision.note ? { note: decision.note } : {}),
      vars: (language) => ({ ...vars(item, language), subject: rec.subject || null, replySubject: replySubject(rec.subject) }),
      record: (state, detail) => store.setItemReply(itemId, state, detail),
    });
  }

  return {
    async sendAcknowledgement(key) {
      const rec = await store.getMessage(key);
      if (!rec) throw new UnknownMessageError(key);
      // The sent-record first: after a send, the recipient's counter would make the policy say rate_limited.
      if (await redis.exists(keys.sent('acknowledgement', key))) {
        // A crash between the sent-record and the message update: finish the update now.
        if (rec.reply !== 'sent') await store.setReply(key, 'sent');
        return 'skipped';
      }
      const decision = await decide('acknowledgement', rec, rec.acknowledgeDue, null, false);
      if (!decision.send) {
        await store.setReply(key, 'suppressed', decision.detail ? `${decision.reason}: ${decision.detail}` : decision.reason);
        return 'suppressed';
      }
      const items = await Promise.all(rec.endorsementIds.map((id) => store.getItem(id)));
      const names = items.map((i) => i?.organisation ?? i?.name);
      const common = { subject: rec.subject || null, replySubject: replySubject(rec.subject) };
      const withdrawal = rec.kind === 'withdrawal';
      return deliver({
        type: 'acknowledgement', id: key, template: withdrawal ? 'withdrawal' : 'acknowledgement', rec, to: decision.to, language: rec.language,
        ...(decision.note ? { note: decision.note } : {}),
        vars: (language) => {
          const signers = formatList(names, language);
          return withdrawal ? { ...common, name: signers ?? senderName(rec.from), removed: false } : { ...common, signers };
        },
        record: (state, detail) => store.setReply(key, state, detail),
      });
    },

    sendConfirmation(itemId) {
      return itemReply('confirmation', itemId, 'approved', (item, language) => ({
        name: item.organisation ?? item.name ?? item.contactName ?? '',
        country: countryName(item.country, language),
        listUrl: config.listUrl ?? null,
      }));
    },

    sendWithdrawal(itemId) {
      return itemReply('withdrawal', itemId, 'withdrawn', (item) => ({
        name: item.organisation ?? item.name ?? item.contactName ?? '', removed: true,
      }));
    },

    async sendQuestion(questionId) {
      const q = await getQuestion(redis, prefix, questionId);
      if (!q) throw new UnknownMessageError(questionId);
      const record = (state: ReplyState, detail?: string) => setQuestionReply(redis, prefix, questionId, state, detail);
      if (await redis.exists(keys.sent('needs-information', questionId))) {
        if (q.reply !== 'sent') await record('sent');
        return 'skipped';
      }
      const rec = await store.getMessage(q.messageKey);
      if (!rec) throw new UnknownMessageError(q.messageKey);
      const item = q.itemId ? await store.getItem(q.itemId) : null;
      const decision = await decide('needs-information', rec, true, item?.contactEmail ?? null, true);
      if (!decision.send) {
        await record('suppressed', decision.reason);
        return 'suppressed';
      }
      return deliver({
        type: 'needs-information', id: questionId, template: 'needs-information', rec, to: decision.to, ...(decision.note ? { note: decision.note } : {}),
        language: item?.language ?? rec.language,
        vars: () => ({ question: q.text, subject: rec.subject || null, replySubject: replySubject(rec.subject) }),
        record,
      });
    },

    async sendAnswer(answerId) {
      const a = await getQuestion(redis, prefix, answerId);
      if (!a) throw new UnknownMessageError(answerId);
      const record = (state: ReplyState, detail?: string) => setQuestionReply(redis, prefix, answerId, state, detail);
      if (await redis.exists(keys.sent('answer', answerId))) {
        if (a.reply !== 'sent') await record('sent');
        return 'skipped';
      }
      const rec = await store.getMessage(a.messageKey);
      if (!rec) throw new UnknownMessageError(a.messageKey);
      const decision = await decide('answer', rec, true, null, true);
      if (!decision.send) {
        await record('suppressed', decision.reason);
        return 'suppressed';
      }
      const subject = replySubject(rec.subject) || 'Re:';
      const text = a.text.endsWith('\n') ? a.text : `${a.text}\n`;
      return deliver({
        type: 'answer', id: answerId, template: 'answer', rec, to: decision.to, ...(decision.note ? { note: decision.note } : {}),
        language: a.language ?? rec.language, vars: () => ({}), record,
        rendered: { language: a.language ?? rec.language ?? 'en', subject, text, html: textToHtml(text) },
      });
    },
  };
}
