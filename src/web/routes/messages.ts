/**
 * The messages list (GET /messages: search, filters, keyset pages), one message (GET /messages/:key,
 * with the replies sent for it), asking its sender something, and adding a signer to a message by
 * hand (POST /messages/:key/signers), e.g. for a "question" that is really an endorsement.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KINDS } from '../../mail/types';
import { createQuestionInbox } from '../../questions/inbox';
import { QUESTION_MAX_CHARS, type Question } from '../../replies/questions';
import type { ReplyType } from '../../replies/templates';
import { UnknownMessageError } from '../../review/errors';
import type { ReviewStore } from '../../review/store';
import type { MessageRecord } from '../../review/types';
import { itemEditSchema } from '../forms';
import { resendReply, type ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { messageBody, messagesBody } from '../views/messages';
import { DONE_NOTICES, withDone } from './queue';

/** Rows per page of the messages list. */
const PAGE_SIZE = 50;
const REPLY_STATES = ['none', 'queued', 'sent', 'suppressed', 'failed'] as const;
const blank = (s: unknown) => (s === '' ? undefined : s);
const day = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)').optional());
const listQuery = z.object({
  q: z.preprocess(blank, z.string().max(200).optional()),
  kind: z.preprocess(blank, z.enum(KINDS).optional()),
  reply: z.preprocess(blank, z.enum(REPLY_STATES).optional()),
  since: day,
  until: day,
  after: z.preprocess(blank, z.string().max(250).optional()),
});

/** Every reply that may have been sent about a message: its acknowledgement, its items' replies, the questions and answers in its thread. */
export function sentRefs(msg: MessageRecord | null, written: Question[]): { type: ReplyType; id: string }[] {
  if (!msg) return [];
  return [
    { type: 'acknowledgement', id: msg.key },
    ...msg.endorsementIds.flatMap((id) => [{ type: 'confirmation' as const, id }, { type: 'withdrawal' as const, id }]),
    ...written.map((w) => ({ type: w.type === 'answer' ? ('answer' as const) : ('needs-information' as const), id: w.id })),
  ];
}

/** A message key as the store makes them, bounded. */
export const keyParam = z.object({ key: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not a message key') });

const questionForm = z.object({ text: z.string().trim().min(1, 'write the question').max(QUESTION_MAX_CHARS) }).passthrough();

/** Register the two message pages. */
export function messageRoutes(app: FastifyInstance, store: ReviewStore, appeal: string, replies: ReplyWeb): void {
  app.get('/messages', async (request, reply) => {
    const query = listQuery.parse(request.query ?? {});
    const csrf = request.identity!.session?.csrf ?? null;
    const [found, counts] = await Promise.all([store.pageMessages({ ...query, limit: PAGE_SIZE }), store.messageKindCounts()]);
    const page = layout({ title: 'Messages', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'messages' }, messagesBody(found, counts, query));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  app.get('/messages/:key', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const msg = await store.getMessage(key);
    if (!msg) throw new UnknownMessageError(key);
    const csrf = request.identity!.session?.csrf ?? null;
    const recipient = replies.recipient(null, msg);
    const [bounce, questions] = await Promise.all([replies.bouncing(recipient.address), replies.questions(key)]);
    const sent = await replies.sent(sentRefs(msg, questions));
    const done = (request.query as { done?: string }).done;
    const page = layout({ title: msg.subject || 'Message', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'messages' },
      messageBody(msg, csrf ?? '', done ? DONE_NOTICES[done] : undefined, bounce, questions, sent, recipient));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  // Resend the message's failed acknowledgement.
  app.post('/messages/:key/resend', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const msg = await store.getMessage(key);
    if (!msg) throw new UnknownMessageError(key);
    await resendReply(replies, { type: 'acknowledgement', id: key }, msg.reply, replies.recipient(null, msg).address, () => store.setReply(key, 'none'));
    return reply.redirect(withDone(`/messages/${encodeURIComponent(key)}`, 'resend'), 303);
  });

  // Ask the sender something: the organiser's words, sent in the message's thread inside the
  // needs-information template ("before we go ahead..."), and the thread kept in the questions inbox
  // as answered (waiting for the sender), with the question in its log.
  app.post('/messages/:key/questions', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const form = questionForm.parse(request.body ?? {});
    const msg = await store.getMessage(key);
    if (!msg) throw new UnknownMessageError(key);
    const by = request.identity!.user;
    await replies.ask({ messageKey: key, text: form.text, by });
    const b = await replies.backend();
    if (b) {
      const inbox = createQuestionInbox(b.redis, b.prefix);
      const q = await inbox.ensure(msg, by);
      await inbox.logAsked(q.id, form.text, by);
      if (q.state === 'open') await inbox.move(q.id, 'answer', by);
    }
    return reply.redirect(withDone(`/messages/${encodeURIComponent(key)}`, 'asked'), 303);
  });

  app.post('/messages/:key/signers', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const { _csrf: _c, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    const item = await store.addItem(key, itemEditSchema.parse(fields), request.identity!.user);
    return reply.redirect(`/items/${encodeURIComponent(item.id)}?done=added`, 303);
  });
}
