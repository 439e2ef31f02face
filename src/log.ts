/**
 * Logging: pino, to standard error (standard output carries command data), secrets and mail bodies
 * redacted. One child logger per job with its key.
 */
import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = ['password', 'pass', '*.password', '*.pass', 'auth.pass', 'IMAP_PASSWORD', 'SMTP_PASSWORD', 'raw', 'text', 'html', '*.raw', '*.text', '*.html', 'authorization', '*.authorization', 'accessToken', '*.accessToken', 'OAUTH_CLIENT_SECRET', 'OAUTH_REFRESH_TOKEN'];

/** A logger writing JSON lines to fd 2 at `level`. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination({ fd: 2, sync: true }));
}
