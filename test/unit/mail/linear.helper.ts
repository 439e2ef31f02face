/**
 * Timing for the linear-regex tests: how much slower a function runs on a checker's attack string than
 * on ordinary text of the same length, measured in the same process (a ratio, so a slow machine does
 * not fail it). A super-linear pattern makes the ratio grow with the length; at ~50k characters it is
 * in the hundreds or more.
 */

/** Milliseconds of the fastest of three runs. */
function fastest(f: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

/** Time on `attack` divided by time on `normal` (at least 0.5 ms, below which timing is noise). */
export function slowdown(f: (s: string) => unknown, attack: string, normal: string): number {
  f(normal);
  f(attack.slice(0, 1000));
  return fastest(() => f(attack)) / Math.max(fastest(() => f(normal)), 0.5);
}

/** Ordinary prose of exactly `n` characters. */
export function prose(n: number): string {
  const s = 'The Peace Council of Lyon supports the appeal, with its members and friends. ';
  return s.repeat(Math.ceil(n / s.length)).slice(0, n);
}

/** The attack strings' length. */
export const N = 50_000;

/**
 * The bound on the ratio: a linear function stays well under it, a quadratic one at 50k characters
 * is in the thousands (the old patterns took 2.8-4.4 s against milliseconds). It sits high enough
 * that a loaded machine's timing noise (a 20-fold swing seen with two test runs at once) does not fail it.
 */
export const MAX_SLOWDOWN = 100;
