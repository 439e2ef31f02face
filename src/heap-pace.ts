/**
 * Keeps the worker's heap near what is alive. Left alone, V8 lets the old generation grow to several
 * times the live data before a full collection when a drain allocates fast: measured on 2,000 small
 * messages, the main thread held about 40 MB alive in a heap of up to 170 MB, the rest garbage
 * waiting, and the process peaked at twice the fetch-and-parse floor. Every second, this looks at how
 * far the heap grew since the last full collection and collects when it grew by more than `growthMb`:
 * the heap then stays within the live set plus that margin, a full collection costs milliseconds
 * (the live set is small by design: batches by bytes, no mail in Redis, understanding in threads with
 * their own limits), and a quiet worker is never collected at all.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The pacer, and what it did (its test reads `collections`). */
export interface HeapPacer {
  /** Full collections it ran. */
  readonly collections: number;
  /** Look now (the timer does this every `everyMs`). */
  check(): void;
  stop(): void;
}

/** V8's full collection, exposed once for this process (`--expose-gc` given later: see module comment). */
function fullCollection(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Start pacing; `growthMb` 0 leaves V8 alone. `heapUsed` is injectable for the test.
 */
export function startHeapPacer(growthMb: number, everyMs = 1000, heapUsed: () => number = () => process.memoryUsage().heapUsed): HeapPacer {
  let collections = 0;
  if (growthMb <= 0) return { collections: 0, check: () => undefined, stop: () => undefined };
  const gc = fullCollection();
  const margin = growthMb * 1048576;
  let base = heapUsed();
  const check = () => {
    if (heapUsed() - base <= margin) return;
    gc();
    collections++;
    base = heapUsed();
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    check,
    stop: () => clearInterval(timer),
  };
}
