/**
 * The IntakeSink behind the watcher: understands each fetched message right away (in threads when the
 * batch is big, see understand-pool.ts) and puts it in the review store, with its acknowledgement job,
 * before `accept` resolves and the watcher may advance its cursor. Mail bytes never go through Redis:
 * the mailbox keeps every message, so after a crash the cursor, still below them, fetches them again.
 * Repeats are harmless: a message the store already has is not understood again, only what is due
 * after it (its reply job, its question) is checked.
 */
import type { FetchedMessage, IntakeSink } from '../intake/types';
import { afterRecorded, storeUnderstood, type IntakeDeps } from './intake';
import type { Understander } from './understand-pool';

/** The sink: `understander` reads the mail, `deps` says where it goes. */
export function createIntakeSink(deps: IntakeDeps, understander: Understander): IntakeSink {
  return {
    async accept(batch: FetchedMessage[]): Promise<void> {
      if (!batch.length) return;
      // A batch fetched again after a crash: what the store has only gets its due work checked.
      const known = await Promise.all(batch.map((m) => deps.store.getMessage(m.key)));
      await Promise.all(known.map((rec) => (rec ? afterRecorded(rec, deps) : undefined)));
      const fresh = batch.filter((_, i) => !known[i]);
      const tasks = fresh.map((m) => ({
        raw: m.raw,
        at: {
          key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid,
          size: m.size, receivedAt: m.receivedAt.toISOString(), oversized: m.oversized,
        },
      }));
      await understander.run(tasks, async (u) => {
        await storeUnderstood(u, deps);
      });
    },
  };
}
