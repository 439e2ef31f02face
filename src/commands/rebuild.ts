/**
 * `endorse rebuild [--now]`: the operator's way to have the review store rebuilt from the mailbox (as
 * after a Redis reset) when something was lost that the epoch could not see. By default it marks the
 * epoch as needing a rebuild, which a running worker carries out at its next checkpoint (with its
 * watcher and replies paused) and a stopped one at its start; `--now` runs it in this process, under
 * the mailbox lease, and prints what it did as JSON.
 */
import { newEpoch, readEpoch, writeEpoch } from '../recovery/epoch';
import { withContainer } from './context';

/** `endorse rebuild`. */
export async function rebuildCommand(opts: { now?: boolean }): Promise<void> {
  await withContainer(async (c) => {
    if (opts.now) {
      const rec = await c.recovery.rebuild('asked for with endorse rebuild --now');
      process.stdout.write(`${JSON.stringify(rec)}\n`);
      return;
    }
    const current = await readEpoch(c.redis, c.config.QUEUE_PREFIX);
    await writeEpoch(c.redis, c.config.QUEUE_PREFIX, newEpoch(false, Math.max(Date.now(), current?.checkpoint ?? 0)));
    process.stderr.write(`endorse: rebuild: marked; a running worker rebuilds within ${c.config.EPOCH_CHECKPOINT_SECONDS} s, otherwise the next \`endorse worker\` does before anything else\n`);
  });
}
