/**
 * `endorse review approve|reject|remove|undo ID...`: the web page's actions from the command line.
 * An approval queues the confirmation, a removal the withdrawal note, each after the undo window
 * (REVIEW_UNDO_SECONDS), which `undo` can still cancel (see review/workflow.ts). With `--version`
 * (approve/reject, one id only) the change is refused when the item is no longer at that version;
 * without it the command reads each item and acts on the version it read, so only a change in
 * between is refused.
 */
import { recipientRule, type Container } from '../container';
import { StaleVersionError } from '../review/errors';
import type { PendingUndo } from '../review/undo';
import { applyReview, removeFromList, undoReview, type ReviewDeps } from '../review/workflow';
import { actor, UsageError, withContainer } from './context';

function reviewDeps(c: Container): ReviewDeps {
  return { store: c.store, replyQueue: c.replyQueue, replies: c.config.REPLIES, undoSeconds: c.config.REVIEW_UNDO_SECONDS, recipients: recipientRule(c.config) };
}

/** "; confirmation to X in 60 s (undo: endorse review undo ID)", or nothing when no mail waits. */
function pendingMail(u: PendingUndo | null): string {
  if (!u?.jobId) return '';
  const left = Math.max(0, Math.ceil((Date.parse(u.until) - Date.now()) / 1000));
  return `; ${u.reply} to ${u.to ?? 'the sender'} in ${left} s (undo: endorse review undo ${u.id})`;
}

/**
 * @param version the version the caller saw (from the API or the page)
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
        await applyReview(reviewDeps(c), id, action, who, reason, stated ?? item.version ?? 0);
      } catch (err) {
        // A runtime refusal (exit 1), in the organiser's words: who changed what since.
        if (err instanceof StaleVersionError) throw new Error(err.userMessage);
        throw err;
      }
      process.stderr.write(`${id}: ${action === 'approve' ? 'approved' : 'rejected'} by ${who}${pendingMail(await c.store.undos.get(id))}\n`);
    }
    if (missing.length) throw new UsageError(`no endorsement with id ${missing.join(', ')}`);
  });
}

function parseVersion(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v.trim())) throw new UsageError(`--version must be a whole number (the item's version), not ${JSON.stringify(v)}`);
  return Number(v);
}

/** `endorse review remove ID [--of ORIGINAL]`: carry out a withdrawal request (linking it first when --of is given). */
export async function reviewRemoveCommand(id: string, of: string | undefined, by?: string): Promise<void> {
  await withContainer(async (c) => {
    const who = actor(by);
    if (!(await c.store.getItem(id))) throw new UsageError(`no endorsement with id ${id}`);
    if (of) await c.store.linkWithdrawal(id, of, who);
    const removal = await removeFromList(reviewDeps(c), id, who);
    const dups = removal.duplicates.map((d) => `${d.id} (was ${d.was})`).join(', ');
    process.stderr.write(`${id}: ${removal.original} removed from the list (was ${removal.originalWas})${dups ? `, with its duplicates ${dups},` : ''} by ${who}${pendingMail(await c.store.undos.get(id))}\n`);
  });
}

/** `endorse review undo ID...`: cancel the mail an action on each item still waits to send, and put the statuses back. */
export async function reviewUndoCommand(ids: string[], by?: string): Promise<void> {
  await withContainer(async (c) => {
    const who = actor(by);
    for (const id of ids) {
      const { undone, changedSince } = await undoReview(reviewDeps(c), id, who);
      const kept = changedSince ? `; ${changedSince.id} was changed since (now ${changedSince.status}) and left as it is` : '';
      process.stderr.write(`${id}: ${undone.action} undone by ${who}; the ${undone.reply}${undone.to ? ` to ${undone.to}` : ''} was not sent${kept}\n`);
    }
  });
}
