/**
 * What a failed IMAP, SMTP or Redis connection means for an organiser: a wrong login, a server that
 * cannot be reached, or a TLS problem (often a port/TLS mismatch), told with the server's own words
 * and a hint, so "Command failed" never reaches a log, the review page or `endorse doctor` alone.
 * Pure: it reads the error objects imapflow, nodemailer, ioredis and Node's net/tls attach.
 */

/** The state of one connection; `ok` is never the outcome of a failure. */
export type ConnectionState = 'ok' | 'auth_failed' | 'unreachable' | 'tls_error';

/** Which connection failed. */
export type ConnectionName = 'imap' | 'smtp' | 'redis';

/** A failure, classified. */
export interface ClassifiedFailure {
  state: Exclude<ConnectionState, 'ok'>;
  /** One line for people: what happened, with the server's words and, when known, what to change. */
  message: string;
}

/** Where the failed connection went; only used to word the hint. */
export interface Endpoint {
  host: string;
  port: number;
  /** Implicit TLS (IMAP_SECURE / SMTP_SECURE). */
  secure: boolean;
  /** A private CA trusted for the server's certificate (IMAP_CA_FILE / SMTP_CA_FILE). */
  ca?: Buffer | string | undefined;
}

interface ErrorFields {
  name?: string;
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  response?: unknown;
  responseCode?: number;
  tlsFailed?: boolean;
  reason?: string;
}

/** Node's and OpenSSL's codes for a handshake that failed or a certificate we refused. */
const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH$|ClosedAfterConnectTLS$)/;
/** Codes that say the server was not reached (DNS, TCP, timeouts before a greeting). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET',
  'EPIPE', 'CONNECT_TIMEOUT', 'ETIMEOUT', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ECONNECTION', 'EDNS', 'ESOCKET']);
/** IMAP response codes of a refused login (RFC 5530); Gmail's [ALERT] comes with authenticationFailed. */
const IMAP_AUTH_CODES = new Set(['AUTHENTICATIONFAILED', 'AUTHORIZATIONFAILED', 'EXPIRED', 'PRIVACYREQUIRED', 'CONTACTADMIN']);
/** SMTP replies to AUTH that refuse the credentials (RFC 4954 6): 530, 534, 535, 538. */
const SMTP_AUTH_REPLIES = new Set([530, 534, 535, 538]);

/** `s` on one line, bounded, so a log line stays a line; OpenSSL's long error becomes its reason. */
const oneLine = (s: string) => (/SSL routines:[^:]*:([^:]+)/.exec(s)?.[1] ?? s).split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 300);

/** The server's own words in an imapflow or nodemailer error, or null. */
function serverWords(e: ErrorFields): string | null {
  if (typeof e.response === 'string' && e.response.trim()) {
    // imapflow: "2 NO [AUTHENTICATIONFAILED] Authentication failed." — drop the tag and status.
    return oneLine(e.response.replace(/^\S+\s+(?:NO|BAD|BYE)\s+/i, ''));
  }
  if (e.responseText) return oneLine(e.serverResponseCode ? `[${e.serverResponseCode}] ${e.responseText}` : e.responseText);
  return null;
}

/** What to change for a TLS failure, given the port and mode that failed. */
function tlsHint(e: ErrorFields, name: ConnectionName, at: Endpoint): string {
  const secureVar = `${name.toUpperCase()}_SECURE`;
  const code = e.code ?? '';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol/i.test(e.message ?? '')) {
    return `port ${at.port} does not speak TLS at once (plaintext or STARTTLS): set ${secureVar}=false, or use the implicit-TLS port (${name === 'imap' ? 993 : 465})`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME/.test(code)) {
    return `the server's certificate is not trusted for ${at.host} (${code}): fix the certificate, or trust its CA (NODE_EXTRA_CA_CERTS)`;
  }
  return `TLS handshake with ${at.host}:${at.port} failed`;
}

/**
 * Classify a connection error, or null when it is not about the connection (a command refused on a
 * working session, an SMTP recipient refused): those leave the connection's state as it was.
 * @param at where the connection went, for the port/TLS hints.
 */
export function classifyConnectionError(err: unknown, name: ConnectionName, at: Endpoint): ClassifiedFailure | null {
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorFields;
  // nodemailer wraps socket errors in its own codes; the system's code is kept in the message.
  const wrapped = ['ESOCKET', 'ECONNECTION', 'EDNS'].includes(e.code ?? '') ? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|EPROTO|ERR_[A-Z_]+)\b/.exec(e.message ?? '')?.[1] : undefined;
  const code = wrapped ?? e.code ?? '';
  const words = serverWords(e);
  const detail = words ?? oneLine(e.message ?? String(err));
  const where = `${at.host}:${at.port}`;

  if (e.authenticationFailed || (name === 'imap' && e.serverResponseCode && IMAP_AUTH_CODES.has(e.serverResponseCode.toUpperCase()))
    || code === 'EAUTH' || (name === 'smtp' && typeof e.responseCode === 'number' && SMTP_AUTH_REPLIES.has(e.responseCode))
    || (name === 'redis' && /NOAUTH|WRONGPASS|invalid password/i.test(e.message ?? ''))) {
    // An OAuth2 token endpoint that refuses our credentials says so in its own message, naming itself.
    if (e.name === 'OAuthError') return { state: 'auth_failed', message: `no access token for ${where}: ${oneLine(e.message ?? '')}` };
    const appPassword = /application-specific password|app password/i.test(detail)
      ? ' (the provider wants an app password: create one in the account\'s security settings)' : '';
    return { state: 'auth_failed', message: `login refused by ${where}: the server says "${detail}"${appPassword}` };
  }
  if (e.tlsFailed || TLS_CODES.test(code) || /SSL routines|certificate/i.test(e.message ?? '')) {
    return { state: 'tls_error', message: `${tlsHint(e, name, at)} (${oneLine(e.message ?? code)})` };
  }
  if (code === 'GREETING_TIMEOUT' || (code === 'ETIMEDOUT' && name === 'smtp' && /greeting/i.test(e.message ?? ''))) {
    const hint = at.secure ? '' : `: if port ${at.port} expects TLS at once, set ${name.toUpperCase()}_SECURE=true`;
    return { state: 'tls_error', message: `the server at ${where} did not answer with a${name === 'imap' ? 'n IMAP' : 'n SMTP'} greeting${hint}` };
  }
  if (NETWORK_CODES.has(code) || /^(connect|getaddrinfo|read|write) E[A-Z]+/.test(e.message ?? '')) {
    const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS' ? `the host name ${at.host} does not resolve`
      : code === 'ECONNREFUSED' ? `nothing listens on ${where}` : `${where} cannot be reached`;
    return { state: 'unreachable', message: `${what} (${detail})` };
  }
  return null;
}
