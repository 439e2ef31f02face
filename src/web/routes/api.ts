/**
 * The JSON API of CONTRACT.md: endorsements as `endorse export --format json` prints them, review
 * transitions, withdrawal requests (candidates, link, remove from the list), Undo of a mail still
 * waiting, and messages as `endorse messages --json`. Input is checked with zod; errors are JSON
 * with a code and a message (see errors.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { exportRows, messagesJson } from '../../review/export';
import { UnknownItemError } from '../../review/errors';
import type { ReviewAction } from '../../review/store';
import { STATUSES } from '../../review/types';
import { withdrawalCandidates } from '../../review/withdrawal-match';
import { applyReview, removeFromList, undoReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema } from '../forms';
import { keyParam } from './messages';

/** An endorsement id as the store makes them (`<message key>-<n>`), bounded. */
export const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not an endorsement id') });
const listQuery = z.object({ status: z.enum([...STATUSES, 'all']).default('approved') }).strict();
const rejectBody = z.object({ reason: z.string().trim().max(2000).optional() }).strict();
const emptyBody = z.object({}).strict();
const candidatesQuery = z.object({ q: z.string().max(200).default('') }).strict();
/** `of`: the item the request withdraws, or null to unlink. */
const linkBody = z.object({ of: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not an endorsement id').nullable() }).strict();
/** `of`: the original's id, or null for "not a duplicate". */
export const duplicateBody = z.object({ of: idParam.shape.id.nullable() }).strict();

/** Register the /api routes. */
export function apiRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/endorsements', async (request) => {
    const { status } = listQuery.parse(request.query ?? {});
    return exportRows(await deps.store.listItems({ status, history: false }));
  });

  app.get('/api/endorsements/:id', async (request) => {
    const { id } = idParam.parse(request.params);
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    return item;
  });

  const transition = (action: ReviewAction) => async (request: FastifyRequest) => {
    const { id } = idParam.parse(request.params);
    const body = action === 'reject' ? rejectBody.parse(request.body ?? {}) : emptyBody.parse(request.body ?? {});
    const reason = 'reason' in body && body.reason ? body.reason : undefined;
    const item = await applyReview(deps, id, action, request.identity!.user, reason);
    return exportRows([item])[0];
  };
  for (const action of ['approve', 'reject', 'withdraw', 'reopen'] as const) app.post(`/api/endorsements/:id/${action}`, transition(action));

  app.patch('/api/endorsements/:id', async (request) => {
    const { id } = idParam.parse(request.params);
    const edit = itemEditSchema.parse(request.body ?? {});
    return exportRows([await deps.store.editItem(id, edit, request.identity!.user)])[0];
  });

  app.post('/api/endorsements/:id/duplicate', async (request) => {
    const { id } = idParam.parse(request.params);
    const { of } = duplicateBody.parse(request.body ?? {});
    return exportRows([await deps.store.setDuplicate(id, of, request.identity!.user)])[0];
  });

  app.get('/api/endorsements/:id/candidates', async (request) => {
    const { id } = idParam.parse(request.params);
    const { q } = candidatesQuery.parse(request.query ?? {});
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    const all = await deps.store.listItems({ status: 'all', history: false });
    return withdrawalCandidates(item, all, q, 50).map((c) => ({ ...exportRows([c.item])[0], why: c.why }));
  });

  app.post('/api/endorsements/:id/link', async (request) => {
    const { id } = idParam.parse(request.params);
    const { of } = linkBody.parse(request.body ?? {});
    const item = await deps.store.linkWithdrawal(id, of, request.identity!.user);
    return { ...exportRows([item])[0], withdraws: item.withdraws ?? null };
  });

  app.post('/api/endorsements/:id/remove', async (request) => {
    const { id } = idParam.parse(request.params);
    emptyBody.parse(request.body ?? {});
    const removal = await removeFromList(deps, id, request.identity!.user);
    const [req, original] = await Promise.all([deps.store.getItem(id), deps.store.getItem(removal.original)]);
    return { request: exportRows(req ? [req] : [])[0] ?? null, original: exportRows(original ? [original] : [])[0] ?? null, originalWas: removal.originalWas };
  });

  // The mail an action on the item will send, and when; 404 when none waits.
  app.get('/api/endorsements/:id/undo', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const pending = await deps.store.undos.get(id);
    if (!pending) return reply.code(404).send({ statusCode: 404, code: 'nothing_to_undo', error: 'Not Found', message: `No mail from an action on ${id} is waiting.` });
    return pending;
  });

  app.post('/api/endorsements/:id/undo', async (request) => {
    const { id } = idParam.parse(request.params);
    emptyBody.parse(request.body ?? {});
    const { undone, changedSince } = await undoReview(deps, id, request.identity!.user);
    const items = await Promise.all(undone.moves.map((m) => deps.store.getItem(m.id)));
    return { action: undone.action, reply: undone.reply, to: undone.to, changedSince, items: exportRows(items.filter((i) => i !== null)) };
  });

  app.get('/api/messages', async () => messagesJson(await deps.store.listMessages()));

  app.post('/api/messages/:key/endorsements', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const item = await deps.store.addItem(key, itemEditSchema.parse(request.body ?? {}), request.identity!.user);
    return reply.code(201).send(exportRows([item])[0]);
  });
}
