/**
 * The questions inbox pages: GET /questions (by state, with counts), GET /questions/:id, and the
 * forms on it: answer (sent as written, in the thread), close, reopen, assign, notes, and the saved
 * replies (POST /questions/saved, POST /questions/saved/:sid/delete).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createQuestionInbox, NOTE_MAX_CHARS, QUESTION_STATES, QuestionStateError, UnknownQuestionError, type QuestionInbox, type QuestionMove } from '../../questions/inbox';
import { createSavedReplies, LANGUAGE_CODE, SAVED_TEXT_MAX, SAVED_TITLE_MAX, type SavedReplies } from '../../questions/saved';
import { QUESTION_MAX_CHARS } from '../../replies/questions';
import type { ReviewStore } from '../../review/store';
import { HttpError } from '../errors';
import type { ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { questionBody, questionsBody } from '../views/questions';
import { keyParam } from './messages';
import { sentRefs } from './messages';

const PAGE_SIZE = 50;

const listQuery = z.object({
  state: z.preprocess((s) => (s === '' ? undefined : s), z.enum(QUESTION_STATES).default('open')),
  mine: z.enum(['', '1']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
const pageQuery = z.object({ reply: z.string().max(80).optional(), done: z.string().max(40).optional() });
const answerForm = z.object({
  text: z.string().trim().min(1, 'write the answer').max(QUESTION_MAX_CHARS),
  language: z.string().trim().toLowerCase().regex(LANGUAGE_CODE, 'is not a language code').optional(),
}).passthrough();
const noteForm = z.object({ text: z.string().trim().min(1, 'write the note').max(NOTE_MAX_CHARS) }).passthrough();
const assignForm = z.object({ assignee: z.string().trim().max(64).regex(/^[^\s<>"']*$/, 'is not an organiser name') }).passthrough();
const savedForm = z.object({
  language: z.string().trim().toLowerCase().regex(LANGUAGE_CODE, 'is not a language code'),
  title: z.string().trim().min(1, 'give it a title').max(SAVED_TITLE_MAX),
  text: z.string().trim().min(1, 'write the reply').max(SAVED_TEXT_MAX),
  back: z.string().regex(/^\/questions\/[A-Za-z0-9_.-]{1,200}$/).optional(),
}).passthrough();
const savedParam = z.object({ sid: z.string().regex(/^[a-z0-9-]{1,40}$/, 'is not a saved reply') });
const backForm = z.object({ back: z.string().regex(/^\/questions\/[A-Za-z0-9_.-]{1,200}$/).optional() }).passthrough();

/** Fixed texts for `?done=`. */
const NOTICES: Record<string, string> = {
  answered: 'Your answer is queued to be sent in the thread; the question is marked answered.',
  close: 'Closed.', reopen: 'Reopened.', assign: 'Assignment saved.', note: 'Note added.',
  saved: 'Reply saved.', deleted: 'Saved reply deleted.',
};

/** The store's errors as HTTP answers. */
function httpOf(err: unknown): unknown {
  if (err instanceof UnknownQuestionError) return new HttpError(404, 'not_found', `There is no question ${err.id}.`);
  if (err instanceof QuestionStateError) return new HttpError(409, 'illegal_transition', `This question is ${err.state} now (perhaps changed by someone else): reload the page.`);
  return err;
}

