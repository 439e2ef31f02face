/**
 * A tiny TCP proxy on a free loopback port in front of a server, counting the sockets open through
 * it at once: how a test sees how many connections the worker really opens (Dovecot's own count,
 * `doveadm who`, needs privileges the test does not have).
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface CountingProxy {
  port: number;
  /** Connections open now, and the most ever open at once. */
  readonly open: number;
  readonly maxOpen: number;
  /** Connections accepted in all. */
  readonly total: number;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  let open = 0;
  let maxOpen = 0;
  let total = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    open++;
    total++;
    maxOpen = Math.max(maxOpen, open);
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    let closed = false;
    const done = () => {
      if (closed) return;
      closed = true;
      open--;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    get open() {
      return open;
    },
    get maxOpen() {
      return maxOpen;
    },
    get total() {
      return total;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
