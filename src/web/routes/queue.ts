/**
 * The queue page (GET /) and bulk approval (POST /bulk/approve). Filters come from the query
 * string, checked by zod; an action returns to the page it came from (only our own paths).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ReviewError } from '../../review/errors';
import { STATUSES } from '../../review/types';
import { applyReview, type ReviewDeps } from '../../review/workflow';
import { HttpError } from '../errors';
import { versionField } from '../forms';
import { href, html } from '../html';
import { queueView } from '../queue-model';
import { layout } from '../views/layout';
import { pausedBanner, queueBody } from '../views/queue';
import type { ReplyWeb } from '../replies';
import { undoNotice } from '../views/withdrawal';

const blank = (s: unknown) => (s === '' ? undefined : s);
/** The queue's narrowing filters (queue-model.ts QueueNarrowing): the queue page's, and an item page's it was opened from. */
export const narrowingFields = z.object({
  kind: z.preprocess(blank, z.enum(['endorsement', 'withdrawal']).optional()),
  country: z.preprocess(blank, z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code').transform((s) => s.toUpperCase()).optional()),
  language: z.preprocess(blank, z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as en').optional()),
  q: z.preprocess(blank, z.string().max(200).optional()),
});
const filterQuery = narrowingFields.extend({
  status: z.preprocess(blank, z.enum([...STATUSES, 'all']).default('pending')),
  page: z.coerce.number().int().min(1).default(1),
  done: z.string().max(40).optional(),
  undo: z.union([z.string().max(200), z.array(z.string().max(200)).max(200)]).optional().transform((v) => (v === undefined ? [] : [v].flat())),
});

/** Fixed texts for `?done=`: the query string picks one, it never supplies the words. */
export const DONE_NOTICES: Record<string, string> = {
  approve: 'Approved.', reject: 'Rejected.', withdraw: 'Marked as withdrawn.', reopen: 'Reopened: back in the queue.',
  edit: 'Saved.', bulk: 'Approved the selected items.', none: 'Nothing was selected.',
  resend: 'The reply is queued to be sent again.', asked: 'The question is queued to be sent in the thread.',
  released: 'Held replies released: they go out now, within the hourly limit.', bounceCleared: 'The bouncing mark is lifted: replies go to this address again.',
  duplicate: 'Marked as a duplicate.', notDuplicate: 'Marked as not a duplicate.', added: 'Signer added; it waits for review.',
  linked: 'Linked: this request withdraws the signer shown.', unlinked: 'Unlinked.',
  removed: 'Removed from the list: the signer is withdrawn and this request is done.',
  undone: 'Undone: nothing was sent, and the statuses are as they were.',
  undoneChanged: 'Undone: nothing was sent; an item changed by someone else since was left as it is (see its history).',
};

const bulkForm = z.object({
  id: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : [v].flat())),
  back: z.string().max(2000).optional(),
}).passthrough();

/** Register GET / and POST /bulk/approve. */
export function queueRoutes(app: FastifyInstance, deps: ReviewDeps, appeal: string, replies: ReplyWeb): void {
  app.get('/', async (request, reply) => {
    const parsed = filterQuery.safeParse(request.query ?? {});
    if (!parsed.success) throw new HttpError(400, 'invalid_request', `Invalid filter: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const { done, undo, ...f } = parsed.data;
    const [all, pause, undos] = await Promise.all([
      deps.store.listItems({ status: 'all', history: false }), replies.pause(), Promise.all(undo.slice(0, 50).map((id) => deps.store.undos.get(id))),
    ]);
    const view = queueView(all, f);
    const csrf = request.identity!.session?.csrf ?? '';
    const back = href('/', { status: f.status, kind: f.kind, country: f.country, language: f.language, q: f.q, page: f.page > 1 ? f.page : undefined });
    const notices = undos.flatMap((u) => (u ? [undoNotice(u, csrf, back)] : []));
    const page = layout({ title: 'Queue', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf, nav: 'queue' },
      queueBody(view, f, csrf, back, done ? DONE_NOTICES[done] : undefined, pause ? pausedBanner(pause, csrf ?? '') : undefined, html`${notices}`));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  app.post('/bulk/approve', async (request, reply) => {
    const form = bulkForm.parse(request.body ?? {});
    const user = request.identity!.user;
    const failed: string[] = [];
    const approved: string[] = [];
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const id of form.id) {
      // Each row states the version it showed (`v:ID`): an item changed since is not approved unseen.
      const version = versionField.parse(body[`v:${id}`]);
      // One item's failure (changed or approved by someone else, unknown) does not stop the others.
      await applyReview(deps, id, 'approve', user, undefined, version).then(() => approved.push(id), (err: Error) => failed.push(`${id}: ${err instanceof ReviewError ? err.userMessage : err.message}`));
    }
    if (failed.length) throw new HttpError(409, 'bulk_partial', `Approved ${form.id.length - failed.length} of ${form.id.length}; not approved: ${failed.join('; ')}`);
    let to = withDone(app.localPath(form.back), form.id.length ? 'bulk' : 'none');
    for (const id of approved.slice(0, 50)) if (await deps.store.undos.get(id)) to = withUndo(to, id, true);
    return reply.redirect(to, 303);
  });
}

/** `path` with `undo=<id>` set (or, with `add`, one more): the page shows that item's pending mail and its Undo. */
export function withUndo(path: string, id: string, add = false): string {
  const u = new URL(path, 'http://x');
  if (add) u.searchParams.append('undo', id);
  else u.searchParams.set('undo', id);
  return u.pathname + u.search;
}

/** `path` with `done=` set (replacing any). */
export function withDone(path: string, done: string): string {
  const u = new URL(path, 'http://x');
  u.searchParams.set('done', done);
  return u.pathname + u.search;
}
