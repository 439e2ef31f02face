/**
 * Whether intake can run, from the stored connection statuses and a live Redis ping: the one
 * decision behind /healthz (503 when it cannot) and the review page's banner. SMTP is reported but
 * does not make the service unhealthy: intake and review go on while replies wait.
 */
import type Redis from 'ioredis';
import type { ConnectionName } from './classify';
import { readStatuses, type ConnectionStatus } from './store';
import { describeRecovery, readRecovery, RECOVERY_BANNER_MS, type RecoveryRecord } from './recovery';

/** The body of /healthz. */
export interface HealthReport {
  ok: boolean;
  /** Connections that stop intake, e.g. ["imap"]. */
  failing: ConnectionName[];
  connections: Partial<Record<ConnectionName, ConnectionStatus | { state: 'unreachable'; error: string }>>;
  /** The last recovery from a Redis reset (src/recovery), when there was one; it does not make the report fail. */
  recovery?: RecoveryRecord;
}

/** Decide from what was read; `redisError` is the failed ping's message, null when Redis answered. */
export function healthFrom(statuses: Partial<Record<ConnectionName, ConnectionStatus>>, redisError: string | null): HealthReport {
  if (redisError !== null) {
    return { ok: false, failing: ['redis'], connections: { redis: { state: 'unreachable', error: redisError } } };
  }
  const failing: ConnectionName[] = statuses.imap && statuses.imap.state !== 'ok' ? ['imap'] : [];
  return { ok: failing.length === 0, failing, connections: statuses };
}

/** Ping Redis (bounded by `timeoutMs`) and read the statuses; never throws. */
export async function checkHealth(redis: Redis, prefix: string, timeoutMs = 2000): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const statuses = await Promise.race([(async () => {
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
      return { statuses: await readStatuses(redis, prefix), recovery: await readRecovery(redis, prefix) };
    })(), timeout]);
    const report = healthFrom(statuses.statuses, null);
    return statuses.recovery ? { ...report, recovery: statuses.recovery } : report;
  } catch (err) {
    return healthFrom({}, (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

const LABEL: Record<ConnectionName, string> = { imap: 'IMAP', smtp: 'SMTP', redis: 'Redis' };
const WHAT: Record<Exclude<ConnectionStatus['state'], 'ok'>, string> = {
  auth_failed: 'login failed', unreachable: 'server unreachable', tls_error: 'TLS failed',
};

/** "IMAP login failed since 10:02 UTC: …; next try 10:34 UTC", or null when the connection is ok. */
export function describeStatus(name: ConnectionName, s: HealthReport['connections'][ConnectionName]): string | null {
  if (!s || s.state === 'ok') return null;
  const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;
  const since = 'since' in s ? ` since ${hhmm(s.since)}` : '';
  const next = 'nextRetry' in s && s.nextRetry && !s.stopped ? `; next try ${hhmm(s.nextRetry)}` : '';
  const stopped = 'stopped' in s && s.stopped ? `; gave up after ${s.attempts} tries: fix it, then restart the worker` : '';
  return `${LABEL[name]} ${WHAT[s.state]}${since}: ${s.error ?? 'no details'}${next}${stopped}`;
}

/** One line per failing connection, IMAP and Redis first; then a recovery from a Redis reset in the last week. */
export function alerts(report: HealthReport, now = Date.now()): string[] {
  const lines = (['redis', 'imap', 'smtp'] as const).map((n) => describeStatus(n, report.connections[n])).filter((l): l is string => l !== null);
  const r = report.recovery;
  return r && now - Date.parse(r.at) < RECOVERY_BANNER_MS ? [...lines, describeRecovery(r)] : lines;
}
