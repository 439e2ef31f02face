/**
 * Stage durations observed in worker threads reach the main thread's /metrics: each thread answers
 * its parent's request with its registry as JSON, and the main thread adds the answers to its own
 * (prom-client's AggregatorRegistry, made for cluster workers, sums histograms the same way).
 * Process-wide metrics (memory, CPU) are not asked of threads: they would be counted twice.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { processRegistry } from './timers';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

const REQUEST = 'endorse:metrics?';
const REPLY = 'endorse:metrics';
/** A thread busy parsing a large mail answers late; a scrape does not wait for it longer than this. */
const THREAD_ANSWER_MS = 2000;

const threads = new Set<Worker>();

/** In a worker thread: answer the main thread's requests with this thread's metrics. */
export function answerMetricsRequests(port: MessagePort | null): void {
  port?.on('message', (msg: unknown) => {
    const id = (msg as { [REQUEST]?: number } | null)?.[REQUEST];
    if (typeof id !== 'number') return;
    void processRegistry.getMetricsAsJSON().then((json) => port.postMessage({ [REPLY]: id, json }));
  });
}

/** In the main thread: count this thread in every scrape until it exits. */
export function registerMetricsThread(t: Worker): void {
  threads.add(t);
  t.once('exit', () => threads.delete(t));
}

let nextId = 1;
/** The metrics of every registered thread that answers in time (a thread that does not is left out). */
export async function threadMetrics(timeoutMs = THREAD_ANSWER_MS): Promise<MetricsJson[]> {
  const asks = [...threads].map((t) => new Promise<MetricsJson | null>((resolve) => {
    const id = nextId++;
    const done = (v: MetricsJson | null) => {
      clearTimeout(timer);
      t.off('message', onMessage);
      t.off('exit', onExit);
      resolve(v);
    };
    const onMessage = (msg: unknown) => {
      const m = msg as { [REPLY]?: number; json?: MetricsJson } | null;
      if (m?.[REPLY] === id) done(m.json ?? null);
    };
    const onExit = () => done(null);
    const timer = setTimeout(() => done(null), timeoutMs);
    t.on('message', onMessage);
    t.once('exit', onExit);
    t.postMessage({ [REQUEST]: id });
  }));
  return (await Promise.all(asks)).filter((j): j is MetricsJson => j !== null);
}
