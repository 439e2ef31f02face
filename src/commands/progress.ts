/**
 * Progress of a long command on standard error: a bar redrawn in place on a terminal, plain lines
 * (every tenth of the way, at most one each few seconds) when stderr is a file or a pipe, so logs
 * stay readable. Small on purpose: one bar, one count.
 */

/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** `done` of the total are finished. */
  update(done: number): void;
  /** The last word, on a line of its own. */
  finish(summary: string): void;
}

const BAR = 30;
/** Plain lines: at most one this often, except at each tenth. */
const LINE_EVERY_MS = 5000;

/** A progress display for `total` units of `what` (e.g. "messages"). */
export function createProgress(total: number, what: string, out: ProgressStream, now: () => number = Date.now): Progress {
  const started = now();
  let lastLine = started;
  let lastTenth = 0;
  let drawn = false;
  const text = (done: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    const secs = ((now() - started) / 1000).toFixed(1);
    return { pct, line: `${done}/${total} ${what} (${pct}%, ${secs} s)` };
  };
  return {
    update(done) {
      const { pct, line } = text(done);
      if (out.isTTY) {
        const filled = total ? Math.round((done / total) * BAR) : BAR;
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${line}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(pct / 10);
      if (tenth > lastTenth || now() - lastLine >= LINE_EVERY_MS) {
        lastTenth = tenth;
        lastLine = now();
        out.write(`${line}\n`);
      }
    },
    finish(summary) {
      if (drawn) out.write('\n');
      out.write(`${summary}\n`);
    },
  };
}
