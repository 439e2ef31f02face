/**
 * Which replies the review store still owes, read from the records alone, so a lost BullMQ job (a
 * FLUSHALL then a restore, a crash between a review action and its job) is queued again by the
 * repair. Pure: the reply service still applies its policy and its proof of an earlier send.
 */
import type { Question } from '../replies/questions';
import type { ReplyPayload } from '../replies/reply-job';
import type { EndorsementItem, ReplyState } from '../review/types';

/** Not sent, not refused for good, not suppressed by the policy. */
export function replyOpen(state: ReplyState | undefined): boolean {
  return state === undefined || state === 'none' || state === 'queued';
}

/** The review actions that owe a reply, and which. */
const FOLLOW_UP: Record<string, ReplyPayload['type']> = { approve: 'confirmation', withdraw: 'withdrawal', 'remove-from-list': 'withdrawal' };

/**
 * The replies owed about items: a confirmation to an item approved, a withdrawal note to one
 * withdrawn (or a request carried out), by the action in its history that led to its status, taken
 * at or after `since` (ms; so switching replies on does not confirm approvals made while they were
 * off long ago). An original withdrawn at a signer's request gets none: the note goes to the
 * request, which names it in `withdraws`.
 */
export function owedItemReplies(items: EndorsementItem[], since = 0): ReplyPayload[] {
  const carriedOut = new Set(items.filter((i) => i.kind === 'withdrawal' && i.status === 'withdrawn' && i.withdraws).map((i) => i.withdraws!));
  const out: ReplyPayload[] = [];
  for (const i of items) {
    if (!replyOpen(i.reply) || carriedOut.has(i.id)) continue;
    const last = [...i.history].reverse().find((h) => FOLLOW_UP[h.action]);
    if (!last || Date.parse(last.at) < since) continue;
    const type = FOLLOW_UP[last.action]!;
    if ((type === 'confirmation' && i.status === 'approved') || (type === 'withdrawal' && i.status === 'withdrawn')) out.push({ type, id: i.id });
  }
  return out;
}

/** The questions and answers saved but not yet sent. */
export function owedQuestionReplies(questions: Question[]): ReplyPayload[] {
  return questions.filter((q) => replyOpen(q.reply)).map((q) => ({ type: q.type === 'answer' ? 'answer' : 'needs-information', id: q.id }));
}
