/**
 * The item page and its forms: review actions (POST /items/:id/action), field corrections
 * (POST /items/:id/edit) and duplicate marking (POST /items/:id/duplicate), each returning to
 * where it came from with a fixed notice.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnknownItemError } from '../../review/errors';
import { applyReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema } from '../forms';
import { HttpError } from '../errors';
import { recipientOf, resendReply, type ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { itemBody } from '../views/item';
import { idParam } from './api';
import { DONE_NOTICES, withDone } from './queue';

const actionForm = z.object({
  action: z.enum(['approve', 'reject', 'withdraw', 'reopen'], { message: 'must be approve, reject, withdraw or reopen' }),
  reason: z.string().trim().max(2000).optional(),
  back: z.string().max(2000).optional(),
}).passthrough();

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
    const done = (request.query as { done?: string }).done;
    const csrf = request.identity!.session?.csrf ?? '';
    const page = layout({ title: item.organisation ?? item.name ?? id, appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'queue' },
      itemBody(item, msg, csrf, done ? DONE_NOTICES[done] : undefined, bounce));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  app.post('/items/:id/action', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = actionForm.parse(request.body ?? {});
    await applyReview(deps, id, form.action, request.identity!.user, form.reason || undefined);
    return reply.redirect(withDone(app.localPath(form.back), form.action), 303);
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
