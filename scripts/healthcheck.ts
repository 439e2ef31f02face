/**
 * The containers' health checks (docker-compose.yml), kept in a file so they can be tested:
 * `web` asks the review page's /healthz (Redis answers, IMAP not refused or unreachable); `worker`
 * checks that a mailbox watcher holds the mailbox lease in Redis, which the worker renews every
 * LEASE_SECONDS/3 while it runs and which lapses when it dies, hangs or gives up on a refused login.
 * Exit 0 healthy, 1 not, with one line saying why (the connection's own status when one failed).
 */
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { leaseKey } from '../src/intake/lease';
import { alerts, type HealthReport } from '../src/status/health';
import { readStatuses } from '../src/status/store';

async function web(port: number): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
  if (res.ok) return null;
  const body = (await res.json().catch(() => null)) as HealthReport | null;
  const why = body?.connections ? alerts(body).join('; ') : '';
  return `/healthz answered ${res.status}${why ? `: ${why}` : ''}`;
}

async function worker(url: string, prefix: string, key: string): Promise<string | null> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  try {
    await redis.connect();
    if ((await redis.exists(key)) === 1) return null;
    const imap = alerts({ ok: false, failing: [], connections: { imap: (await readStatuses(redis, prefix)).imap } });
    return `no watcher holds the mailbox lease (${key})${imap.length ? `: ${imap[0]}` : ''}`;
  } finally {
    redis.disconnect();
  }
}

async function main(which: string | undefined): Promise<number> {
  const config = loadConfig(process.env);
  const problem = which === 'web' ? await web(config.WEB_PORT)
    : which === 'worker' ? await worker(config.REDIS_URL, config.QUEUE_PREFIX, leaseKey(config.QUEUE_PREFIX, config.IMAP_MAILBOX))
      : 'usage: healthcheck web|worker';
  process.stdout.write(`${problem ?? 'healthy'}\n`);
  return problem ? 1 : 0;
}

main(process.argv[2]).then((code) => (process.exitCode = code), (err: Error) => {
  process.stdout.write(`unhealthy: ${err.message}\n`);
  process.exitCode = 1;
});
