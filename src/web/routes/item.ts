/**
 * The item page and its forms: review actions (POST /items/:id/action), field corrections
 * (POST /items/:id/edit), duplicate marking (POST /items/:id/duplicate), a withdrawal request's
 * link and removal (POST /items/:id/link, /remove) and Undo of a mail still waiting
 * (POST /items/:id/undo), each returning to where it came from with a fixed notice.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnknownItemError } from '../../review/errors';
import type { EndorsementItem } from '../../review/types';
import { suggestedOriginal, withdrawalCandidates } from '../../review/withdrawal-match';
import { applyReview, removeFromList, undoReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema } from '../forms';
import { HttpError } from '../errors';
import { recipientOf, resendReply, type ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { itemBody } from '../views/item';
import { undoNotice, withdrawalSection } from '../views/withdrawal';
import { idParam } from './api';
import { DONE_NOTICES, withDone, withUndo } from './queue';

const actionForm = z.object({
  action: z.enum(['approve', 'reject', 'withdraw', 'reopen'], { message: 'must be approve, reject, withdraw or reopen' }),
  reason: z.string().trim().max(2000).optional(),
  back: z.string().max(2000).optional(),
}).passthrough();

const linkForm = z.object({
  of: z.string().trim().regex(/^([A-Za-z0-9_.-]{1,200})?$/, 'must be an endorsement id such as m0123abc-0, or empty').default(''),
}).passthrough();
const backForm = z.object({ back: z.string().max(2000).optional() }).passthrough();
const itemQuery = z.object({ done: z.string().max(40).optional(), find: z.string().max(200).optional() }).passthrough();

const duplicateForm = z.object({
  of: z.string().trim().regex(/^([A-Za-z0-9_.-]{1,200})?$/, 'must be an endorsement id such as m0123abc-0, or empty').default(''),
}).passthrough();

/** Register the item page and its form targets. */
export function itemRoutes(app: FastifyInstance, deps: ReviewDeps, appeal: string, replies: ReplyWeb): void {
  app.get('/items/:id', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    const msg = await deps.store.getMessage(item.messageKey);
    const bounce = await replies.bouncing(recipientOf(item.contactEmail, msg?.replyTo ?? null, msg?.from ?? null));
    const { done, find } = itemQuery.parse(request.query ?? {});
    const csrf = request.identity!.session?.csrf ?? '';
    const pending = await deps.store.undos.get(id);
    const self = `/items/${encodeURIComponent(id)}`;
    const page = layout({ title: item.organisation ?? item.name ?? id, appeal, user: request.identity!.user, csrf, nav: 'queue' },
      itemBody(item, msg, csrf, done ? DONE_NOTICES[done] : undefined, bounce, {
        undo: pending ? undoNotice(pending, csrf, self) : undefined,
        withdrawal: item.kind === 'withdrawal' ? await requestSection(item, find ?? '', csrf) : undefined,
        sendsMail: deps.replies && !!deps.replyQueue,
      }));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  app.post('/items/:id/action', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = actionForm.parse(request.body ?? {});
    await applyReview(deps, id, form.action, request.identity!.user, form.reason || undefined);
    const back = withDone(app.localPath(form.back), form.action);
    return reply.redirect((await deps.store.undos.get(id)) ? withUndo(back, id) : back, 303);
  });

  app.post('/items/:id/link', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = linkForm.parse(request.body ?? {});
    await deps.store.linkWithdrawal(id, form.of || null, request.identity!.user);
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, form.of ? 'linked' : 'unlinked'), 303);
  });

  app.post('/items/:id/remove', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    await removeFromList(deps, id, request.identity!.user);
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, 'removed'), 303);
  });

  app.post('/items/:id/undo', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = backForm.parse(request.body ?? {});
    const { changedSince } = await undoReview(deps, id, request.identity!.user);
    return reply.redirect(withDone(app.localPath(form.back ?? `/items/${encodeURIComponent(id)}`), changedSince ? 'undoneChanged' : 'undone'), 303);
  });

  // Resend the item's failed confirmation (approved) or withdrawal note (withdrawn).
  app.post('/items/:id/resend', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    const type = item.status === 'approved' ? 'confirmation' : item.status === 'withdrawn' ? 'withdrawal' : null;
    if (!type) throw new HttpError(409, 'nothing_to_resend', `Not resent: a ${item.status} item gets no reply.`);
    const msg = await deps.store.getMessage(item.messageKey);
    await resendReply(replies, { type, id }, item.reply ?? 'none', recipientOf(item.contactEmail, msg?.replyTo ?? null, msg?.from ?? null),
      () => deps.store.setItemReply(id, 'none'));
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, 'resend'), 303);
  });

  /** A request's withdrawal section: its link, the suggested match, and the candidates (or the organiser's search). */
  async function requestSection(item: EndorsementItem, query: string, csrf: string) {
    const all = item.status === 'pending' ? await deps.store.listItems({ status: 'all', history: false }) : [];
    const linked = item.withdraws ? await deps.store.getItem(item.withdraws) : null;
    const candidates = withdrawalCandidates(item, all, query);
    // Without a search the best candidate is the suggestion: one pass over the items, not two.
    return withdrawalSection(item, {
      linked, suggestion: query ? suggestedOriginal(item, all) : (candidates[0] ?? null), candidates, query, csrf,
      sendsMail: deps.replies && !!deps.replyQueue,
    });
  }

  app.post('/items/:id/duplicate', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = duplicateForm.parse(request.body ?? {});
    await deps.store.setDuplicate(id, form.of || null, request.identity!.user);
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, form.of ? 'duplicate' : 'notDuplicate'), 303);
  });

  app.post('/items/:id/edit', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const { _csrf: _c, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    const edit = itemEditSchema.parse(fields);
    await deps.store.editItem(id, edit, request.identity!.user);
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, 'edit'), 303);
  });
}
