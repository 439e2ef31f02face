/**
 * Extra intake workers in worker threads, so one `endorse worker` process uses every core
 * (parsing and analysing mail is CPU work). Each thread builds its own container from the same
 * environment and runs stateless BullMQ workers; the watcher and the reply worker (which open IMAP
 * and SMTP connections, within the budget of src/mailbox/budget.ts) stay in the main thread. Threads,
 * not processes, so the process's memory is the whole cost and a supervisor sees one program.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { registerMetricsThread } from '../metrics/threads';

const ENTRY = join(__dirname, 'thread-entry.js');

export interface WorkerThreads {
  count: number;
  /** Ask every thread to finish its in-flight jobs and exit; resolves when all have. */
  stop(): Promise<void>;
}

/** Waiting intake jobs that make extra threads worth their memory (each costs tens of MB). */
export const THREAD_BACKLOG = 100;

/**
 * Start `n` threads once `backlog()` reaches THREAD_BACKLOG (checked every `everyMs`), so a quiet
 * mailbox or a few big messages never pay for them; a backlog of thousands does.
 */
export function startWorkerThreadsWhenBusy(
  n: number, env: Record<string, string | undefined>, log: Logger, backlog: () => Promise<number>, everyMs = 1000,
): WorkerThreads {
  if (n <= 0) return { count: 0, stop: async () => undefined };
  let started: WorkerThreads | null = null;
  let stopping = false;
  const check = async () => {
    if (started || stopping) return;
    const waiting = await backlog().catch(() => 0);
    if (waiting >= THREAD_BACKLOG && !stopping) {
      started = startWorkerThreads(n, env, log);
      log.info({ threads: started.count, waiting }, 'backlog: started extra worker threads');
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  void check();
  return {
    get count() {
      return started?.count ?? 0;
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await started?.stop();
    },
  };
}

/**
 * Start `n` threads. Under ts-jest there is no compiled entry next to this file: then none start
 * (the main thread's workers carry the load) and the log says so.
 */
function startWorkerThreads(n: number, env: Record<string, string | undefined>, log: Logger): WorkerThreads {
  if (n <= 0) return { count: 0, stop: async () => undefined };
  if (!existsSync(ENTRY)) {
    log.warn({ entry: ENTRY }, 'worker threads need the built code (npm run build); running in the main thread only');
    return { count: 0, stop: async () => undefined };
  }
  const threads = Array.from({ length: n }, (_, i) => {
    const t = new Worker(ENTRY, { workerData: { env, index: i } });
    registerMetricsThread(t);
    const exited = new Promise<void>((resolve) => t.once('exit', () => resolve()));
    t.on('error', (err) => log.error({ thread: i, err: err.message }, 'worker thread failed'));
    return { t, exited };
  });
  return {
    count: n,
    async stop() {
      for (const { t } of threads) t.postMessage('stop');
      await Promise.all(threads.map((x) => x.exited));
    },
  };
}
