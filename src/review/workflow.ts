/**
 * Review actions as the CLI, the web page and the JSON API all run them: the store's transition,
 * then the reply it calls for (confirmation for an approval, a withdrawal note for a withdrawal or a
 * request carried out), delayed by the undo window so Undo can still stop it. One job id per item
 * and type, so approving twice, or approve-reopen-approve, queues one reply.
 */
import type { JobsOptions } from 'bullmq';
import { replyRecipient, type RecipientRule } from '../replies/policy';
import { replyJobId, replyJobOptions, type ReplyPayload } from '../replies/reply-job';
import { ReviewConflictError, UnknownItemError } from './errors';
import type { ReviewAction, ReviewStore } from './store';
import type { EndorsementItem } from './types';
import type { PendingUndo } from './undo';
import type { Removal, Restore } from './withdrawal';

/** A queued job as far as the undo window needs it (a BullMQ Job). */
export interface ReplyJobLike {
  getState(): Promise<string>;
  /** @throws when the job is locked by a worker (being sent) */
  remove(): Promise<void>;
}

/** The part of a BullMQ queue this needs (tests pass a real Queue; nothing else is called). */
export interface ReplyQueueLike {
  add(name: string, data: ReplyPayload, opts?: JobsOptions): Promise<unknown>;
  getJob(jobId: string): Promise<ReplyJobLike | undefined>;
}

/** What a review action needs: the store, and where replies are queued. */
export interface ReviewDeps {
  store: ReviewStore;
  /** Where reply jobs go; without one (or with `replies` false) none is queued. */
  replyQueue?: ReplyQueueLike | null;
  /** REPLIES from the config. */
  replies: boolean;
  /** REVIEW_UNDO_SECONDS: how long a reply an action sends waits for Undo; 0 or absent sends at once, with no undo. */
  undoSeconds?: number;
  /** What proves a Reply-To, as the reply service is configured: the undo record names the address the reply goes to. */
  recipients?: RecipientRule;
}

type FollowUp = 'confirmation' | 'withdrawal';

/**
 * The reply each action queues: a confirmation for an approval, a note that the signer was taken off
 * the list for a withdrawal. The reply worker checks the item's status again before sending, so an
 * action reversed in the meantime sends nothing.
 */
const FOLLOW_UP: Partial<Record<ReviewAction, FollowUp>> = { approve: 'confirmation', withdraw: 'withdrawal' };

/** Jobs a reply can still be taken back from: not yet picked up by a worker. */
const CANCELLABLE = new Set(['delayed', 'waiting', 'prioritized', 'paused']);

/**
 * Apply a review action and queue what follows from it. An action that sends mail leaves an undo
 * record (`store.undos.get(id)`) while its reply waits; one that takes an item off its way (reopen,
 * reject, withdraw) cancels the replies of that item still waiting.
 * @param expected the item version the caller saw; undefined skips the check
 * @throws UnknownItemError, StaleVersionError, IllegalTransitionError, ReviewConflictError (from the store)
 */
export async function applyReview(deps: ReviewDeps, id: string, action: ReviewAction, by: string, reason?: string, expected?: number): Promise<EndorsementItem> {
  const before = await deps.store.getItem(id);
  if (!before) throw new UnknownItemError(id);
  const item = await deps.store.transition(id, action, by, reason, expected);
  if (action !== 'approve') await cancelWaiting(deps, id, action === 'withdraw' ? ['confirmation'] : ['confirmation', 'withdrawal']);
  const type = FOLLOW_UP[action];
  if (type) await queueFollowUp(deps, item, action as 'approve' | 'withdraw', type, [{ id, status: item.status, was: before.status }], by);
  return item;
}

/**
 * "Remove from the list" for a withdrawal request: the linked original is withdrawn and the request
 * closed (store.removeFromList), and only then the withdrawal note to the requester is queued.
 * @throws UnknownItemError, IllegalTransitionError, ReviewConflictError (not a request; not linked)
 */
export async function removeFromList(deps: ReviewDeps, id: string, by: string, expected?: number): Promise<Removal> {
  const removal = await deps.store.removeFromList(id, by, expected);
  const request = await deps.store.getItem(id);
  if (!request) throw new UnknownItemError(id);
  const moves: Restore[] = [{ id, status: 'withdrawn', was: 'pending' }];
  if (removal.originalWas === 'approved' || removal.originalWas === 'pending') moves.push({ id: removal.original, status: 'withdrawn', was: removal.originalWas });
  for (const d of removal.duplicates) moves.push({ id: d.id, status: 'withdrawn', was: d.was });
  const cancelled: ReplyPayload[] = [];
  for (const signer of [removal.original, ...removal.duplicates.map((d) => d.id)]) cancelled.push(...(await cancelWaiting(deps, signer, ['confirmation'])));
  await queueFollowUp(deps, request, 'remove', 'withdrawal', moves, by, cancelled);
  return removal;
}

