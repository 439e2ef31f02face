/**
 * Where the app may send a browser after login or a form (`next`, `back`): only to one of its own
 * pages. A link is accepted when it is plain printable ASCII, stays on our origin once resolved as a
 * browser resolves it, and its path matches a GET page route the app registered (not public, not the
 * API); anything else goes to the queue. Browsers strip tabs and newlines and read `\` as `/`, so
 * `/\t/evil.example` would leave the site: such characters are refused outright.
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** `target` when it is one of our own pages (normalised: path and query), else "/". */
    localPath(target: string | undefined): string;
  }
}

const BASE = 'http://local.invalid';

/** A whole-path test for a route url (`/items/:id`, `/admin/queues/*`), segment by segment. */
export type PageMatcher = (path: string) => boolean;

/** The matcher of one route url: `:name` takes one non-empty segment, `*` the rest. */
export function routeMatcher(url: string): PageMatcher {
  const route = url.split('/');
  return (path) => {
    const parts = path.split('/');
    for (let i = 0; i < route.length; i++) {
      const r = route[i]!;
      if (r === '*') return true;
      const p = parts[i];
      if (p === undefined || (r.startsWith(':') ? p === '' : p !== r)) return false;
    }
    return parts.length === route.length;
  };
}

/**
 * The normalised same-origin path of `target` when it passes the checks, else null.
 * @param pages whole-path tests of the pages a browser may be sent to
 */
export function ownPage(target: string | undefined, pages: readonly PageMatcher[]): string | null {
  // Printable ASCII without space or backslash: what a browser puts in a URL it sends us.
  if (!target || !/^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return pages.some((matches) => matches(url.pathname)) ? url.pathname + url.search : null;
}

/**
 * Collect the app's page routes as they are registered and decorate the app with `localPath`.
 * Call before registering routes.
 */
export function installLocalPath(app: FastifyInstance): void {
  const pages: PageMatcher[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url ?? route.path;
    if (!methods.includes('GET') || route.config?.public || url.includes('/api/')) return;
    pages.push(routeMatcher(url));
  });
  app.decorate('localPath', (target: string | undefined) => ownPage(target, pages) ?? '/');
}
