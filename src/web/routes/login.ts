/**
 * Login and logout. The login form is protected from cross-site posting by a double-submit token
 * (a cookie and a form field that must match); attempts are rate-limited in Redis per IP and name.
 * A failed attempt is logged without what was typed: people type passwords into the user field.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Users } from '../../users';
import { sameToken, SESSION_COOKIE } from '../auth';
import { clearCookie, setCookie } from '../cookies';
import { layout } from '../views/layout';
import { loginView } from '../views/login';

const LOGIN_COOKIE = 'login_csrf';

const loginForm = z.object({
  _csrf: z.string().optional(),
  user: z.string().trim().max(200).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

// Keyed per process, so a log line's tag cannot be brute-forced back into what was typed.
const TAG_KEY = randomBytes(32);

/**
 * What a failed login logs about the user field: the account name when it is one (that is no
 * secret, and shows who is being guessed at), else only its length and a keyed hash that links the
 * attempts of one process without revealing the text.
 */
async function attemptedUser(users: Users, typed: string): Promise<Record<string, string | number>> {
  if (await users.accounts.exists(typed)) return { user: typed };
  return { userLength: [...typed].length, userTag: createHmac('sha256', TAG_KEY).update(typed).digest('hex').slice(0, 12) };
}

/** Register GET/POST /login and POST /logout. */
export function loginRoutes(app: FastifyInstance, users: Users, appeal: string): void {
  const secure = (request: FastifyRequest) => request.protocol === 'https';

  function showLogin(request: FastifyRequest, reply: FastifyReply, status: number, opts: { next: string; error?: string; user?: string }) {
    // Reuse the browser's token: a second login page (another tab, a favicon request sent to the
    // login page) must not invalidate the form already on screen.
    const existing = request.cookies[LOGIN_COOKIE];
    const token = existing && /^[A-Za-z0-9_-]{32}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
    setCookie(reply, LOGIN_COOKIE, token, { path: '/login', httpOnly: true, sameSite: 'strict', secure: secure(request), maxAge: 3600 });
    const page = layout({ title: 'Log in', appeal, user: null, csrf: null }, loginView({ csrf: token, ...opts }));
    return reply.code(status).type('text/html; charset=utf-8').send(page.value);
  }

  app.get('/login', { config: { public: true } }, async (request, reply) => {
    const next = app.localPath((request.query as { next?: string }).next);
    if (request.identity?.via === 'session') return reply.redirect(next, 303);
    return showLogin(request, reply, 200, { next });
  });

  app.post('/login', { config: { public: true } }, async (request, reply) => {
    const form = loginForm.safeParse(request.body ?? {});
    if (!form.success) return showLogin(request, reply, 400, { next: '/', error: 'The login form was malformed.' });
    const { user, password } = form.data;
    const next = app.localPath(form.data.next);
    if (!sameToken(form.data._csrf, request.cookies[LOGIN_COOKIE])) {
      return showLogin(request, reply, 403, { next, user, error: 'The login form expired or came from another site. Please try again.' });
    }
    const wait = await users.attempts.blockedFor(request.ip, user);
    if (wait > 0) {
      return showLogin(request, reply, 429, { next, user, error: `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minute(s).` });
    }
    const name = user && password ? await users.accounts.verify(user, password) : null;
    if (!name) {
      await users.attempts.failed(request.ip, user);
      request.log.warn({ ...(await attemptedUser(users, user)), ip: request.ip }, 'failed login');
      return showLogin(request, reply, 401, { next, user, error: 'Wrong user name or password.' });
    }
    await users.attempts.succeeded(request.ip, user);
    const old = request.cookies[SESSION_COOKIE];
    if (old) await users.sessions.destroy(old);
    const { id } = await users.sessions.create(name);
    clearCookie(reply, LOGIN_COOKIE, { path: '/login' });
    setCookie(reply, SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request) });
    request.log.info({ user: name }, 'login');
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    if (request.identity?.sessionId) await users.sessions.destroy(request.identity.sessionId);
    clearCookie(reply, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
    return reply.redirect('/login', 303);
  });
}
