/**
 * `endorse review approve|reject ID... [--version N]`: the web page's transitions from the command
 * line. An approval queues the confirmation reply (see review/workflow.ts). With `--version` (one id
 * only) the change is refused when the item is no longer at that version; without it the command
 * reads each item and acts on the version it read, so only a change in between is refused.
 */
import { StaleVersionError } from '../review/errors';
import { applyReview } from '../review/workflow';
import { actor, UsageError, withContainer } from './context';

/**
 * @param version the version the caller saw (from `export --format json`'s API twin or the page)
 * @throws UsageError (exit 2) for unknown ids or `--version` with several ids; Error (exit 1) for a stale version
 */
export async function reviewCommand(action: 'approve' | 'reject', ids: string[], by?: string, reason?: string, version?: string): Promise<void> {
  const stated = parseVersion(version);
  if (stated !== undefined && ids.length !== 1) throw new UsageError('--version names the version of one item: give exactly one id with it');
  await withContainer(async (c) => {
    const who = actor(by);
    const missing: string[] = [];
    for (const id of ids) {
      const item = await c.store.getItem(id);
      if (!item) {
        missing.push(id);
        continue;
      }
      try {
        await applyReview({ store: c.store, replyQueue: c.replyQueue, replies: c.config.REPLIES }, id, action, who, reason, stated ?? item.version ?? 0);
      } catch (err) {
        // A runtime refusal (exit 1), in the organiser's words: who changed what since.
        if (err instanceof StaleVersionError) throw new Error(err.userMessage);
        throw err;
      }
      process.stderr.write(`${id}: ${action === 'approve' ? 'approved' : 'rejected'} by ${who}\n`);
    }
    if (missing.length) throw new UsageError(`no endorsement with id ${missing.join(', ')}`);
  });
}

function parseVersion(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v.trim())) throw new UsageError(`--version must be a whole number (the item's version), not ${JSON.stringify(v)}`);
  return Number(v);
}
