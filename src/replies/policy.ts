/**
 * The reply policy: one pure function that decides whether an automatic reply goes out and to whom,
 * combining every guard against mail loops, backscatter and floods. Pure so it is tested from a table
 * of cases without a worker; the caller looks up counters and passes them in.
 */
import { bareAddress, domainOf } from './address';
import { aligned, fromDomainAuthenticated, hasOwnAuthResults, otherDomainAuthenticated } from './auth';

/** Why no reply goes out; recorded on the message and shown to reviewers. */
export type SuppressReason =
  | 'not_due' // the analysis (or review state) says no reply is due
  | 'no_recipient' // neither Reply-To nor From (nor a contact) holds an address
  | 'invalid_address'
  | 'own_address' // it would go to ourselves
  | 'own_message_id' // the message came from us (its Message-ID is of our domain): a loop
  | 'x_loop' // an X-Loop header names us: it already went round once
  | 'noreply'
  | 'mailer_daemon'
  | 'postmaster'
  | 'list_address' // a mailing list's -request / owner- / -owner / -bounces address
  | 'bouncing' // an earlier reply to this address bounced
  | 'unauthenticated' // REPLY_REQUIRE_AUTH=dmarc and the From domain was not authenticated
  | 'rate_limited' // the per-recipient limit for the window is reached
  | 'imported' // taken in from the mailbox's history by `endorse import`: history is never acknowledged
  | 'too_old'; // received longer ago than REPLY_MAX_AGE_DAYS (or when is unknown)

/**
 * When sender authentication is asked: `dmarc` always; `auto` when our own server (the authserv-id)
 * wrote Authentication-Results on the message; null never.
 */
export type RequireAuth = 'dmarc' | 'auto' | null;

/** Forwarders that rewrite From and keep the sender in Reply-To (DMARC mitigation): Reply-To is used. */
export const KNOWN_RELAYS: readonly string[] = ['googlegroups.com'];

export interface ReplyPolicyInput {
  /** What the analysis (or the review) decided: a reply is due. */
  due: boolean;
  /** The message's From and Reply-To header values (`Name <addr>` or a bare address). */
  from: string | null;
  replyTo: string | null;
  /** A better recipient than the headers, when known (an item's contact: the original sender of a forward). */
  contact?: string | null;
  /** The Message-ID of the message we would answer. */
  messageId: string | null;
  /** Values of its X-Loop headers. */
  xLoop?: string[];
  /** Our own addresses (lower-case) and Message-ID domains. */
  ownAddresses: string[];
  ownDomains: string[];
  /** Replies of this type already sent to the recipient in the current window. */
  sentToRecipient: number;
  /** At most this many replies per recipient per window. */
  perRecipientLimit: number;
  /** An earlier reply to the recipient bounced (a delivery report named our Message-ID). */
  bouncing?: boolean;
  /**
   * `dmarc`: reply only when the From domain is authenticated (DMARC pass, or aligned SPF/DKIM pass),
   * so a forged sender gets no backscatter; `auto`: the same whenever our server's results are on the
   * message. Not asked for replies a person decided to send.
   */
  requireAuth?: RequireAuth;
  /** The message's Authentication-Results values, topmost first (undefined: not recorded). */
  authResults?: readonly string[];
  /** Our receiving server's authserv-id; without it only the topmost Authentication-Results counts. */
  authservId?: string | null;
  /** The message was taken in by `endorse import`: it is history, never acknowledged. */
  imported?: boolean;
  /** No reply to mail older than this many days (REPLY_MAX_AGE_DAYS); absent or 0: no age limit. */
  maxAgeDays?: number;
  /** When our server received the message (INTERNALDATE, ISO 8601). */
  receivedAt?: string | null;
  /** The message's Date header (ISO 8601), when it had a valid one. */
  sentAt?: string | null;
  /** The time of the decision, ms since the epoch (default: now). */
  now?: number;
}

/** A suppression may carry a sentence for the reviewer beside its reason code (`detail`). */
export type ReplyDecision =
  | { send: true; to: string; note?: string }
  | { send: false; reason: SuppressReason; to: string | null; detail?: string };

const DAY_MS = 24 * 3600 * 1000;

