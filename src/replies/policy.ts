/**
 * The reply policy: one pure function that decides whether an automatic reply goes out and to whom,
 * combining every guard against mail loops, backscatter and floods. Pure so it is tested from a table
 * of cases without a worker; the caller looks up counters and passes them in.
 */
import { bareAddress, domainOf } from './address';
import { fromDomainAuthenticated } from './auth';

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
  | 'rate_limited'; // the per-recipient limit for the window is reached

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
   * so a forged sender gets no backscatter. Not asked for replies a person decided to send.
   */
  requireAuth?: 'dmarc' | null;
  /** The message's Authentication-Results values, topmost first (undefined: not recorded). */
  authResults?: readonly string[];
  /** Our receiving server's authserv-id; without it only the topmost Authentication-Results counts. */
  authservId?: string | null;
}

export type ReplyDecision = { send: true; to: string } | { send: false; reason: SuppressReason; to: string | null };

/** Who a reply would go to: the contact when given, else Reply-To, else From (RFC 5322 3.6.2). */
export function replyRecipient(input: Pick<ReplyPolicyInput, 'contact' | 'replyTo' | 'from'>): { value: string | null; address: string | null } {
  const value = [input.contact, input.replyTo, input.from].find((v) => v && v.trim()) ?? null;
  return { value, address: bareAddress(value) };
}

/** Local parts of addresses that are machines, never people (RFC 2142 role names, list software). */
function machineReason(address: string): SuppressReason | null {
  const local = address.slice(0, address.lastIndexOf('@'));
  if (/^(?:no-?reply|do-?not-?reply|no-?response)(?:[+.-].*)?$/.test(local)) return 'noreply';
  if (/^mailer-daemon$/.test(local)) return 'mailer_daemon';
  if (/^postmaster$/.test(local)) return 'postmaster';
  // RFC 2142 and list managers: list-request@ (commands), owner-list@ / list-owner@, list-bounces@ (Mailman).
  if (/-request$|^owner-|-owner$|-bounces?(?:\+.*)?$/.test(local)) return 'list_address';
  return null;
}

/**
 * Decide whether to send. Guards in order: due, recipient present and valid, loops (our address, our
 * Message-ID domain, X-Loop), machine addresses, a bouncing address, sender authentication (when
 * required), then the per-recipient limit. The global circuit breaker is `circuitBreaker` below: it
 * delays replies rather than suppressing them.
 */
export function decideReply(input: ReplyPolicyInput): ReplyDecision {
  const { value, address } = replyRecipient(input);
  const no = (reason: SuppressReason): ReplyDecision => ({ send: false, reason, to: address });
  if (!input.due) return no('not_due');
  if (!value) return no('no_recipient');
  if (!address) return no('invalid_address');
  const own = new Set(input.ownAddresses.map((a) => a.toLowerCase()));
  const ownDomains = new Set(input.ownDomains.map((d) => d.toLowerCase()));
  if (own.has(address)) return no('own_address');
  const idDomain = domainOf(input.messageId);
  if (idDomain && ownDomains.has(idDomain)) return no('own_message_id');
  const names = [...own, ...ownDomains];
  if ((input.xLoop ?? []).some((v) => names.some((n) => v.toLowerCase().includes(n)))) return no('x_loop');
  const machine = machineReason(address);
  if (machine) return no(machine);
  if (input.bouncing) return no('bouncing');
  if (input.requireAuth === 'dmarc' && !fromDomainAuthenticated(input.authResults ?? [], domainOf(bareAddress(input.from)), input.authservId)) {
    return no('unauthenticated');
  }
  if (input.sentToRecipient >= input.perRecipientLimit) return no('rate_limited');
  return { send: true, to: address };
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
