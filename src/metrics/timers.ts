/**
 * Durations of the pipeline's stages (fetch, parse, understand, store, send), observed where the
 * work happens with a one-line call, into histograms of this thread. They are per-process (per
 * thread) by nature: a worker thread answers its parent's request with its own values (threads.ts)
 * and the main thread adds them up, so the worker's /metrics covers every thread.
 */
import { Histogram, Registry } from 'prom-client';

/** The stages timed; `fetch` is one IMAP batch, `send` one SMTP transaction, the rest one message. */
export type Stage = 'fetch' | 'parse' | 'understand' | 'store' | 'send';

/** This thread's own metrics: what it measured, not what the store holds. */
export const processRegistry = new Registry();

/** 1 ms to 1 min: a parse of a small mail is a millisecond, an IMAP batch or an SMTP send can take seconds. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const stageSeconds = new Histogram({
  name: 'endorse_stage_duration_seconds',
  help: 'Time spent in one pipeline stage: fetch (one IMAP batch), parse, understand and store (one message), send (one SMTP transaction).',
  labelNames: ['stage'] as const,
  buckets: BUCKETS,
  registers: [processRegistry],
});

/** Record one stage's duration in seconds. */
export function observeStage(stage: Stage, seconds: number): void {
  stageSeconds.observe({ stage }, seconds);
}

/** Run `fn`, recording how long it took (also when it throws), and return its result. */
export async function timeStage<T>(stage: Stage, fn: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  try {
    return await fn();
  } finally {
    observeStage(stage, Number(process.hrtime.bigint() - start) / 1e9);
  }
}

/** The synchronous form, for CPU work (understanding a message). */
export function timeStageSync<T>(stage: Stage, fn: () => T): T {
  const start = process.hrtime.bigint();
  try {
    return fn();
  } finally {
    observeStage(stage, Number(process.hrtime.bigint() - start) / 1e9);
  }
}
