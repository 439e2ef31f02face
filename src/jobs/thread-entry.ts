/**
 * Body of one worker thread (see threads.ts): intake workers on their own Redis connections, until the
 * main thread says stop. Replies stay in the main thread: sending is waiting, not CPU, and each
 * thread's SMTP and Sent-folder connections would count against the provider's connection cap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { createContainer } from '../container';
import { createLogger } from '../log';
import { answerMetricsRequests } from '../metrics/threads';

const { env, index } = workerData as { env: Record<string, string | undefined>; index: number };
const config = loadConfig(env);
const log = createLogger(config.LOG_LEVEL).child({ thread: index });
const c = createContainer(config, log);
c.startWorkers({ intake: true, reply: false, large: false });
answerMetricsRequests(parentPort);
parentPort?.on('message', (msg) => {
  if (msg !== 'stop') return;
  c.close().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err: String(err) }, 'closing the worker thread failed');
      process.exit(1);
    },
  );
});
