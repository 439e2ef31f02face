/**
 * The state of each connection (IMAP, SMTP) as last seen by the process that uses it, kept in Redis
 * so the web process (/healthz, the banner) and `endorse doctor` can show what the worker sees.
 * One hash, `<prefix>:status`, one JSON field per connection; `since` moves only when the state changes.
 */
import type Redis from 'ioredis';
import type { ConnectionName, ConnectionState } from './classify';

/** What is stored for one connection. */
export interface ConnectionStatus {
  state: ConnectionState;
  /** ISO time the connection entered this state. */
  since: string;
  /** ISO time of the latest report. */
  updatedAt: string;
  /** The failure, in words for people (classify.ts); null when ok. */
  error: string | null;
  /** ISO time of the next attempt, when one is planned. */
  nextRetry: string | null;
  /** Failed attempts in a row (login attempts for auth_failed). */
  attempts: number;
  /** True when the user of this connection gave up until a restart (IMAP after IMAP_AUTH_MAX_TRIES). */
  stopped: boolean;
}

/** A report: the state and what goes with it; the store adds the times. */
export interface StatusReport {
  state: ConnectionState;
  error?: string | null;
  nextRetry?: Date | null;
  attempts?: number;
  stopped?: boolean;
}

/** The hash holding every connection's status. */
export function statusKey(prefix: string): string {
  return `${prefix}:status`;
}

/** Writes status reports; never throws (a status is worth less than the work that reports it). */
export interface StatusReporter {
  report(name: ConnectionName, r: StatusReport): Promise<void>;
}

/** A reporter writing to Redis. `onError` hears write failures (default: ignored). */
export function createStatusReporter(redis: Redis, prefix: string, onError: (err: Error) => void = () => undefined, now: () => Date = () => new Date()): StatusReporter {
  const key = statusKey(prefix);
  return {
    async report(name, r) {
      try {
        const previous = parseStatus(await redis.hget(key, name));
        const at = now().toISOString();
        const status: ConnectionStatus = {
          state: r.state,
          since: previous && previous.state === r.state ? previous.since : at,
          updatedAt: at,
          error: r.state === 'ok' ? null : (r.error ?? previous?.error ?? null),
          nextRetry: r.nextRetry ? r.nextRetry.toISOString() : null,
          attempts: r.attempts ?? 0,
          stopped: r.stopped ?? false,
        };
        await redis.hset(key, name, JSON.stringify(status));
      } catch (err) {
        onError(err as Error);
      }
    },
  };
}

function parseStatus(raw: string | null): ConnectionStatus | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as ConnectionStatus;
    return typeof v.state === 'string' && typeof v.since === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Every stored status by connection name (a connection never reported is absent). */
export async function readStatuses(redis: Redis, prefix: string): Promise<Partial<Record<ConnectionName, ConnectionStatus>>> {
  const all = await redis.hgetall(statusKey(prefix));
  const out: Partial<Record<ConnectionName, ConnectionStatus>> = {};
  for (const name of ['imap', 'smtp', 'redis'] as const) {
    const s = parseStatus(all[name] ?? null);
    if (s) out[name] = s;
  }
  return out;
}
