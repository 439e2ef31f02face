/**
 * Job health for operators: Bull Board under /admin/queues, behind the same login as every page and
 * for admins only.
 * Its UI calls its JSON API with fetch and no form token, so its writes (retry, clean) are allowed
 * on a same-origin Origin header instead; a cross-site post is still refused (see auth.ts).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

/** Remove `<link>` tags that point at another host (a scan, not one regex: linear on any page). */
export function stripRemoteLinks(page: string): string {
  const lower = page.toLowerCase();
  let out = '';
  let pos = 0;
  for (let at = lower.indexOf('<link', pos); at >= 0; at = lower.indexOf('<link', pos)) {
    const end = lower.indexOf('>', at);
    if (end < 0) break;
    const tag = page.slice(at, end + 1);
    out += page.slice(pos, at) + (/\shref=["']?(?:https?:)?\/\//i.test(tag) && /^<link[\s/>]/i.test(tag) ? '' : tag);
    pos = end + 1;
  }
  return out + page.slice(pos);
}

/** Where the dashboard lives. */
export const ADMIN_PREFIX = '/admin/queues';

/**
 * Register Bull Board for `queues`, for admins only (its payloads name every sender), read-only:
 * emptying or obliterating a queue would lose mail in flight. Failed work is retried by the worker's start-up
 * repair (jobs/reconcile.ts), not by hand.
 */
export async function adminRoutes(app: FastifyInstance, queues: Queue[]): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Jobs' } },
  });
  serverAdapter.setBasePath(ADMIN_PREFIX);
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), originIsEnough: true, admin: true };
    });
    // Its page links a remote web font; the CSP would block it, but the browser should not even try.
    scope.addHook('onSend', async (_request, reply, payload) =>
      typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html') ? stripRemoteLinks(payload) : payload);
    await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_PREFIX });
  });
}
