/**
 * Response headers that keep sender content inert: a Content-Security-Policy that loads nothing
 * from outside and runs only our own served script, no framing, no sniffing, no referrer to other sites, no caching
 * of pages that show personal data.
 */
import type { FastifyInstance } from 'fastify';

/** The policy of every page: nothing but our own script, style and images; no inline code at all. */
export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

/**
 * Bull Board's React UI sets inline style attributes and uses a <base> tag; scripts stay 'self' only,
 * and its web-font link to a remote host is blocked (font-src 'self').
 */
export const ADMIN_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'self'",
].join('; ');

/**
 * The public list (routes/public.ts) is meant for other sites: it may be framed and read from any
 * origin, and loads nothing itself.
 */
export const PUBLIC_CSP = "default-src 'none'; frame-ancestors *; base-uri 'none'";

/**
 * Add the headers to every response (the admin UI gets ADMIN_CSP). HSTS (RFC 6797) goes with every
 * answer over TLS, which behind a proxy fastify knows only when trustProxy lets it read
 * X-Forwarded-Proto; `tlsAlways` (an https WEB_PUBLIC_URL) sends it regardless: browsers ignore it
 * over plain HTTP, so it costs nothing on a direct local request.
 */
export function securityHeaders(app: FastifyInstance, adminPrefix: string, opts: { tlsAlways?: boolean } = {}): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const admin = request.url === adminPrefix || request.url.startsWith(`${adminPrefix}/`);
    const open = request.url.startsWith('/public/');
    reply.header('Content-Security-Policy', admin ? ADMIN_CSP : open ? PUBLIC_CSP : CSP);
    if (!open) reply.header('X-Frame-Options', 'DENY');
    reply.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer, Chromium sends `Origin: null` on form posts,
    // which the cross-site check must refuse. Nothing leaves for other sites either way.
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', open ? 'cross-origin' : 'same-origin');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    if (opts.tlsAlways || request.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000');
    return payload;
  });
}
