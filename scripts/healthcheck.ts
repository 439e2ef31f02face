/**
 * The containers' health checks (docker-compose.yml), kept in a file so they can be tested:
 * `web` asks the review page's /healthz and is unhealthy when it is down or Redis is; a failing IMAP
 * makes /healthz answer 503 but leaves the web container healthy, since its page is where organisers
 * see why (and Caddy waits for it). `worker` is unhealthy when no watcher holds the mailbox lease (the
 * worker renews it every LEASE_SECONDS/3; it lapses when the worker dies, hangs or gives up on a
 * refused login) or the IMAP connection's stored state is not ok. Exit 0 healthy, 1 not, with one
 * line saying why (the connection's own status when one failed).
 */
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { leaseKey } from '../src/intake/lease';
import { alerts, type HealthReport } from '../src/status/health';
import { readStatuses } from '../src/status/store';

/** A problem (unhealthy), or null with a note for a page that serves while intake cannot run. */
async function web(port: number): Promise<{ problem: string | null; note?: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
  if (res.ok) return { problem: null };
  const body = (await res.json().catch(() => null)) as HealthReport | null;
  const why = body?.connections ? alerts(body).join('; ') : '';
  const line = `/healthz answered ${res.status}${why ? `: ${why}` : ''}`;
  const pageServes = Array.isArray(body?.failing) && body.failing.length > 0 && !body.failing.includes('redis');
  return pageServes ? { problem: null, note: `healthy: the review page serves and shows why intake stopped (${line})` } : { problem: line };
}

async function worker(url: string, prefix: string, key: string): Promise<string | null> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  try {
    await redis.connect();
    const held = (await redis.exists(key)) === 1;
    const imap = alerts({ ok: false, failing: [], connections: { imap: (await readStatuses(redis, prefix)).imap } });
    if (held && !imap.length) return null;
    return held ? imap[0]! : `no watcher holds the mailbox lease (${key})${imap.length ? `: ${imap[0]}` : ''}`;
  } finally {
    redis.disconnect();
  }
}

async function main(which: string | undefined): Promise<number> {
  const config = loadConfig(process.env);
  const { problem, note } = which === 'web' ? await web(config.WEB_PORT)
    : which === 'worker' ? { problem: await worker(config.REDIS_URL, config.QUEUE_PREFIX, leaseKey(config.QUEUE_PREFIX, config.IMAP_MAILBOX)) }
      : { problem: 'usage: healthcheck web|worker' };
  process.stdout.write(`${problem ?? note ?? 'healthy'}\n`);
  return problem ? 1 : 0;
}

main(process.argv[2]).then((code) => (process.exitCode = code), (err: Error) => {
  process.stdout.write(`unhealthy: ${err.message}\n`);
  process.exitCode = 1;
});
