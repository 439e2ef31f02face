/**
 * Raw probes of an IMAP or SMTP port for `endorse doctor`: TCP, then TLS (implicit, or STARTTLS
 * when offered) with the certificate checked, and the server's greeting and capabilities. They
 * tell a port/TLS mismatch apart from a dead server by trying the other way, and never log in:
 * the connection ends after the capabilities (IMAP LOGOUT, SMTP QUIT).
 */
import { lookup } from 'node:dns/promises';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Endpoint } from './classify';

/** The outcome of one check: `warn` is shown but does not fail the doctor. */
export interface CheckOutcome {
  result: 'ok' | 'warn' | 'FAIL';
  detail: string;
  /** One line saying what to change; set on FAIL and warn. */
  advice?: string;
}

type Protocol = 'imap' | 'smtp';

/** A server that expects TLS at once greets nobody; this is how long we wait before saying so. */
const GREETING_MS = 4000;
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Reads a socket until `done(text)` says the answer is complete, or fails after `ms`. */
function readUntil(sock: Socket, done: (text: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (err: Error | null) => {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('error', onError);
      sock.off('close', onClose);
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (done(text)) finish(null);
    };
    const onError = (err: Error) => finish(err);
    const onClose = () => finish(Object.assign(new Error(`the server closed the connection${text ? ` after "${text.trim().slice(0, 120)}"` : ' without a word'}`), { code: 'ECONNRESET' }));
    const timer = setTimeout(() => finish(Object.assign(new Error('no greeting'), { code: 'GREETING_TIMEOUT' })), ms);
    sock.on('data', onData);
    sock.once('error', onError);
    sock.once('close', onClose);
  });
}

/** A complete reply: IMAP's greeting or tagged answer; SMTP's last line "NNN text" (RFC 5321 4.2). */
const imapDone = (tag: string | null) => (t: string) => {
  if (!tag) return t.includes('\r\n');
  // The tagged line, at the start or after a line break, ended by its own CRLF.
  const at = t.startsWith(`${tag} `) ? 0 : t.indexOf(`\r\n${tag} `);
  return at >= 0 && t.indexOf('\r\n', at === 0 ? 0 : at + 2) >= 0;
};
const smtpDone = (t: string) => /(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(t) || /(^|\r\n)\d{3}\r\n$/.test(t);

function open(at: Endpoint, tls: boolean, verify: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    const sock: Socket = tls
      ? tlsConnect({ host: at.host, port: at.port, servername: isIP(at.host) ? undefined : at.host, rejectUnauthorized: verify, ...(at.ca ? { ca: at.ca } : {}) }, () => resolve(sock))
      : tcpConnect({ host: at.host, port: at.port }, () => resolve(sock));
    sock.setTimeout(10_000, () => sock.destroy(Object.assign(new Error(`no connection to ${at.host}:${at.port} within 10 s`), { code: 'ETIMEDOUT' })));
    sock.once('error', onError);
  });
}

/** Upgrade a plaintext socket after the server's go-ahead to STARTTLS (RFC 3207, RFC 3501 6.2.1). */
function upgrade(sock: Socket, host: string, ca?: Buffer | string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tlsConnect({ socket: sock, servername: isIP(host) ? undefined : host, rejectUnauthorized: true, ...(ca ? { ca } : {}) }, () => resolve(t));
    t.once('error', reject);
  });
}

/** What the greeting and capabilities say, from one plaintext or TLS session. */
interface Conversation {
  greeting: string;
  starttls: boolean;
  /** Certificate subject when TLS was used, after STARTTLS or at once. */
  certificate: string | null;
}

function certName(t: TLSSocket): string {
  const c = t.getPeerCertificate();
  const until = c.valid_to ? `, valid until ${new Date(c.valid_to).toISOString().slice(0, 10)}` : '';
  return `certificate for ${c.subject?.CN ?? 'an unnamed subject'}${until}`;
}

