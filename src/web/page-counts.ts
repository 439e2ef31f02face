/**
 * The counts every page shows in its header (open questions), read once per page request and kept
 * in an AsyncLocalStorage for the layout, so no route has to fetch and pass them. The store is
 * entered in an onRequest hook (callback style, so the rest of the request runs inside it) and
 * filled in preHandler, after the login is known: strangers and the JSON API cost nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What the header shows; absent when unknown (no Redis, a request outside a page). */
export interface PageCounts {
  openQuestions?: number;
}

const store = new AsyncLocalStorage<PageCounts>();

/** The counts of the page being rendered, or an empty object outside a request. */
export function pageCounts(): PageCounts {
  return store.getStore() ?? {};
}

/** Fill the counts for every logged-in GET of a page (not /api, /assets, /admin). */
export function installPageCounts(app: FastifyInstance, read: (user: string) => Promise<PageCounts>): void {
  app.addHook('onRequest', (_request, _reply, done) => store.run({}, done));
  app.addHook('preHandler', async (request) => {
    const user = request.identity?.user;
    if (!user || request.method !== 'GET' || /^\/(?:api|assets|admin)\//.test(request.url)) return;
    const holder = store.getStore();
    if (holder) Object.assign(holder, await read(user).catch(() => ({})));
  });
}