/**
 * The moment a message's age counts from: when our server received it, or its Date header when that
 * is earlier (history copied into a mailbox by a tool that stamped the copy's arrival). A Date header
 * later than the arrival is ignored: it can only be wrong or forged, and a forged future date must
 * not make old mail look new. An arrival at the epoch is the fetch's "unknown"; with neither known,
 * null.
 */
export function ageBasis(receivedAt: string | null | undefined, sentAt: string | null | undefined, now: number): { at: number; by: 'received' | 'dated' } | null {
  const time = (v: string | null | undefined) => {
    const t = v ? Date.parse(v) : NaN;
    return Number.isFinite(t) && t > 0 ? t : null;
  };
  const r = time(receivedAt);
  const d = time(sentAt);
  if (r !== null) return d !== null && d < r ? { at: d, by: 'dated' } : { at: r, by: 'received' };
  return d !== null ? { at: Math.min(d, now), by: 'dated' } : null;
}

/** Why the message is too old to acknowledge, or null when it is young enough (or no limit is set). */
function tooOld(input: ReplyPolicyInput): string | null {
  const max = input.maxAgeDays ?? 0;
  if (!(max > 0)) return null;
  const now = input.now ?? Date.now();
  const basis = ageBasis(input.receivedAt, input.sentAt, now);
  if (!basis) return `when it arrived is unknown; REPLY_MAX_AGE_DAYS is ${max}`;
  const age = now - basis.at;
  if (age <= max * DAY_MS) return null;
  const how = basis.by === 'received' ? 'received' : 'dated (Date header, before its arrival)';
  return `${how} ${new Date(basis.at).toISOString().slice(0, 10)}, ${Math.floor(age / DAY_MS)} days ago; REPLY_MAX_AGE_DAYS is ${max}`;
}

/** Who a reply goes to, and when a Reply-To was passed over, why (a note for the reviewer). */
export interface Recipient {
  value: string | null;
  address: string | null;
  note?: string;
}

/**
 * Who a reply goes to: the contact when given (a person chose it), else Reply-To (RFC 5322 3.6.2)
 * only when the message proves it: same domain as From, From a relay (our own site's forms, Google
 * Groups), or its own domain authenticated by our server; else From. Otherwise anyone could send
 * from their own DMARC-passing domain with `Reply-To: victim` and have us write to the victim.
 */
/**
 * What proves a Reply-To besides the message itself, as the reply service is configured: our
 * receiving server's authserv-id (REPLY_AUTHSERV_ID) and our own domains (a relay of ours may set it).
 */
export interface RecipientRule {
  authservId?: string | null;
  ownDomains?: readonly string[];
}

export function replyRecipient(
  input: Pick<ReplyPolicyInput, 'contact' | 'replyTo' | 'from' | 'authResults' | 'authservId'> & { ownDomains?: readonly string[] },
): Recipient {
  if (input.contact && input.contact.trim()) return { value: input.contact, address: bareAddress(input.contact) };
  const fromValue = input.from && input.from.trim() ? input.from : null;
  const fromAddr = bareAddress(fromValue);
  if (!input.replyTo || !input.replyTo.trim()) return { value: fromValue, address: fromAddr };
  const replyAddr = bareAddress(input.replyTo);
  const fromDomain = domainOf(fromAddr);
  const replyDomain = domainOf(replyAddr);
  const relays = [...KNOWN_RELAYS, ...(input.ownDomains ?? [])];
  const proven =
    !!replyAddr && !!replyDomain &&
    ((!!fromDomain && (fromDomain === replyDomain || aligned(fromDomain, replyDomain))) ||
      (!!fromDomain && relays.some((r) => aligned(r, fromDomain))) ||
      otherDomainAuthenticated(input.authResults ?? [], replyDomain, input.authservId));
  if (proven) return { value: input.replyTo, address: replyAddr };
  return { value: fromValue, address: fromAddr, note: `Reply-To ${replyAddr ?? '(not an address)'} not proven by the message: reply to From` };
}

/** Whether sender authentication applies to this message (see RequireAuth). */
export function authRequired(input: Pick<ReplyPolicyInput, 'requireAuth' | 'authResults' | 'authservId'>): boolean {
  if (input.requireAuth === 'dmarc') return true;
  return input.requireAuth === 'auto' && hasOwnAuthResults(input.authResults ?? [], input.authservId);
}