/** Greet, ask the capabilities, STARTTLS when offered; `verify` false only asks "does it speak TLS". */
async function converse(proto: Protocol, at: Endpoint, tls: boolean, verify = true): Promise<Conversation> {
  let sock = await open(at, tls, verify);
  try {
    const greeting = (await readUntil(sock, proto === 'imap' ? imapDone(null) : smtpDone, GREETING_MS)).trim();
    if (proto === 'imap' ? !/^\* (OK|PREAUTH)/i.test(greeting) : !/^220/.test(greeting)) {
      throw Object.assign(new Error(`the server did not answer with an ${proto.toUpperCase()} greeting but with "${greeting.slice(0, 120)}"`), { code: 'NOT_' + proto.toUpperCase() });
    }
    let certificate = tls ? certName(sock as TLSSocket) : null;
    let starttls = false;
    if (proto === 'imap') {
      const up = greeting.toUpperCase();
      const capAt = up.indexOf('[CAPABILITY ');
      const caps = capAt >= 0 && up.indexOf(']', capAt) > capAt ? greeting : (sock.write('d1 CAPABILITY\r\n'), await readUntil(sock, imapDone('d1'), GREETING_MS));
      starttls = /\bSTARTTLS\b/i.test(caps);
      if (!tls && starttls) {
        sock.write('d2 STARTTLS\r\n');
        if (/d2 OK/i.test(await readUntil(sock, imapDone('d2'), GREETING_MS))) {
          sock = await upgrade(sock, at.host, at.ca);
          certificate = certName(sock as TLSSocket);
        }
      }
      sock.write('d3 LOGOUT\r\n');
    } else {
      sock.write('EHLO endorse-doctor.invalid\r\n');
      starttls = /^250[- ]STARTTLS\b/im.test(await readUntil(sock, smtpDone, GREETING_MS));
      if (!tls && starttls) {
        sock.write('STARTTLS\r\n');
        if (/^220/.test(await readUntil(sock, smtpDone, GREETING_MS))) {
          sock = await upgrade(sock, at.host, at.ca);
          certificate = certName(sock as TLSSocket);
        }
      }
      sock.write('QUIT\r\n');
    }
    return { greeting, starttls, certificate };
  } finally {
    sock.end();
    setTimeout(() => sock.destroy(), 500).unref();
  }
}

const errCode = (err: unknown) => String((err as { code?: string }).code ?? '');
/** The error's first line; OpenSSL's "80AC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" becomes its reason. */
const errText = (err: unknown) => {
  const m = (err as Error).message ?? String(err);
  return /SSL routines:[^:]*:([^:]+)/.exec(m)?.[1] ?? m.split('\n')[0]!;
};

/**
 * Probe the port as configured; when that fails, try the other TLS mode to tell a mismatch
 * ("port 993 expects TLS: set IMAP_SECURE=true") from a dead or foreign server.
 */
export async function probeServer(proto: Protocol, at: Endpoint): Promise<CheckOutcome> {
  const name = proto.toUpperCase();
  const secureVar = `${name}_SECURE`;
  try {
    const c = await converse(proto, at, at.secure);
    const tls = at.secure ? `TLS, ${c.certificate}` : c.certificate ? `STARTTLS, ${c.certificate}` : 'plaintext, no STARTTLS';
    if (!at.secure && !c.certificate && !LOOPBACK.test(at.host)) {
      return { result: 'FAIL', detail: `${at.host}:${at.port} answers ${name} but offers no STARTTLS: the password would cross the network in clear`,
        advice: `use the implicit-TLS port (${proto === 'imap' ? 993 : 465}) with ${secureVar}=true, or a server that offers STARTTLS` };
    }
    return { result: 'ok', detail: `${at.host}:${at.port} answers ${name} (${tls})` };
  } catch (err) {
    const code = errCode(err);
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(code)) {
      return { result: 'FAIL', detail: `${at.host}:${at.port}: ${errText(err)}`, advice: `check ${name}_HOST and ${name}_PORT, and that a firewall lets this machine reach the server` };
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME/.test(code)) {
      return { result: 'FAIL', detail: `${at.host}:${at.port}: the certificate is not trusted (${code}: ${errText(err)})`,
        advice: `use the host name the certificate was issued for, renew it, or trust a private CA with NODE_EXTRA_CA_CERTS=/path/ca.pem` };
    }
    // The configured mode failed in the handshake or the greeting: does the other mode work?
    const other = await converse(proto, at, !at.secure, false).then(() => true, () => false);
    if (other && at.secure) {
      return { result: 'FAIL', detail: `${at.host}:${at.port} speaks plaintext ${name}, not TLS (${errText(err)})`,
        advice: `set ${secureVar}=false for this port (STARTTLS is used when offered), or use port ${proto === 'imap' ? 993 : 465} with ${secureVar}=true` };
    }
    if (other) {
      return { result: 'FAIL', detail: `${at.host}:${at.port} expects TLS at once: the server did not answer with an ${name} greeting in plaintext`,
        advice: `set ${secureVar}=true for port ${at.port}` };
    }
    return { result: 'FAIL', detail: `${at.host}:${at.port}: ${errText(err)}`, advice: `check that ${name}_HOST:${name}_PORT is an ${name} server` };
  }
}

/** Resolve a host name (an IP address passes as is). */
export async function checkDns(host: string, what: string): Promise<CheckOutcome> {
  if (isIP(host)) return { result: 'ok', detail: `${what} host ${host} is an address` };
  try {
    const addrs = await lookup(host, { all: true });
    return { result: 'ok', detail: `${what} host ${host} resolves to ${addrs.map((a) => a.address).slice(0, 3).join(', ')}` };
  } catch (err) {
    return { result: 'FAIL', detail: `${what} host ${host} does not resolve (${errCode(err) || errText(err)})`, advice: `check the spelling of ${what}_HOST and this machine's DNS` };
  }
}
