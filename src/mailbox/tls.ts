/**
 * The TLS policy of our IMAP connections in one place, so the watcher's and the Sent folder's
 * connections cannot differ: STARTTLS required on a non-TLS port unless plaintext is allowed, and an
 * optional private CA. (Nodemailer's equivalent is in replies/mailer.ts.)
 */

/**
 * imapflow's TLS options for these settings: on a non-TLS port STARTTLS is required (imapflow then
 * fails before LOGIN when the server does not offer it) unless plaintext is allowed.
 */
export function imapTlsOptions(s: { secure: boolean; allowPlaintext?: boolean; ca?: Buffer | string | undefined }): { doSTARTTLS?: boolean; tls?: { ca: Buffer | string } } {
  return {
    ...(!s.secure && !s.allowPlaintext ? { doSTARTTLS: true } : {}),
    ...(s.ca ? { tls: { ca: s.ca } } : {}),
  };
}
