/**
 * Where fetched mail is understood: in worker threads when a batch is big enough to pay for them
 * (parsing and analysing mail is CPU work, and the main thread has IMAP, Redis and SMTP to serve),
 * inline otherwise (one new message under IDLE is understood at once, no thread to start). Threads
 * start on the first big batch and stop after a quiet spell, so a quiet mailbox pays nothing for them.
 * Each runs with `resourceLimits`: a message that exhausts one is recorded as unreadable, and the
 * thread is replaced; memory stays bounded by design, not by the luck of the mix.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { registerMetricsThread } from '../metrics/threads';
import type { ThreadTask } from './understand-thread';
import type { MessageAt, UnderstandOptions, Understood } from './understand';
import { understandInline, warmInline } from './understand-inline';

const ENTRY = join(__dirname, 'understand-thread.js');

/** One message to understand. */
export interface UnderstandTask {
  raw: Buffer | null;
  at: MessageAt;
}

export interface Understander {
  /**
   * Understand every task, calling `each` with each result as it comes (not in order). Resolves when
   * every `each` has; rejects with the first `each` that rejects (understanding itself never fails:
   * see understandMessage).
   */
  run(tasks: readonly UnderstandTask[], each: (u: Understood) => Promise<void>): Promise<void>;
  /** Threads running now. */
  readonly threads: number;
  /** Load the inline path ahead of the first small batch (see warmInline); a failure is only logged. */
  warm(): Promise<void>;
  /** Stop the threads (after the tasks they hold). */
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Most threads (WORKER_THREADS); 0: always inline. */
  size: number;
  understand: UnderstandOptions;
  log: Logger;
  /** Batches smaller than this are understood inline while no thread runs. Default 16. */
  minBatch?: number;
  /** Threads stop after this long without work. Default 30 s. */
  idleMs?: number;
  /**
   * Heap limits of each thread. Default: 256 MB old generation (room for the largest message), 8 MB
   * young generation: V8's default young generation is 32 MB per thread, most of it garbage between
   * messages; 8 MB cut the bench's peak RSS by about 20 MB at the same rate.
   */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/** Messages handed to one thread ahead of its answer, so it never waits for the main thread. */
const AHEAD = 2;
/** Messages understood at once inline (the parser awaits streams: a little overlap pays). */
const INLINE = 2;

interface Pending {
  task: ThreadTask;
  resolve: (u: Understood) => void;
  /** Threads this message was in when they died. */
  deaths: number;
}

interface Slot {
  worker: Worker;
  held: Map<number, Pending>;
}

/** Build the pool; no thread starts until a batch of `minBatch` or more arrives. */
export function createUnderstander(opts: PoolOptions): Understander {
  const minBatch = opts.minBatch ?? 16;
  const idleMs = opts.idleMs ?? 30_000;
  const limits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8, ...opts.resourceLimits };
  const usable = opts.size > 0 && existsSync(ENTRY);
  if (opts.size > 0 && !usable) opts.log.warn({ entry: ENTRY }, 'understanding threads need the built code (npm run build); understanding in the main thread');
  let slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  function spawn(): Slot {
    const slot: Slot = { worker: new Worker(ENTRY, { workerData: opts.understand, resourceLimits: limits }), held: new Map() };
    registerMetricsThread(slot.worker);
    slot.worker.on('message', (m: { id: number; result?: Understood; error?: string }) => {
      if (typeof m?.id !== 'number') return; // the thread's answer to a metrics request
      const p = slot.held.get(m.id);
      if (!p) return;
      slot.held.delete(m.id);
      if (m.result) p.resolve(m.result);
      else void inline(p, `the message could not be understood (${m.error}); read it in the mailbox`);
      feed();
    });
    // A thread that dies (out of its memory limit, or a crash) gives its messages to a new thread
    // once; a message that was in two dying threads is recorded from its headers with the reason.
    slot.worker.once('exit', (code) => {
      slots = slots.filter((s) => s !== slot);
      if (!slot.held.size) return;
      opts.log.warn({ code, messages: [...slot.held.values()].map((p) => p.task.at.key) }, 'an understanding thread died; its messages go to another');
      for (const p of slot.held.values()) {
        p.deaths++;
        if (p.deaths >= 2) void inline(p, 'understanding this message exhausted the memory allowed for it; read it in the mailbox');
        else queue.unshift(p);
      }
      slot.held.clear();
      feed();
    });
    slot.worker.on('error', (err) => opts.log.warn({ err: err.message }, 'understanding thread failed'));
    slot.worker.unref();
    return slot;
  }

  async function inline(p: Pending, failed?: string): Promise<void> {
    const raw = p.task.raw ? Buffer.from(p.task.raw.buffer, p.task.raw.byteOffset, p.task.raw.byteLength) : null;
    try {
      p.resolve(await understandInline(raw, p.task.at, opts.understand, failed));
    } catch (err) {
      // Not expected (understanding records its own failures), but a waiting batch must never hang.
      p.resolve(await understandInline(raw, p.task.at, opts.understand, `the message could not be understood (${err instanceof Error ? err.message : String(err)}); read it in the mailbox`));
    }
  }

  function feed(): void {
    if (closed) {
      for (const p of queue.splice(0)) void inline(p);
      return;
    }
    const before = slots.length;
    while (queue.length && slots.length < opts.size) slots.push(spawn());
    if (!before && slots.length) opts.log.info({ threads: slots.length, waiting: queue.length }, 'backlog: started extra worker threads to understand mail');
    for (const slot of slots) {
      while (slot.held.size < AHEAD && queue.length) {
        const p = queue.shift()!;
        slot.held.set(p.task.id, p);
        const raw = p.task.raw;
        // Transferred, not cloned: the bytes are copied once, into a buffer of their own, and moved.
        const own = raw ? new Uint8Array(raw) : null;
        slot.worker.postMessage({ ...p.task, raw: own }, own ? [own.buffer] : []);
      }
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!queue.length && slots.every((s) => !s.held.size) && slots.length) {
      idleTimer = setTimeout(() => void stopThreads(), idleMs);
      idleTimer.unref();
    }
  }

  async function stopThreads(): Promise<void> {
    const all = slots;
    slots = [];
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  /** Hand a task to the threads; resolves with its result. */
  function viaThreads(t: UnderstandTask): Promise<Understood> {
    return new Promise((resolve) => {
      queue.push({ task: { id: nextId++, raw: t.raw, at: t.at }, resolve, deaths: 0 });
      feed();
    });
  }

  return {
    get threads() {
      return slots.length;
    },
    async run(tasks, each) {
      if (usable && (slots.length || tasks.length >= minBatch)) {
        await Promise.all(tasks.map(async (t) => each(await viaThreads(t))));
        return;
      }
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < tasks.length; i = next++) await each(await understandInline(tasks[i]!.raw, tasks[i]!.at, opts.understand));
      };
      await Promise.all(Array.from({ length: Math.min(INLINE, tasks.length) }, lane));
    },
    async warm() {
      await warmInline(opts.understand.context).catch((err: Error) => opts.log.warn({ err: err.message }, 'warming up the understanding failed; the first message loads it'));
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      await stopThreads();
    },
  };
}
