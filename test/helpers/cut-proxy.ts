/**
 * A TCP proxy on a free loopback port that a test can cut (every connection dropped, new ones
 * refused) and restore on the same port: a Redis blip or failover as the client sees it, at the
 * instant the test chooses. `onClientData` sees every chunk a client sends, for a test that counts commands.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface CutProxy {
  port: number;
  /** Drop every connection and refuse new ones until `restore`. */
  cut(): Promise<void>;
  /** Accept connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number, opts: { onClientData?: (chunk: Buffer) => void } = {}): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    if (opts.onClientData) client.on('data', opts.onClientData);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  };
  await listen(0);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { port, cut: stop, restore: () => listen(port), close: stop };
}
