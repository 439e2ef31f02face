/**
 * The Redis keys of the reply side, in one place so the service, the bounce recorder, the circuit
 * breaker and the review page read the same names. Every key starts with the appeal's QUEUE_PREFIX.
 */
import type { ReplyType } from './templates';

/** Key builders for one prefix. */
export function replyKeys(prefix: string) {
  return {
    /** JSON sent-record of one reply: `{ at, to, messageId, note }`; its existence means "sent". */
    sent: (type: ReplyType, id: string) => `${prefix}:sent:${type}:${id}`,
    /** Held while one reply is on the wire (a token, with a TTL). */
    sending: (type: ReplyType, id: string) => `${prefix}:sending:${type}:${id}`,
    /** "A send may have happened": set before SMTP, removed once recorded or refused. */
    attempt: (type: ReplyType, id: string) => `${prefix}:attempt:${type}:${id}`,
    /** Replies of a type sent to an address in the current per-recipient window. */
    recipient: (type: ReplyType, address: string) => `${prefix}:rcpt:${type}:${address}`,
    /** Sorted set of the send times of the last hour, for the global circuit breaker. */
    recentSends: () => `${prefix}:replies:recent`,
    /** JSON `{ since, until, max }` while the circuit breaker holds replies back. */
    paused: () => `${prefix}:replies:paused`,
    /** Sorted set of the send times of the last 24 hours (REPLY_MAX_PER_DAY). */
    daySends: () => `${prefix}:replies:day`,
    /** Sorted set of the send times to one recipient domain in the last hour (REPLY_MAX_PER_DOMAIN_PER_HOUR). */
    domainSends: (domain: string) => `${prefix}:replies:domain:${domain.toLowerCase()}`,
    /** JSON `{ since, reason }`: replies wait for an organiser's release (no expiry); `held:<domain>` for one domain. */
    held: (domain?: string) => (domain ? `${prefix}:replies:held:${domain.toLowerCase()}` : `${prefix}:replies:held`),
    /** JSON `{ at, messageId, detail }` for an address our replies bounced from; expires BOUNCE_MARK_DAYS after the last bounce. */
    bouncing: (address: string) => `${prefix}:bouncing:${address.toLowerCase()}`,
    /** The HMAC secret of our reply Message-IDs, made once (unless REPLY_SECRET is set). */
    secret: () => `${prefix}:replies:secret`,
    /** An organiser's question (hash), and the ids of the questions asked about one message. */
    question: (id: string) => `${prefix}:question:${id}`,
    questionsOf: (messageKey: string) => `${prefix}:questions:${messageKey}`,
  };
}

export type ReplyKeys = ReturnType<typeof replyKeys>;
