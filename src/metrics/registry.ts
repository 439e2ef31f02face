/**
 * The exposition: the store's metrics read from Redis, this thread's stage durations summed with
 * those of the worker threads, and Node's process metrics (memory, CPU, event loop), as one text
 * in Prometheus's format. The web process and the worker's listener both serve it.
 */
import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import type { StoreMetrics } from './collectors';
import { threadMetrics } from './threads';
import { processRegistry } from './timers';

/** Prometheus's text format, for the Content-Type header. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

let defaults: Registry | null = null;
/** Node's default metrics, once per process (they are process-wide, so never asked of threads). */
function processDefaults(): Registry {
  if (!defaults) {
    defaults = new Registry();
    collectDefaultMetrics({ register: defaults, prefix: 'endorse_' });
  }
  return defaults;
}

/** Everything this process knows, as text; `store` is read from Redis first. */
export async function renderMetrics(store: StoreMetrics): Promise<string> {
  const [, own, threads] = await Promise.all([store.refresh(), processRegistry.getMetricsAsJSON(), threadMetrics()]);
  const stages = threads.length ? AggregatorRegistry.aggregate([own, ...threads]) : processRegistry;
  const texts = await Promise.all([store.registry.metrics(), stages.metrics(), processDefaults().metrics()]);
  return texts.join('\n');
}
