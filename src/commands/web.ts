/**
 * `endorse web`: the review page and JSON API on WEB_HOST:WEB_PORT until SIGTERM/SIGINT, then
 * in-flight requests finish and connections close.
 */
import { recipientRule, type Container } from '../container';
import { failedIntakeAlerts } from '../jobs/failed-alerts';
import { createUsers } from '../users';
import { alerts, checkHealth } from '../status/health';
import { buildApp } from '../web/app';
import { containerMetrics } from '../metrics/worker-metrics';
import { withContainer } from './context';

/** Serve until a stop signal. */
export async function serveWeb(c: Container): Promise<void> {
  const app = await buildApp({
    store: c.store,
    users: createUsers(c.redis, c.config.QUEUE_PREFIX),
    replyQueue: c.replyQueue,
    redis: c.redis,
    prefix: c.config.QUEUE_PREFIX,
    queues: [c.intakeQueue, c.intakeLargeQueue, c.replyQueue],
    config: c.config,
    log: c.log.child({ component: 'web' }),
    // 503 when intake cannot run (IMAP refused or unreachable, Redis down); SMTP is shown, not judged.
    health: () => checkHealth(c.redis, c.config.QUEUE_PREFIX),
    alerts: async () => [...alerts(await checkHealth(c.redis, c.config.QUEUE_PREFIX)), ...(await failedIntakeAlerts([c.intakeQueue, c.intakeLargeQueue]))],
    trustProxy: c.config.WEB_TRUST_PROXY,
    publicUrl: c.config.WEB_PUBLIC_URL,
    metrics: { store: containerMetrics(c), token: c.config.METRICS_TOKEN },
    recipients: recipientRule(c.config),
  });
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  if (c.config.WEB_PUBLIC_URL?.startsWith('https:') && !c.config.WEB_TRUST_PROXY) {
    c.log.warn({ publicUrl: c.config.WEB_PUBLIC_URL }, 'WEB_PUBLIC_URL is https but WEB_TRUST_PROXY is off: logins are limited per proxy, not per client, and cookies are not marked Secure');
  }
  const address = await app.listen({ host: c.config.WEB_HOST, port: c.config.WEB_PORT });
  c.log.info({ address }, 'review page listening');
  const signal = await stopped;
  c.log.info({ signal }, 'stopping the review page');
  await app.close();
}

/** `endorse web`. */
export async function webCommand(): Promise<void> {
  await withContainer(serveWeb);
}
