/**
 * `endorse review approve|reject ID...`: the web page's transitions from the command line. An
 * approval queues the confirmation reply (see review/workflow.ts).
 */
import { applyReview } from '../review/workflow';
import { actor, UsageError, withContainer } from './context';

export async function reviewCommand(action: 'approve' | 'reject', ids: string[], by?: string, reason?: string): Promise<void> {
  await withContainer(async (c) => {
    const who = actor(by);
    const missing: string[] = [];
    for (const id of ids) {
      const item = await c.store.getItem(id);
      if (!item) {
        missing.push(id);
        continue;
      }
      await applyReview({ store: c.store, replyQueue: c.replyQueue, replies: c.config.REPLIES }, id, action, who, reason);
      process.stderr.write(`${id}: ${action === 'approve' ? 'approved' : 'rejected'} by ${who}\n`);
    }
    if (missing.length) throw new UsageError(`no endorsement with id ${missing.join(', ')}`);
  });
}
