/**
 * How a send failed, in three meanings the job layer acts on: permanent (do not retry, tell the
 * organisers with the server's words), transient (retry later with backoff, and again once SMTP
 * recovers), and a sending quota or rate limit of our own account (pause every reply, fail none).
 * Providers answer quota refusals with 5xx look-alikes (Gmail `550 5.4.5`, Microsoft `554 5.2.0
 * ...SubmissionQuotaExceededException`), so the words decide before the code does.
 */

/** The SMTP server refused for good (5xx other than 503): retrying cannot help. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
  /** @param serverResponse the server's own words, e.g. `550 5.1.1 no such user` */
  constructor(readonly serverResponse: string, readonly responseCode?: number) {
    super(`SMTP refused the reply: ${serverResponse}`);
  }
}

/** A temporary failure (4xx, 503, connection or timeout): the job should be retried. */
export class TransientSendError extends Error {
  override name = 'TransientSendError';
  constructor(readonly serverResponse: string, readonly responseCode?: number) {
    super(`SMTP send failed, will retry: ${serverResponse}`);
  }
}

/**
 * Our account's sending quota or rate limit was reached: no reply can go out until it resets, so
 * sending pauses (`day`: a daily quota; `rate`: a per-minute or per-hour rate) instead of each reply failing.
 */
export class QuotaSendError extends Error {
  override name = 'QuotaSendError';
  constructor(readonly serverResponse: string, readonly scope: 'day' | 'rate', readonly responseCode?: number) {
    super(`SMTP sending ${scope === 'day' ? 'quota' : 'rate limit'} reached: ${serverResponse}`);
  }
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * A daily sending quota of the account (not a recipient's full mailbox, which says "mailbox" or
 * 5.2.2): Gmail 5.4.5, Microsoft SubmissionQuotaExceeded, Amazon SES "Daily message quota", hosting
 * panels' "24-hour sending limit", "messages per day", "relay quota".
 */
const DAILY_QUOTA = /\b5\.4\.5\b|SubmissionQuotaExceeded|sending quota|daily\b.{0,30}\b(?:quota|limit)|\bquota\b.{0,30}\bdaily|24[- ]hours? sending limit|(?:messages|emails|mails) (?:per|a) day|relay quota/i;

/**
 * A sending rate limit or connection cap of the account: "rate limit", "too many messages", "too
 * fast", SES "Maximum sending rate exceeded", Exchange "submission rate" and "sender thread limit",
 * Gmail 4.7.28, "try again in N seconds".
 */
const RATE_LIMIT = /rate ?limit|ratelimit|too many (?:concurrent )?(?:smtp )?(?:messages|mails|emails|connections)|too fast|sending rate|submission rate|sender thread limit|\b4\.7\.28\b|throttl|try again in \d+/i;

/**
 * Classify a nodemailer error. A failed TLS start is transient and says how to fix it. Quota and rate refusals first, whatever their code. Then RFC 5321
 * 4.2.1: 5yz is a permanent negative reply, 4yz transient. 503 (bad sequence of commands) is our
 * client's or the session's fault, not the recipient's: retry. Authentication failures (EAUTH,
 * 530/534/535) are our configuration, not the recipient's: retry, so the reply is not marked failed
 * for the sender while an organiser fixes the password.
 */
export function classifySendError(err: unknown): PermanentSendError | TransientSendError | QuotaSendError {
  const e = (err ?? {}) as NodemailerError;
  // TLS could not start (STARTTLS refused or missing, a certificate not trusted): our configuration.
  if (e.code === 'ETLS' || e.code === 'ESOCKET' && /certificate|self[- ]signed|TLS|SSL/i.test(e.message ?? '')) {
    return new TransientSendError(`${e.message ?? String(err)} (STARTTLS is required unless SMTP_ALLOW_PLAINTEXT=true; a private CA goes in SMTP_CA_FILE)`, e.responseCode);
  }
  const words = (e.response ?? e.message ?? String(err)).trim();
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code !== undefined && e.code !== 'EAUTH') {
    if (DAILY_QUOTA.test(words)) return new QuotaSendError(words, 'day', code);
    if (RATE_LIMIT.test(words)) return new QuotaSendError(words, 'rate', code);
  }
  const permanent = code !== undefined && code >= 500 && code < 600 && code !== 503 && e.code !== 'EAUTH' && ![530, 534, 535].includes(code);
  return permanent ? new PermanentSendError(words, code) : new TransientSendError(words, code);
}
