/**
 * Account management for admins: every account with its role, sessions and tokens, a role change and
 * a revocation (as `endorse users role|revoke`). New accounts and passwords stay on the command line,
 * where a password never passes through a browser form of someone else's.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AccountError } from '../../users/accounts';
import type { Users } from '../../users';
import { HttpError } from '../errors';
import { href } from '../html';
import { layout } from '../views/layout';
import { usersBody } from '../views/users';

const DONE = { role: 'Role changed.', revoke: 'Account revoked: its sessions and tokens ended.' } as const;
const query = z.object({ done: z.enum(['role', 'revoke']).optional().catch(undefined) });
const roleBody = z.object({ role: z.enum(['organiser', 'admin'], { message: 'must be organiser or admin' }) });

/** Register /admin/users and its two actions, for admins only. */
export function userRoutes(app: FastifyInstance, users: Users, appeal: string): void {
  const admin = { config: { admin: true } };
  app.get('/admin/users', admin, async (request, reply) => {
    const { done } = query.parse(request.query ?? {});
    const csrf = request.identity!.session?.csrf ?? null;
    const body = usersBody(await users.accounts.list(), request.identity!.user, csrf, done ? DONE[done] : undefined);
    const page = layout({ title: 'Accounts', appeal, user: request.identity!.user, admin: true, csrf, nav: 'users' }, body);
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  const act = (name: 'role' | 'revoke', run: (user: string, body: unknown) => Promise<unknown>) =>
    app.post<{ Params: { name: string } }>(`/admin/users/:name/${name}`, admin, async (request, reply) => {
      try {
        await run(request.params.name, request.body);
      } catch (err) {
        if (err instanceof AccountError) throw new HttpError(400, 'account', err.message);
        throw err;
      }
      return reply.redirect(href('/admin/users', { done: name }), 303);
    });
  act('role', async (user, body) => users.accounts.setRole(user, roleBody.parse(body ?? {}).role));
  act('revoke', async (user) => users.accounts.revoke(user));
}
