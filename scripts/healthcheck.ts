/**
 * The containers' health checks (docker-compose.yml), kept in a file so they can be tested:
 * `web` asks the review page's /healthz (which pings Redis); `worker` checks that a mailbox watcher
 * holds the mailbox lease in Redis, which the worker renews every LEASE_SECONDS/3 while it runs and
 * which lapses when it dies or hangs. Exit 0 healthy, 1 not, with one line saying why.
 */
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { leaseKey } from '../src/intake/lease';

async function web(port: number): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
  return res.ok ? null : `/healthz answered ${res.status}`;
}

async function worker(url: string, key: string): Promise<string | null> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  try {
    await redis.connect();
    return (await redis.exists(key)) === 1 ? null : `no watcher holds the mailbox lease (${key})`;
  } finally {
    redis.disconnect();
  }
}

async function main(which: string | undefined): Promise<number> {
  const config = loadConfig(process.env);
  const problem = which === 'web' ? await web(config.WEB_PORT)
    : which === 'worker' ? await worker(config.REDIS_URL, leaseKey(config.QUEUE_PREFIX, config.IMAP_MAILBOX))
      : 'usage: healthcheck web|worker';
  process.stdout.write(`${problem ?? 'healthy'}\n`);
  return problem ? 1 : 0;
}

main(process.argv[2]).then((code) => (process.exitCode = code), (err: Error) => {
  process.stdout.write(`unhealthy: ${err.message}\n`);
  process.exitCode = 1;
});
