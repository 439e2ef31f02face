/**
 * Who is asking, and may they: an API token (`Authorization: Bearer`) or a session cookie makes a
 * request an organiser's; every route not marked public refuses anyone else (401 JSON under /api/,
 * a redirect to the login page elsewhere). Session-authenticated writes must carry the session's
 * CSRF token, and a write from another origin is refused whatever it carries.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, Session, Users } from '../users';
import { errorBody, HttpError } from './errors';
import { href } from './html';

/** The session cookie's name. */
export const SESSION_COOKIE = 'sid';

/** Who made a request, when anyone did. */
export interface Identity {
  user: string;
  /** Read on every request, so a changed role applies at once. */
  role: Role;
  via: 'token' | 'session';
  session?: Session;
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (login page, /healthz, assets). */
    public?: boolean;
    /** Writes allowed by a same-origin Origin header alone (Bull Board's fetch calls carry no form token). */
    originIsEnough?: boolean;
    /** Only for admins (account management, the job dashboard); an organiser gets 403. */
    admin?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Constant-time string comparison. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request names another origin in Origin (or, lacking it, Referer). */
function crossOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host !== request.headers.host;
  } catch {
    return true;
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply, err: HttpError): FastifyReply {
  const api = request.url.startsWith('/api/') || request.url.includes('/api/');
  if (api || err.statusCode !== 401) return reply.code(err.statusCode).type('application/json').send(errorBody(err));
  const next = request.method === 'GET' ? request.url : undefined;
  return reply.redirect(href('/login', { next }), 303);
}

/** Install identity resolution, the stranger gate and the CSRF check on every route. */
export function installAuth(app: FastifyInstance, users: Users): void {
  app.decorateRequest('identity', null);

  app.addHook('onRequest', async (request) => {
    const auth = request.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const user = m ? await users.accounts.tokenUser(m[1]!) : null;
      const role = user ? await users.accounts.role(user) : null;
      if (user && role) request.identity = { user, role, via: 'token' };
      return;
    }
    const sid = request.cookies[SESSION_COOKIE];
    if (!sid) return;
    const session = await users.sessions.get(sid);
    const role = session ? await users.accounts.role(session.user) : null;
    if (session && role) request.identity = { user: session.user, role, via: 'session', session, sessionId: sid };
  });

  // preHandler: after the body is parsed, so a form's CSRF field can be read.
  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config ?? {};
    if (config.public) return;
    if (!request.identity) return refuse(request, reply, new HttpError(401, 'unauthorized', 'Log in, or send an API token as "Authorization: Bearer TOKEN".'));
    if (config.admin && request.identity.role !== 'admin') return refuse(request, reply, new HttpError(403, 'admin_only', 'Only an admin may open this: ask one, or see `endorse users role`.'));
    if (SAFE_METHODS.has(request.method) || request.identity.via === 'token') return;
    if (crossOrigin(request)) return refuse(request, reply, new HttpError(403, 'cross_origin', 'Refused: this request came from another site.'));
    const body = request.body as Record<string, unknown> | undefined;
    const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (request.headers['x-csrf-token'] as string | undefined);
    if (sameToken(given, request.identity.session?.csrf)) return;
    if (config.originIsEnough && request.headers.origin && !crossOrigin(request)) return;
    return refuse(request, reply, new HttpError(403, 'csrf', 'Refused: the form was missing its security token or it has expired. Reload the page and try again.'));
  });
}