/** Register the questions pages; they answer 409 when the app has no Redis to keep questions in. */
export function questionRoutes(app: FastifyInstance, store: ReviewStore, appeal: string, replies: ReplyWeb): void {
  async function parts(): Promise<{ inbox: QuestionInbox; saved: SavedReplies }> {
    const b = await replies.backend();
    if (!b) throw new HttpError(409, 'no_redis', 'This review page has no Redis to keep questions in.');
    return { inbox: createQuestionInbox(b.redis, b.prefix), saved: createSavedReplies(b.redis, b.prefix) };
  }
  const page = (request: FastifyRequest, title: string, body: Parameters<typeof layout>[1]) =>
    layout({ title, appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf: request.identity!.session?.csrf ?? null, nav: 'questions' }, body).value;
  const back = (id: string, done: string) => `/questions/${encodeURIComponent(id)}?done=${done}`;

  app.get('/questions', async (request, reply) => {
    const q = listQuery.parse(request.query ?? {});
    const { inbox } = await parts();
    const user = request.identity!.user;
    const mine = q.mine === '1';
    const [counts, list] = await Promise.all([
      inbox.counts(),
      inbox.list({ state: q.state, offset: (q.page - 1) * PAGE_SIZE, limit: PAGE_SIZE, ...(mine ? { assignee: user } : {}) }),
    ]);
    const body = questionsBody({ state: q.state, counts, questions: list.questions, total: list.total, page: q.page, pageSize: PAGE_SIZE, user, mine });
    return reply.type('text/html; charset=utf-8').send(page(request, 'Questions', body));
  });

  app.get('/questions/:key', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const { reply: use, done } = pageQuery.parse(request.query ?? {});
    const { inbox, saved } = await parts();
    const q = await inbox.get(key);
    if (!q) throw httpOf(new UnknownQuestionError(key));
    const [msg, log, asked, savedList] = await Promise.all([store.getMessage(q.messageKey), inbox.log(key), replies.questions(q.messageKey), saved.list()]);
    const sent = await replies.sent(sentRefs(msg, asked));
    const picked = use ? savedList.find((s) => s.id === use) : undefined;
    const body = questionBody({
      q, msg, log, answers: asked, sent, saved: savedList, csrf: request.identity!.session?.csrf ?? '', user: request.identity!.user,
      ...(done && NOTICES[done] ? { notice: NOTICES[done] } : {}),
      draft: picked?.text ?? '', draftLanguage: picked?.language ?? q.language ?? 'en',
    });
    return reply.type('text/html; charset=utf-8').send(page(request, q.subject || 'Question', body));
  });

  app.post('/questions/:key/answer', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const form = answerForm.parse(request.body ?? {});
    const { inbox } = await parts();
    const q = await inbox.get(key);
    if (!q) throw httpOf(new UnknownQuestionError(key));
    if (q.state === 'closed') throw httpOf(new QuestionStateError(key, 'answer', q.state));
    const by = request.identity!.user;
    const answer = await replies.answer({ messageKey: q.messageKey, text: form.text, by, language: form.language ?? q.language });
    await inbox.move(key, 'answer', by, answer.id).catch((err: unknown) => {
      throw httpOf(err);
    });
    return reply.redirect(back(key, 'answered'), 303);
  });

  for (const move of ['close', 'reopen'] as const satisfies readonly QuestionMove[]) {
    app.post(`/questions/:key/${move}`, async (request, reply) => {
      const { key } = keyParam.parse(request.params);
      const { inbox } = await parts();
      await inbox.move(key, move, request.identity!.user).catch((err: unknown) => {
        throw httpOf(err);
      });
      return reply.redirect(back(key, move), 303);
    });
  }

  app.post('/questions/:key/assign', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const { assignee } = assignForm.parse(request.body ?? {});
    const { inbox } = await parts();
    await inbox.assign(key, assignee || null, request.identity!.user).catch((err: unknown) => {
      throw httpOf(err);
    });
    return reply.redirect(back(key, 'assign'), 303);
  });

  app.post('/questions/:key/notes', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const { text } = noteForm.parse(request.body ?? {});
    const { inbox } = await parts();
    await inbox.note(key, text, request.identity!.user).catch((err: unknown) => {
      throw httpOf(err);
    });
    return reply.redirect(back(key, 'note'), 303);
  });

  app.post('/questions/saved', async (request, reply) => {
    const form = savedForm.parse(request.body ?? {});
    const { saved } = await parts();
    await saved.save({ language: form.language, title: form.title, text: form.text, by: request.identity!.user });
    return reply.redirect(`${form.back ?? '/questions'}?done=saved`, 303);
  });

  app.post('/questions/saved/:sid/delete', async (request, reply) => {
    const { sid } = savedParam.parse(request.params);
    const form = backForm.parse(request.body ?? {});
    const { saved } = await parts();
    await saved.remove(sid);
    return reply.redirect(`${form.back ?? '/questions'}?done=deleted`, 303);
  });
}
