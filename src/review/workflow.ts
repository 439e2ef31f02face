/**
 * Review actions as the CLI, the web page and the JSON API all run them: the store's transition,
 * then the reply it calls for (confirmation for an approval, withdrawal for a withdrawal), one job
 * id per item and type, so approving twice, or approve-reopen-approve, queues one reply.
 */
import type { JobsOptions } from 'bullmq';
import { replyJobId, replyJobOptions, type ReplyPayload } from '../jobs/queues';
import type { ReviewAction, ReviewStore } from './store';
import type { EndorsementItem } from './types';

/** The part of a BullMQ queue this needs (tests may pass a real Queue; nothing else is called). */
export interface ReplyQueueLike {
  add(name: string, data: ReplyPayload, opts?: JobsOptions): Promise<unknown>;
}

/** What a review action needs: the store, and where confirmation replies are queued. */
export interface ReviewDeps {
  store: ReviewStore;
  /** Where reply jobs go; without one (or with `replies` false) none is queued. */
  replyQueue?: ReplyQueueLike | null;
  /** REPLIES from the config. */
  replies: boolean;
}

/**
 * The reply each action queues: a confirmation for an approval, a note that the signer was taken off
 * the list for a withdrawal. The reply worker checks the item's status again before sending, so an
 * action undone in the meantime sends nothing.
 */
const FOLLOW_UP: Partial<Record<ReviewAction, 'confirmation' | 'withdrawal'>> = { approve: 'confirmation', withdraw: 'withdrawal' };

/**
 * Apply a review action and queue what follows from it.
 * @param expected the item version the caller saw; undefined skips the check
 * @throws UnknownItemError, StaleVersionError, IllegalTransitionError (from the store)
 */
export async function applyReview(deps: ReviewDeps, id: string, action: ReviewAction, by: string, reason?: string, expected?: number): Promise<EndorsementItem> {
  const item = await deps.store.transition(id, action, by, reason, expected);
  const type = FOLLOW_UP[action];
  if (type && deps.replies && deps.replyQueue) {
    const payload: ReplyPayload = { type, id };
    await deps.replyQueue.add(type, payload, { ...replyJobOptions, jobId: replyJobId(payload) });
  }
  return item;
}
