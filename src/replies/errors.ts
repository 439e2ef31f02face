/**
 * How a send failed, in two meanings the job layer acts on: permanent (do not retry, tell the
 * organisers with the server's words) and transient (retry later with backoff).
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

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Classify a nodemailer error. RFC 5321 4.2.1: 5yz is a permanent negative reply, 4yz transient.
 * 503 (bad sequence of commands) is our client's or the session's fault, not the recipient's: retry.
 * Authentication failures (EAUTH, 530/534/535) are our configuration, not the recipient's: retry, so
 * the reply is not marked failed for the sender while an organiser fixes the password.
 */
export function classifySendError(err: unknown): PermanentSendError | TransientSendError {
  const e = (err ?? {}) as NodemailerError;
  const words = (e.response ?? e.message ?? String(err)).trim();
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent = code !== undefined && code >= 500 && code < 600 && code !== 503 && e.code !== 'EAUTH' && ![530, 534, 535].includes(code);
  return permanent ? new PermanentSendError(words, code) : new TransientSendError(words, code);
}
