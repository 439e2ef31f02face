/**
 * Wiring for a process built by the container: the store metrics over its Redis, store and queues,
 * and, in the worker, the listener on METRICS_PORT. One call from `endorse worker` and `endorse web`.
 */
import type { Container } from '../container';
import { createStoreMetrics, type StoreMetrics } from './collectors';
import { renderMetrics } from './registry';
import { startMetricsServer, type MetricsServer } from './server';

/** The store metrics of this container's Redis, store and queues. */
export function containerMetrics(c: Container): StoreMetrics {
  return createStoreMetrics({ redis: c.redis, prefix: c.config.QUEUE_PREFIX, store: c.store, queues: [c.intakeQueue, c.intakeLargeQueue, c.replyQueue] });
}

/** Start the worker's listener when METRICS_PORT is set; returns its stop function (a no-op otherwise). */
export async function serveWorkerMetrics(c: Container): Promise<() => Promise<void>> {
  if (!c.config.METRICS_PORT) return async () => undefined;
  const store = containerMetrics(c);
  const server: MetricsServer = await startMetricsServer({
    host: c.config.METRICS_HOST, port: c.config.METRICS_PORT, token: c.config.METRICS_TOKEN,
    render: () => renderMetrics(store),
    onError: (err) => c.log.warn({ err: err.message }, 'metrics: the listener failed'),
  });
  if (server.port !== null) c.log.info({ host: c.config.METRICS_HOST, port: server.port }, 'metrics on /metrics');
  return () => server.close();
}
