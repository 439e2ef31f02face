/**
 * Body of one understanding thread (see understand-pool.ts): takes raw messages from the main thread,
 * one at a time, and answers with what understand.ts made of them. It loads only the pure core and
 * mailparser, no Redis or IMAP client, so a thread costs little memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answerMetricsRequests } from '../metrics/threads';
import { understandMessage, type MessageAt, type UnderstandOptions } from './understand';

/** A task from the pool: the message's bytes (transferred, not copied) and where it is. */
export interface ThreadTask {
  id: number;
  raw: Uint8Array | null;
  at: MessageAt;
}

const opts = workerData as UnderstandOptions;
// Its parse and understand durations reach the worker's /metrics through the main thread.
answerMetricsRequests(parentPort);
parentPort?.on('message', (task: ThreadTask) => {
  if (typeof task?.id !== 'number' || !task.at) return; // a metrics request, answered above
  const raw = task.raw ? Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength) : null;
  understandMessage(raw, task.at, opts).then(
    (result) => parentPort?.postMessage({ id: task.id, result }),
    (err: unknown) => parentPort?.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
