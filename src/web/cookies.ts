/**
 * Cookies without a plugin (RFC 6265): parse the Cookie header into `request.cookies`, and append
 * Set-Cookie headers. Values we set are base64url, so they need no encoding; values we read are
 * taken as they are and only ever compared or hashed.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    cookies: Record<string, string>;
  }
}

/** Attributes of a cookie we set (RFC 6265 section 4.1.2). */
export interface CookieOptions {
  path: string;
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict';
  secure?: boolean;
  /** Seconds; absent means a session cookie (gone when the browser closes). */
  maxAge?: number;
}

/** Name/value pairs of a Cookie header; the first of repeated names wins, malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

/** One Set-Cookie header value. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name) || !/^[A-Za-z0-9_-]*$/.test(value)) throw new RangeError(`cookie ${name}: only base64url values are set`);
  const parts = [`${name}=${value}`, `Path=${o.path}`];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(o.maxAge)}`);
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  if (o.sameSite) parts.push(`SameSite=${o.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  return parts.join('; ');
}

/** Add a Set-Cookie header to the reply (keeping any set before). */
export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): void {
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...list, serializeCookie(name, value, o)]);
}

/** Tell the browser to drop a cookie. */
export function clearCookie(reply: FastifyReply, name: string, o: Omit<CookieOptions, 'maxAge'>): void {
  setCookie(reply, name, '', { ...o, maxAge: 0 });
}

/** Parse every request's cookies into `request.cookies`. */
export function installCookies(app: FastifyInstance): void {
  app.decorateRequest('cookies', null as unknown as Record<string, string>);
  app.addHook('onRequest', async (request) => {
    request.cookies = parseCookies(request.headers.cookie);
  });
}
