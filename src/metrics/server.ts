/**
 * The worker's own /metrics listener (the worker has no other HTTP server): plain node:http on
 * METRICS_HOST:METRICS_PORT, answering GET /metrics and nothing else. A port already in use is
 * reported and skipped: metrics must never stop the worker from taking in mail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsAccess } from './access';
import { METRICS_CONTENT_TYPE } from './registry';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** METRICS_TOKEN: when set, a scrape must bear it. */
  token?: string | undefined;
  /** The exposition text. */
  render: () => Promise<string>;
  onError?: (err: Error) => void;
}

export interface MetricsServer {
  /** The bound port, or null when listening failed. */
  port: number | null;
  close(): Promise<void>;
}

/** Listen; resolves once bound, or once binding failed (then `port` is null and onError heard why). */
export function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const access = metricsAccess(opts.token, req.socket.remoteAddress, req.headers.authorization, false);
    if (access !== 200) {
      res.writeHead(access, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('a bearer token is required\n');
      return;
    }
    opts.render().then(
      (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        opts.onError?.(err as Error);
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics could not be read\n');
      },
    );
  });
  // A scrape is one short request; idle keep-alive sockets must not hold the worker's shutdown.
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 30_000;
  return new Promise((resolve) => {
    const close = () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
    server.once('error', (err) => {
      opts.onError?.(err);
      resolve({ port: null, close: async () => undefined });
    });
    server.listen(opts.port, opts.host, () => resolve({ port: (server.address() as AddressInfo).port, close }));
  });
}
