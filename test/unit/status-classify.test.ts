/**
 * The connection-error classifier: refused logins keep the server's words (Dovecot's, Gmail's app
 * password hint), TLS and port mismatches get a hint naming the variable, network errors say what
 * failed, and failures that are not about the connection (a refused recipient) are left alone.
 * The network and TLS errors are real ones, raised on loopback.
 */
import { createServer, connect, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { authBackoffDelay } from '../../src/intake/backoff';
import { OAuthError } from '../../src/mailbox/oauth/token-endpoint';
import { classifyConnectionError } from '../../src/status/classify';

const imapAt = { host: '127.0.0.1', port: 143, secure: false };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}
function failure(open: () => { once(ev: 'error', f: (e: Error) => void): unknown; destroy(): void }): Promise<Error> {
  return new Promise((resolve) => {
    const s = open();
    s.once('error', (e) => {
      s.destroy();
      resolve(e);
    });
  });
}

describe('classifyConnectionError', () => {
  test('an OAuth2 token endpoint refusing our credentials is named as such, not as the IMAP server refusing', () => {
    const err = new OAuthError('invalid_grant', 'token endpoint https://login.example refused (invalid_grant: the refresh token expired)');
    const c = classifyConnectionError(err, 'imap', imapAt)!;
    expect(c.state).toBe('auth_failed');
    expect(c.message).toBe('no access token for 127.0.0.1:143: token endpoint https://login.example refused (invalid_grant: the refresh token expired)');
    expect(c.message).not.toContain('login refused by');
  });

  test('Dovecot refusing LOGIN (imapflow error shape): auth_failed with the server\'s words, not "Command failed"', () => {
    const err = Object.assign(new Error('Command failed'), {
      response: '2 NO [AUTHENTICATIONFAILED] Authentication failed.', responseStatus: 'NO',
      responseText: 'Authentication failed.', serverResponseCode: 'AUTHENTICATIONFAILED', authenticationFailed: true,
    });
    const c = classifyConnectionError(err, 'imap', imapAt)!;
    expect(c.state).toBe('auth_failed');
    expect(c.message).toBe('login refused by 127.0.0.1:143: the server says "[AUTHENTICATIONFAILED] Authentication failed."');
    expect(c.message).not.toContain('Command failed');
  });

  test('Gmail\'s [ALERT] asking for an application-specific password is surfaced with a hint', () => {
    const err = Object.assign(new Error('Command failed'), {
      response: '3 NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)',
      responseText: 'Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)',
      serverResponseCode: 'ALERT', authenticationFailed: true,
    });
    const c = classifyConnectionError(err, 'imap', { host: 'imap.gmail.com', port: 993, secure: true })!;
    expect(c.state).toBe('auth_failed');
    expect(c.message).toContain('[ALERT] Application-specific password required');
    expect(c.message).toContain('app password');
  });

  test('an [AUTHENTICATIONFAILED] code alone (no flag) is still a refused login', () => {
    const err = Object.assign(new Error('Command failed'), { responseText: 'Invalid credentials (Failure)', serverResponseCode: 'AUTHENTICATIONFAILED' });
    expect(classifyConnectionError(err, 'imap', imapAt)).toEqual({ state: 'auth_failed', message: 'login refused by 127.0.0.1:143: the server says "[AUTHENTICATIONFAILED] Invalid credentials (Failure)"' });
  });

  test('SMTP: EAUTH and 535 are refused logins; a refused recipient is not about the connection', () => {
    const auth = Object.assign(new Error('Invalid login: 535 5.7.8 Username and Password not accepted'), { code: 'EAUTH', response: '535 5.7.8 Username and Password not accepted', responseCode: 535 });
    expect(classifyConnectionError(auth, 'smtp', { host: 'smtp.example.org', port: 587, secure: false })).toEqual({
      state: 'auth_failed', message: 'login refused by smtp.example.org:587: the server says "535 5.7.8 Username and Password not accepted"',
    });
    const rcpt = Object.assign(new Error('Can\'t send mail - all recipients were rejected'), { code: 'EENVELOPE', response: '550 5.1.1 no such user', responseCode: 550 });
    expect(classifyConnectionError(rcpt, 'smtp', { host: 'smtp.example.org', port: 587, secure: false })).toBeNull();
  });

  test('a command refused on a working session (NO without a login code) is not a connection state', () => {
    const err = Object.assign(new Error('Command failed'), { responseText: 'Mailbox does not exist', responseStatus: 'NO', response: '5 NO [NONEXISTENT] Mailbox does not exist' });
    expect(classifyConnectionError(err, 'imap', imapAt)).toBeNull();
  });

  test('implicit TLS against a plaintext port (a real handshake on loopback): tls_error naming the setting', async () => {
    const server = createServer((s) => s.end('* OK plaintext IMAP ready\r\n'));
    const port = await listen(server);
    try {
      const err = await failure(() => tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: true }));
      const c = classifyConnectionError(err, 'imap', { host: '127.0.0.1', port, secure: true })!;
      expect(c.state).toBe('tls_error');
      expect(c.message).toContain(`port ${port} does not speak TLS at once`);
      expect(c.message).toContain('set IMAP_SECURE=false');
      expect(c.message).not.toContain('ssl3_record.c');
    } finally {
      server.close();
    }
  });

  test('nodemailer\'s wrapped socket errors (ESOCKET) are read through to the system\'s code or OpenSSL\'s reason', () => {
    const at = { host: 'smtp.example.org', port: 587, secure: true };
    const tls = Object.assign(new Error('C0E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:\n'), { code: 'ESOCKET', command: 'CONN' });
    expect(classifyConnectionError(tls, 'smtp', at)).toEqual({
      state: 'tls_error', message: 'port 587 does not speak TLS at once (plaintext or STARTTLS): set SMTP_SECURE=false, or use the implicit-TLS port (465) (wrong version number)',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:587'), { code: 'ESOCKET', command: 'CONN' });
    expect(classifyConnectionError(refused, 'smtp', at)!.message).toBe('nothing listens on smtp.example.org:587 (connect ECONNREFUSED 10.1.2.3:587)');
  });

  test('a greeting that never comes on a plaintext connection: the port probably expects TLS', () => {
    const err = Object.assign(new Error('Failed to receive greeting from server in required time. Maybe should use TLS?'), { code: 'GREETING_TIMEOUT' });
    const c = classifyConnectionError(err, 'imap', { host: 'mail.example.org', port: 993, secure: false })!;
    expect(c).toEqual({ state: 'tls_error', message: 'the server at mail.example.org:993 did not answer with an IMAP greeting: if port 993 expects TLS at once, set IMAP_SECURE=true' });
  });

  test('certificate problems are tls_error with the code', () => {
    const err = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const c = classifyConnectionError(err, 'smtp', { host: 'mail.example.org', port: 465, secure: true })!;
    expect(c.state).toBe('tls_error');
    expect(c.message).toContain('certificate is not trusted for mail.example.org (DEPTH_ZERO_SELF_SIGNED_CERT)');
  });

  test('network: a closed port and a name that does not resolve (real errors) are unreachable', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((r) => server.close(r));
    const refused = await failure(() => connect({ host: '127.0.0.1', port }));
    expect(classifyConnectionError(refused, 'imap', { host: '127.0.0.1', port, secure: false })).toEqual({
      state: 'unreachable', message: `nothing listens on 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
    const unknown = await failure(() => connect({ host: 'no-such-host.invalid', port: 143 }));
    const c = classifyConnectionError(unknown, 'imap', { host: 'no-such-host.invalid', port: 143, secure: false })!;
    expect(c.state).toBe('unreachable');
    expect(c.message).toMatch(/^the host name no-such-host.invalid does not resolve/);
    const timedOut = Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:993'), { code: 'ETIMEDOUT' });
    expect(classifyConnectionError(timedOut, 'imap', { host: '10.0.0.1', port: 993, secure: true })!.state).toBe('unreachable');
  });
});

describe('authBackoffDelay', () => {
  test('doubles from the base, never shrinks, and stops growing at the cap', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5].map((n) => authBackoffDelay(n, 60_000, 3_600_000, none))).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(authBackoffDelay(8, 60_000, 3_600_000, none)).toBe(3_600_000);
    expect(authBackoffDelay(40, 60_000, 3_600_000, () => 0.999)).toBeLessThanOrEqual(3_960_000);
    // Jitter is at most 10 %, so the next delay is longer even at the worst draw.
    expect(authBackoffDelay(2, 200, 3_600_000, () => 0)).toBeGreaterThan(authBackoffDelay(1, 200, 3_600_000, () => 0.999));
  });
});
