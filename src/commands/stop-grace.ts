/**
 * Stopping within a grace period: a supervisor (docker's `stop_grace_period`, systemd's
 * TimeoutStopSec) kills a process that takes too long, so the worker finishes what it can in time
 * and then says plainly what it left; everything left is idempotent and is taken up by the next start.
 */

/** What {@link finishWithin} saw: parts still running at the deadline, and parts that failed. */
export interface StopOutcome {
  left: string[];
  failed: { part: string; err: string }[];
}

/**
 * Run every part's stop at once and wait for all of them, or for `graceMs`, whichever comes first.
 * A part that throws counts as finished (with its error): a failed stop must not hold the others.
 */
export async function finishWithin(graceMs: number, parts: Record<string, () => Promise<unknown>>): Promise<StopOutcome> {
  const pending = new Set(Object.keys(parts));
  const failed: StopOutcome['failed'] = [];
  const all = Promise.all(Object.entries(parts).map(async ([name, stop]) => {
    try {
      await stop();
    } catch (err) {
      failed.push({ part: name, err: err instanceof Error ? err.message : String(err) });
    }
    pending.delete(name);
  }));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([all, deadline]);
  clearTimeout(timer);
  return { left: [...pending], failed };
}
