/**
 * Which job failures are worth retrying without a person: Redis out of memory, unreachable or
 * failing over, and dropped connections. They pass on their own, so the worker's repair puts such
 * jobs back; anything else (a bug, a message no code can read) waits for a person or a restart.
 */

/**
 * Redis and socket failures by their words: `OOM command not allowed` (maxmemory under
 * noeviction), `LOADING` (restarting from AOF/RDB), `READONLY` / `MASTERDOWN` / `CLUSTERDOWN` /
 * `TRYAGAIN` (a failover), ioredis giving up on a request or a closed connection, and the errno
 * codes of a connection refused, reset or timed out.
 */
const TRANSIENT = /\bOOM command not allowed|^LOADING\b|\bREADONLY\b|\bMASTERDOWN\b|\bCLUSTERDOWN\b|\bTRYAGAIN\b|max retries per request|Connection is closed|Stream isn't writeable|Command timed out|\bE(?:CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|NETUNREACH|AI_AGAIN)\b|socket hang up/i;

/** True when a job's failure reason names a passing fault of Redis or the network. */
export function transientFailure(reason: string | undefined | null): boolean {
  return TRANSIENT.test(reason ?? '');
}
