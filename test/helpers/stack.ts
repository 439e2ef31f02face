/**
 * The whole world the worker talks to, on loopback: Redis, Dovecot and an SMTP sink, plus the
 * environment that points `endorse` at them and ways to load mail and run the CLI. Used by the
 * end-to-end and crash tests, the demo and the benchmark.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotServer } from './dovecot';
import { startRedis, type RedisServer } from './redis';
import { startSmtpSink, type SmtpSink } from './smtp-sink';


/** Path of the built CLI (npm test builds first; the demo and bench run from dist/). */
export function cliPath(): string {
  // From test/helpers (ts-jest) or dist/test/helpers (built): the CLI is always dist/src/cli.js.
  const root = __dirname.includes(`${join('dist', 'test')}`) ? join(__dirname, '../../..') : join(__dirname, '../..');
  return join(root, 'dist/src/cli.js');
}

export interface Stack {
  redis: RedisServer;
  dovecot: DovecotServer;
  smtp: SmtpSink;
  /** Environment for `endorse`, with its own QUEUE_PREFIX. */
  env(overrides?: Record<string, string>): Record<string, string>;
  imap(): Promise<ImapFlow>;
  /** Append raw messages to a folder (INBOX by default), in order, over a few connections. */
  append(messages: Buffer[], opts?: { folder?: string; dates?: (Date | undefined)[] }): Promise<void>;
  stop(): Promise<void>;
}

/** `redis`: use this server (e.g. one the fault suite restarts) instead of starting one; the stack stops it. */
export async function startStack(opts: { redisAppendonly?: boolean; redis?: RedisServer } = {}): Promise<Stack> {
  const [redis, dovecot, smtp] = await Promise.all([opts.redis ?? startRedis({ appendonly: opts.redisAppendonly }), startDovecot(), startSmtpSink()]);
  const imap = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await c.connect();
    return c;
  };
  const prefix = `t${randomBytes(4).toString('hex')}`;
  // The epoch's state files (STATE_DIR) belong to this stack: left in ./state, a later run's Redis,
  // fresh, would look like one that lost its epoch to a worker using the same queue prefix.
  const stateDir = mkdtempSync(join(tmpdir(), 'stack-state-'));
  return {
    redis, dovecot, smtp, imap,
    env: (overrides = {}) => ({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      IMAP_HOST: '127.0.0.1', IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false',
      IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password,
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false',
      FROM_ADDRESS: 'Appeal team <info@ukraine-solidarity.eu>',
      APPEAL_TITLE: 'Stop the Russian war of aggression! Peace for Ukraine!',
      REDIS_URL: redis.url, QUEUE_PREFIX: prefix, STATE_DIR: stateDir, LOG_LEVEL: 'warn', POLL_SECONDS: '1',
      // Tests load sample mail (dated 2023) before the first run and expect it taken in and answered;
      // tests of INTAKE_START and REPLY_MAX_AGE_DAYS, and the demo, set their own.
      INTAKE_START: 'all', REPLY_MAX_AGE_DAYS: '0',
      // Replies an organiser's action sends go at once here; the undo window has its own tests (web-withdrawals, browser).
      REVIEW_UNDO_SECONDS: '0',
      // The loopback servers offer no STARTTLS: cleartext is allowed here, and only here.
      IMAP_ALLOW_PLAINTEXT: 'true', SMTP_ALLOW_PLAINTEXT: 'true',
      ...overrides,
    }),
    async append(messages, o = {}) {
      const folder = o.folder ?? 'INBOX';
      const conns = await Promise.all([imap(), imap(), imap(), imap()]);
      try {
        // Four connections in parallel, but each message's place in the list decides its order in
        // the folder only within one connection; order across connections is not needed by anyone.
        let next = 0;
        await Promise.all(conns.map(async (c) => {
          for (let i = next++; i < messages.length; i = next++) await c.append(folder, messages[i]!, [], o.dates?.[i] ?? dateHeader(messages[i]!));
        }));
      } finally {
        await Promise.all(conns.map((c) => c.logout().catch(() => undefined)));
      }
    },
    async stop() {
      await Promise.allSettled([redis.stop(), dovecot.stop(), smtp.close()]);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The Date header of a raw message, as a server would have stamped its arrival; undefined when unreadable. */
function dateHeader(raw: Buffer): Date | undefined {
  const head = raw.subarray(0, 16384).toString('latin1');
  const m = /^Date:[ \t]*(.+)$/im.exec(head.slice(0, head.search(/\r?\n\r?\n/) >>> 0));
  const d = m ? new Date(m[1]!.trim()) : null;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `endorse` CLI with an environment; resolves with exit code and output. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliPath(), ...args], { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Start the CLI as a child we can kill. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [cliPath(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Message-IDs of the messages `endorse extract` (the built CLI, offline) says should be acknowledged. */
export async function dueOffline(raws: Buffer[], env: Record<string, string>): Promise<Set<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'due-'));
  try {
    const files = raws.map((r, i) => {
      const f = join(dir, `${i}.eml`);
      writeFileSync(f, r);
      return f;
    });
    const out = await runCli(['extract', ...files], env);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { messageId: string; acknowledge: boolean });
    return new Set(lines.filter((l) => l.acknowledge).map((l) => l.messageId));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
