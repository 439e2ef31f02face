/**
 * `endorse review approve|reject ID...`: the web page's transitions from the command line. An
 * approval queues the confirmation reply (job id per item, so approving twice sends once).
 */
import { replyJobId, replyJobOptions, type ReplyPayload } from '../jobs/queues';
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
      await c.store.transition(id, action, who, reason);
      if (action === 'approve' && c.config.REPLIES) {
        const payload: ReplyPayload = { type: 'confirmation', id };
        await c.replyQueue.add('confirmation', payload, { ...replyJobOptions, jobId: replyJobId(payload) });
      }
      process.stderr.write(`${id}: ${action === 'approve' ? 'approved' : 'rejected'} by ${who}\n`);
    }
    if (missing.length) throw new UsageError(`no endorsement with id ${missing.join(', ')}`);
  });
}
