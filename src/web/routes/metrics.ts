/**
 * `GET /metrics` of the web process, in Prometheus's format: the store's counts, queues and
 * connection states (the same numbers the worker's listener gives) and this process's own. Not
 * behind the organisers' login (Prometheus has none): METRICS_TOKEN, or this machine only (access.ts).
 */
import type { FastifyInstance } from 'fastify';
import { forwarded, metricsAccess } from '../../metrics/access';
import type { StoreMetrics } from '../../metrics/collectors';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../../metrics/registry';

/** What the route serves, and who may read it. */
export interface MetricsRouteDeps {
  store: StoreMetrics;
  /** METRICS_TOKEN; unset: loopback clients only. */
  token?: string | undefined;
}

/** Register /metrics; without deps (an app built without Redis), nothing is registered. */
export function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps | undefined): void {
  if (!deps) return;
  app.get('/metrics', { config: { public: true } }, async (request, reply) => {
    const access = metricsAccess(deps.token, request.raw.socket.remoteAddress, request.headers.authorization, true, forwarded(request.headers));
    if (access !== 200) {
      return reply.code(access).header('WWW-Authenticate', 'Bearer').type('text/plain; charset=utf-8')
        .send(access === 401 ? 'a bearer token (METRICS_TOKEN) is required\n' : '/metrics answers this machine only unless METRICS_TOKEN is set\n');
    }
    return reply.type(METRICS_CONTENT_TYPE).header('Cache-Control', 'no-store').send(await renderMetrics(deps.store));
  });
}
