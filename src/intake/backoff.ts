/**
 * Reconnect delays: capped exponential backoff with full jitter (a random delay between 0 and
 * min(cap, base * 2^attempt)), so many watchers cut off by one outage do not reconnect in step.
 */

/**
 * Delay before reconnect attempt `attempt` (0-based).
 * @param random a source of [0, 1) numbers, injectable for tests.
 */
export function backoffDelay(attempt: number, baseMs = 1000, capMs = 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Delay after refused login number `failures` (1-based): base, 2 x base, 4 x base ... up to `capMs`,
 * plus up to 10 % jitter. Not fully jittered like reconnects: a server that refuses our password
 * must see the gaps grow, or it may lock the account or ban the address.
 */
export function authBackoffDelay(failures: number, baseMs = 60_000, capMs = 3_600_000, random: () => number = Math.random): number {
  const delay = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
  return Math.floor(delay * (1 + 0.1 * random()));
}
