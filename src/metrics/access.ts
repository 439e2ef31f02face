/**
 * Who may read /metrics. The numbers carry no personal data, but they tell an outsider how much
 * mail the appeal gets and when its workers fail: with METRICS_TOKEN set, only a request bearing it
 * (`Authorization: Bearer <token>`); without one, the web process serves only this machine (a
 * loopback client address, and no proxy's forwarding header: a reverse proxy on this machine would
 * otherwise hand /metrics to the whole internet), while the worker's listener serves whoever reaches METRICS_HOST (by
 * default 127.0.0.1; on a compose network, Prometheus).
 */
import { timingSafeEqual } from 'node:crypto';

/** The decision: 200 to serve, 401 without the right token, 403 for a stranger when no token is set. */
export type MetricsAccess = 200 | 401 | 403;

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** The request headers that say a proxy passed the request on (Caddy and nginx set one of them). */
export function forwarded(headers: Record<string, string | string[] | undefined>): boolean {
  return ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => headers[h] !== undefined);
}

/**
 * Decide from the configured token, the socket's peer address (never X-Forwarded-For: a proxy on
 * this machine would make every client look local) and the Authorization header.
 * @param loopbackOnly without a token, refuse clients that are not on this machine
 * @param viaProxy the request came through a proxy (`forwarded`): refused without a token when loopbackOnly
 */
export function metricsAccess(
  token: string | undefined, remoteAddress: string | undefined, authorization: string | undefined, loopbackOnly = true, viaProxy = false,
): MetricsAccess {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return 401;
    const given = Buffer.from(m[1]!);
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want) ? 200 : 401;
  }
  if (!loopbackOnly) return 200;
  return LOOPBACK.test(remoteAddress ?? '') && !viaProxy ? 200 : 403;
}