/** Local parts of addresses that are machines, never people (RFC 2142 role names, list software). */
function machineReason(address: string): SuppressReason | null {
  const local = address.slice(0, address.lastIndexOf('@'));
  if (/^(?:no-?reply|do-?not-?reply|no-?response)(?:[+.-]|$)/.test(local)) return 'noreply';
  if (local === 'mailer-daemon') return 'mailer_daemon';
  if (local === 'postmaster') return 'postmaster';
  // RFC 2142 and list managers: list-request@ (commands), owner-list@ / list-owner@, list-bounces@ (Mailman, also `-bounces+tag`).
  const untagged = [local, ...[...local.matchAll(/\+/g)].map((m) => local.slice(0, m.index))];
  if (local.endsWith('-request') || local.startsWith('owner-') || local.endsWith('-owner')) return 'list_address';
  if (untagged.some((l) => l.endsWith('-bounce') || l.endsWith('-bounces'))) return 'list_address';
  return null;
}

/** Why history taken in by `endorse import` is never acknowledged (the `imported` reason's detail). */
export const IMPORTED_DETAIL = 'taken in from the mailbox\'s history by `endorse import`, which never acknowledges';

/**
 * Decide whether to send. Guards in order: due, history (imported mail, mail older than
 * `maxAgeDays`), recipient present and valid, loops (our address, our Message-ID domain, X-Loop),
 * machine addresses, a bouncing address, sender authentication (when required), then the
 * per-recipient limit. The global circuit breaker is `circuitBreaker` below: it delays replies rather
 * than suppressing them.
 */
export function decideReply(input: ReplyPolicyInput): ReplyDecision {
  const { value, address, note } = replyRecipient(input);
  const no = (reason: SuppressReason, detail?: string): ReplyDecision => ({ send: false, reason, to: address, ...(detail ? { detail } : {}) });
  if (!input.due) return no('not_due');
  if (input.imported) return no('imported', IMPORTED_DETAIL);
  const old = tooOld(input);
  if (old) return no('too_old', old);
  if (!value) return no('no_recipient');
  if (!address) return no('invalid_address');
  const own = new Set(input.ownAddresses.map((a) => a.toLowerCase()));
  const ownDomains = new Set(input.ownDomains.map((d) => d.toLowerCase()));
  // A Reply-To naming us is a loop even when it was passed over for From.
  if (own.has(address) || own.has(bareAddress(input.replyTo) ?? '')) return no('own_address');
  const idDomain = domainOf(input.messageId);
  if (idDomain && ownDomains.has(idDomain)) return no('own_message_id');
  const names = [...own, ...ownDomains];
  if ((input.xLoop ?? []).some((v) => names.some((n) => v.toLowerCase().includes(n)))) return no('x_loop');
  const machine = machineReason(address);
  if (machine) return no(machine);
  if (input.bouncing) return no('bouncing');
  if (authRequired(input) && !fromDomainAuthenticated(input.authResults ?? [], domainOf(bareAddress(input.from)), input.authservId)) {
    return no('unauthenticated');
  }
  if (input.sentToRecipient >= input.perRecipientLimit) return no('rate_limited');
  return note ? { send: true, to: address, note } : { send: true, to: address };
}

/** What the circuit breaker knows when one more reply is about to go out. */
export interface BreakerInput {
  /** Replies sent in the window, this one included. */
  sentInWindow: number;
  /** At most this many per window (REPLY_MAX_PER_HOUR). */
  max: number;
  /** When the oldest reply still in the window was sent (ms since the epoch). */
  oldestAt: number;
  windowMs: number;
}

export type BreakerDecision = { open: false } | { open: true; retryAt: number };

/**
 * The global circuit breaker: over `max` replies in the window, replies pause until the oldest one
 * leaves the window. A flood (a list that keeps writing to us, a forged campaign) then costs at most
 * `max` replies an hour, and nothing is dropped: the paused replies go out later.
 */
export function circuitBreaker(input: BreakerInput): BreakerDecision {
  if (input.sentInWindow <= input.max) return { open: false };
  return { open: true, retryAt: input.oldestAt + input.windowMs };
}
