/**
 * A private redis-server on a free loopback port in a temp dir, for tests, the demo and the benchmark.
 * Persistence is off unless asked: tests want speed, the crash test wants AOF like production.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopPid, waitFor } from './ports';
import { which } from './which';

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startRedis(opts: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const bin = which('redis-server', 'apt-get install redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'endorse-redis-'));
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'yes', '--save', '',
    '--appendonly', opts.appendonly ? 'yes' : 'no', '--appendfsync', 'everysec', '--dir', dir,
    '--maxmemory-policy', 'noeviction', '--logfile', join(dir, 'redis.log')];
  const child = spawn(bin, args, { stdio: 'ignore', detached: false });
  child.unref();
  const pid = child.pid!;
  await waitFor(`redis-server on 127.0.0.1:${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); see ${dir}/redis.log`);
    return pingRedis(port);
  });
  return {
    port, dir, pid, url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopPid(pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pingRedis(port: number): Promise<boolean> {
  // RESP inline PING; a listening Redis answers +PONG.
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write('PING\r\n'));
    s.once('data', (d) => { s.destroy(); resolve(d.toString().startsWith('+PONG')); });
    s.once('error', () => resolve(false));
  });
}