/** What an Undo did: the action taken back, and the item that had changed since (its status left alone), if any. */
export interface UndoOutcome {
  undone: PendingUndo;
  changedSince: { id: string; status: string } | null;
}

/**
 * Undo an action whose reply still waits: the reply job is cancelled first (so nothing is sent),
 * then the statuses are put back, each with an `undo` history entry. When a colleague changed an
 * item in between, the reply stays cancelled and that item is left as it is (`changedSince`).
 * @throws ReviewConflictError `nothing_to_undo` (no record: never, already undone, or long past) or
 *   `too_late` (the reply is being sent or was sent)
 */
export async function undoReview(deps: ReviewDeps, id: string, by: string): Promise<UndoOutcome> {
  const rec = await deps.store.undos.get(id);
  if (!rec) throw new ReviewConflictError('nothing_to_undo', `Nothing to undo for ${id}: no mail from an action on it is waiting.`);
  const mail = `the ${rec.reply}${rec.to ? ` to ${rec.to}` : ''}`;
  const tooLate = () => new ReviewConflictError('too_late', `Too late to undo: ${mail} has gone out or is being sent. Reopen or withdraw the item instead.`);
  const job = rec.jobId && deps.replyQueue ? await deps.replyQueue.getJob(rec.jobId) : undefined;
  if (job && !CANCELLABLE.has(await job.getState())) throw tooLate();
  if (!rec.jobId && Date.now() > Date.parse(rec.until)) throw tooLate();
  // Taking the record makes one of two simultaneous Undos the one that acts.
  if (!(await deps.store.undos.take(id))) throw new ReviewConflictError('nothing_to_undo', `Nothing to undo for ${id}: it was undone already.`);
  if (job) {
    try {
      await job.remove();
    } catch {
      throw tooLate();
    }
  }
  const changedSince = await deps.store.restore(rec.moves, by, 'undo', `${rec.action} undone; ${mail} was not sent`);
  // What the action cancelled along the way (the original's confirmation still waiting) waits again.
  if (!changedSince && deps.replyQueue) {
    for (const p of rec.cancelled ?? []) {
      await deps.replyQueue.add(p.type, p, { ...replyJobOptions, jobId: replyJobId(p), ...(deps.undoSeconds ? { delay: deps.undoSeconds * 1000 } : {}) });
    }
  }
  return { undone: rec, changedSince };
}

/** Queue the reply an action calls for, delayed by the undo window, and keep its undo record. */
async function queueFollowUp(
  deps: ReviewDeps, item: EndorsementItem, action: PendingUndo['action'], type: FollowUp, moves: Restore[], by: string, cancelled: ReplyPayload[] = [],
): Promise<void> {
  const seconds = deps.undoSeconds ?? 0;
  let jobId: string | null = null;
  if (deps.replies && deps.replyQueue) {
    const payload: ReplyPayload = { type, id: item.id };
    jobId = replyJobId(payload);
    const opts = { ...replyJobOptions, jobId, ...(seconds > 0 ? { delay: seconds * 1000 } : {}) };
    await deps.replyQueue.add(type, payload, opts);
    // A finished job of an earlier round (approved, reopened, approved again) would make the add a
    // no-op: it is replaced, and the reply service's sent-record still keeps the reply to one.
    const old = await deps.replyQueue.getJob(jobId);
    const state = old ? await old.getState() : 'missing';
    if (old && (state === 'completed' || state === 'failed')) {
      await old.remove();
      await deps.replyQueue.add(type, payload, opts);
    }
  }
  if (seconds <= 0) return;
  const msg = await deps.store.getMessage(item.messageKey);
  const to = replyRecipient({
    contact: item.contactEmail, replyTo: msg?.replyTo ?? null, from: msg?.from ?? null, authResults: msg?.authResults ?? [],
    authservId: deps.recipients?.authservId ?? null, ownDomains: deps.recipients?.ownDomains ?? [],
  }).address;
  const now = Date.now();
  await deps.store.undos.save({
    id: item.id, action, reply: type, to, jobId, by, moves, ...(cancelled.length ? { cancelled: cancelled as PendingUndo['cancelled'] } : {}),
    at: new Date(now).toISOString(), until: new Date(now + seconds * 1000).toISOString(),
  });
}

/** Cancel an item's replies still waiting (of the given types) and drop its undo record; returns those cancelled. */
async function cancelWaiting(deps: ReviewDeps, id: string, types: FollowUp[]): Promise<ReplyPayload[]> {
  const cancelled: ReplyPayload[] = [];
  if (deps.replyQueue) {
    for (const type of types) {
      const job = await deps.replyQueue.getJob(replyJobId({ type, id }));
      // A job a worker has taken cannot be removed: it goes ahead, or finds the new status and sends nothing.
      if (job && CANCELLABLE.has(await job.getState())) await job.remove().then(() => cancelled.push({ type, id }), () => undefined);
    }
  }
  const rec = await deps.store.undos.get(id);
  if (rec && types.includes(rec.reply)) await deps.store.undos.take(id);
  return cancelled;
}
