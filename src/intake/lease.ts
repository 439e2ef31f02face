/**
 * Exactly one mailbox watcher per mailbox, across processes and machines: a Redis lease
 * (`SET key token NX PX ttl`) renewed by compare-and-pexpire, with a fencing token (INCR) handed out on
 * each acquisition, so writes fenced by the token (the UID cursor) are refused once the lease is gone.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type Redis from 'ioredis';
import { LeaseTimeoutError, WatcherStoppedError } from './errors';

// SET NX PX and INCR of the fence in one step, so a holder always has a fence newer than the last one.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Tokens name their holder (`host:pid:random`), so a watcher restarted after a crash on the same
 * machine can see that the holder's process is gone and take over at once instead of waiting out the
 * ttl. Holders on other machines are always waited for; the fence guards the cursor either way.
 */
function newToken(): string {
  return `${here()}:${process.pid}:${randomBytes(12).toString('hex')}`;
}

/**
 * This machine and PID namespace: two containers may share a hostname, and a pid is only meaningful
 * inside its own namespace (Linux: the inode of /proc/self/ns/pid).
 */
function here(): string {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid').replace(/\D/g, '');
  } catch {
    /* not Linux: the hostname alone */
  }
  return `${hostname()}${ns ? `/${ns}` : ''}`.replace(/:/g, '_');
}

/** True when `token` names a process on this machine that no longer exists. */
function holderIsDeadHere(token: string | null): boolean {
  if (!token) return false;
  const [host, pid] = token.split(':');
  if (host !== here() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  // A killed child not yet reaped by its parent is a zombie: it exists, but holds nothing.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return false;
  }
}

/** The Redis key of a mailbox's lease. */
export function leaseKey(prefix: string, mailbox: string): string {
  return `${prefix}:lease:${mailbox}`;
}

export interface LeaseOptions {
  redis: Redis;
  prefix: string;
  mailbox: string;
  /** How long the lease lives without renewal. A crashed holder blocks others for at most this long. */
  ttlMs: number;
  /** How often to renew; default ttl/3. `false` turns renewal off (tests simulating a crashed holder). */
  renewEveryMs?: number | false;
  /** Called once when a renewal finds the lease gone or another's, or when it ran out unrenewed. */
  onLost?: (reason: string) => void;
}

/** A held lease. */
export interface Lease {
  readonly key: string;
  /** The random value stored under `key`; only its holder may renew, release or write fenced keys. */
  readonly token: string;
  /** Fencing token: strictly increasing across acquisitions of this mailbox's lease. */
  readonly fence: number;
  /** True while the lease is believed held: not lost, not released, and renewed within its ttl. */
  held(): boolean;
  /** Renew now. Resolves false (and fires onLost) when the lease is no longer ours. */
  renew(): Promise<boolean>;
  /** Stop renewing and delete the lease if it is still ours. Resolves true when it was. */
  release(): Promise<boolean>;
}

/** Try once; resolves null when another holder has the lease. */
export async function tryAcquireLease(opts: LeaseOptions): Promise<Lease | null> {
  const key = leaseKey(opts.prefix, opts.mailbox);
  const token = newToken();
  const started = Date.now();
  const fence = Number(await opts.redis.eval(ACQUIRE, 2, key, `${key}:fence`, token, opts.ttlMs));
  if (!fence) return null;
  return heldLease(opts, key, token, fence, started);
}

/**
 * Acquire, waiting for a current holder to release it or let it expire (a holder on this machine whose
 * process has died is not waited for).
 * @throws LeaseTimeoutError after `waitMs` without getting it; WatcherStoppedError once `signal` aborts.
 */
export async function acquireLease(opts: LeaseOptions & { waitMs: number; retryMs?: number; signal?: AbortSignal }): Promise<Lease> {
  const deadline = Date.now() + opts.waitMs;
  const retryMs = opts.retryMs ?? Math.max(50, Math.min(1000, Math.floor(opts.ttlMs / 10)));
  for (;;) {
    if (opts.signal?.aborted) throw new WatcherStoppedError();
    const lease = await tryAcquireLease(opts);
    if (lease) return lease;
    const key = leaseKey(opts.prefix, opts.mailbox);
    const holder = await opts.redis.get(key);
    if (holderIsDeadHere(holder)) {
      // Compare-and-delete: only that dead holder's lease, never one taken meanwhile.
      await opts.redis.eval(RELEASE, 1, key, holder!);
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new LeaseTimeoutError(opts.mailbox, opts.waitMs);
    await new Promise((r) => setTimeout(r, Math.min(retryMs, left)));
  }
}

function heldLease(opts: LeaseOptions, key: string, token: string, fence: number, started: number): Lease {
  let validUntil = started + opts.ttlMs;
  let state: 'held' | 'lost' | 'released' = 'held';
  let timer: NodeJS.Timeout | undefined;

  const lose = (reason: string): void => {
    if (state !== 'held') return;
    state = 'lost';
    if (timer) clearInterval(timer);
    opts.onLost?.(reason);
  };

  const lease: Lease = {
    key,
    token,
    fence,
    held: () => state === 'held' && Date.now() < validUntil,
    async renew() {
      if (state !== 'held') return false;
      if (Date.now() >= validUntil) {
        lose('lease ran out before it could be renewed');
        return false;
      }
      const t0 = Date.now();
      const ok = Number(await opts.redis.eval(RENEW, 1, key, token, opts.ttlMs)) === 1;
      if (!ok) lose('lease no longer ours at renewal');
      else if (state === 'held') validUntil = t0 + opts.ttlMs;
      return ok && state === 'held';
    },
    async release() {
      const was = state;
      state = 'released';
      if (timer) clearInterval(timer);
      if (was !== 'held') return false;
      return Number(await opts.redis.eval(RELEASE, 1, key, token)) === 1;
    },
  };

  const every = opts.renewEveryMs === undefined ? Math.floor(opts.ttlMs / 3) : opts.renewEveryMs;
  if (every !== false) {
    timer = setInterval(() => {
      // A Redis error is not a loss by itself; the lease is lost once it runs out unrenewed (held()).
      lease.renew().catch(() => {
        if (Date.now() >= validUntil) lose('lease ran out while Redis was unreachable');
      });
    }, every);
    timer.unref();
  }
  return lease;
}
