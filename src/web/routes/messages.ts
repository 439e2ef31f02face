/**
 * The messages list (GET /messages?kind=), one message (GET /messages/:key), and adding a signer to
 * a message by hand (POST /messages/:key/signers), e.g. for a "question" that is really an endorsement.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KINDS } from '../../mail/types';
import { QUESTION_MAX_CHARS } from '../../replies/questions';
import { UnknownMessageError } from '../../review/errors';
import type { ReviewStore } from '../../review/store';
import { itemEditSchema } from '../forms';
import { recipientOf, resendReply, type ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { messageBody, messagesBody } from '../views/messages';
import { DONE_NOTICES, withDone } from './queue';

const listQuery = z.object({ kind: z.preprocess((s) => (s === '' ? undefined : s), z.enum(KINDS).optional()) });
/** A message key as the store makes them, bounded. */
export const keyParam = z.object({ key: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not a message key') });

const questionForm = z.object({ text: z.string().trim().min(1, 'write the question').max(QUESTION_MAX_CHARS) }).passthrough();

/** Register the two message pages. */
export function messageRoutes(app: FastifyInstance, store: ReviewStore, appeal: string, replies: ReplyWeb): void {
  app.get('/messages', async (request, reply) => {
    const { kind } = listQuery.parse(request.query ?? {});
    const csrf = request.identity!.session?.csrf ?? null;
    const page = layout({ title: 'Messages', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'messages' }, messagesBody(await store.listMessages(), kind));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  app.get('/messages/:key', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const msg = await store.getMessage(key);
    if (!msg) throw new UnknownMessageError(key);
    const csrf = request.identity!.session?.csrf ?? null;
    const [bounce, questions] = await Promise.all([replies.bouncing(recipientOf(null, msg.replyTo, msg.from)), replies.questions(key)]);
    const done = (request.query as { done?: string }).done;
    const page = layout({ title: msg.subject || 'Message', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'messages' },
      messageBody(msg, csrf ?? '', done ? DONE_NOTICES[done] : undefined, bounce, questions));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  // Resend the message's failed acknowledgement.
  app.post('/messages/:key/resend', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const msg = await store.getMessage(key);
    if (!msg) throw new UnknownMessageError(key);
    await resendReply(replies, { type: 'acknowledgement', id: key }, msg.reply, recipientOf(null, msg.replyTo, msg.from), () => store.setReply(key, 'none'));
    return reply.redirect(withDone(`/messages/${encodeURIComponent(key)}`, 'resend'), 303);
  });

  // Ask the sender something: the organiser's words, sent in the message's thread.
  app.post('/messages/:key/questions', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const form = questionForm.parse(request.body ?? {});
    if (!(await store.getMessage(key))) throw new UnknownMessageError(key);
    await replies.ask({ messageKey: key, text: form.text, by: request.identity!.user });
    return reply.redirect(withDone(`/messages/${encodeURIComponent(key)}`, 'asked'), 303);
  });

  app.post('/messages/:key/signers', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const { _csrf: _c, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    const item = await store.addItem(key, itemEditSchema.parse(fields), request.identity!.user);
    return reply.redirect(`/items/${encodeURIComponent(item.id)}?done=added`, 303);
  });
}
