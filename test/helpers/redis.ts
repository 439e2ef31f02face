/**
 * A private redis-server on a free loopback port in a temp dir, for tests, the demo and the benchmark.
 * Persistence is off unless asked: tests want speed, the crash test and the fault suite want AOF
 * (everysec) like production, and a server they can kill and start again from an older AOF.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort, stopPid, waitFor } from './ports';
import { which } from './which';

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** Its append-only directory (Redis 7: base, incremental files and manifest). */
  readonly aofDir: string;
  /** The running server's pid (a new one after each `start`). */
  readonly pid: number;
  /** SIGKILL, as a crash or an OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Start again on the same port and directory, loading whatever AOF is there. */
  start(): Promise<void>;
  /** Copy the AOF directory as it is now (the lagging replica or old file a restart loads). */
  snapshotAof(): string;
  /** Replace the AOF directory with a snapshot, or remove it (null: Redis restarts empty). */
  replaceAof(snapshot: string | null): void;
  /** `kill`, `replaceAof(snapshot)`, `start`. */
  restartFrom(snapshot: string | null): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(opts: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const bin = which('redis-server', 'apt-get install redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'endorse-redis-'));
  const snapshots = join(dir, 'snapshots');
  const aofDir = join(dir, 'appendonlydir');
  let pid = 0;
  let starts = 0;
  const start = async () => {
    const log = `redis${starts++ || ''}.log`;
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'yes', '--save', '',
      '--appendonly', opts.appendonly ? 'yes' : 'no', '--appendfsync', 'everysec', '--dir', dir, '--appenddirname', 'appendonlydir',
      '--maxmemory-policy', 'noeviction', '--logfile', join(dir, log)];
    const child = spawn(bin, args, { stdio: 'ignore', detached: false });
    child.unref();
    pid = child.pid!;
    // A large AOF takes a while to load (the server answers -LOADING meanwhile).
    await waitFor(`redis-server on 127.0.0.1:${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); see ${dir}/${log}`);
      return pingRedis(port);
    }, 30_000);
  };
  const kill = async () => {
    if (!alive(pid)) return;
    process.kill(pid, 'SIGKILL');
    await waitFor('redis-server to die', async () => !alive(pid), 10_000);
  };
  const replaceAof = (snapshot: string | null) => {
    rmSync(aofDir, { recursive: true, force: true });
    if (snapshot) cpSync(snapshot, aofDir, { recursive: true });
  };
  await start();
  let n = 0;
  return {
    port, dir, aofDir, url: `redis://127.0.0.1:${port}`,
    get pid() {
      return pid;
    },
    kill, start, replaceAof,
    snapshotAof() {
      const to = join(snapshots, String(n++));
      cpSync(aofDir, to, { recursive: true });
      return to;
    },
    async restartFrom(snapshot) {
      await kill();
      replaceAof(snapshot);
      await start();
    },
    async stop() {
      await stopPid(pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pingRedis(port: number): Promise<boolean> {
  // RESP inline PING; a listening Redis answers +PONG (-LOADING while it loads its AOF).
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write('PING\r\n'));
    s.once('data', (d) => { s.destroy(); resolve(d.toString().startsWith('+PONG')); });
    s.once('error', () => resolve(false));
  });
}
