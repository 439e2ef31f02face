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
