/**
 * The JSON API of CONTRACT.md: endorsements as `endorse export --format json` prints them, review
 * transitions, withdrawal requests (candidates, link, remove from the list), Undo of a mail still
 * waiting, and messages as `endorse messages --json`. Input is checked with zod; errors are JSON
 * with a code and a message (see errors.ts). Every write of an existing item takes the version the
 * client saw (`version` in the body or `If-Match`) and answers 409 `stale_version` when it is stale.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { exportRows, messagesJson, type ExportRow } from '../../review/export';
import { UnknownItemError } from '../../review/errors';
import type { ReviewAction } from '../../review/store';
import { STATUSES, type EndorsementItem } from '../../review/types';
import { withdrawalCandidates } from '../../review/withdrawal-match';
import { applyReview, removeFromList, undoReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema, statedVersion, versionField } from '../forms';
import { keyParam } from './messages';

/** An endorsement id as the store makes them (`<message key>-<n>`), bounded. */
export const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not an endorsement id') });
const listQuery = z.object({ status: z.enum([...STATUSES, 'all']).default('approved') }).strict();
const rejectBody = z.object({ reason: z.string().trim().max(2000).optional(), version: versionField }).strict();
const emptyBody = z.object({ version: versionField }).strict();
const candidatesQuery = z.object({ q: z.string().max(200).default('') }).strict();
/** `of`: the item the request withdraws, or null to unlink. */
const linkBody = z.object({ of: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not an endorsement id').nullable(), version: versionField }).strict();
/** `of`: the original's id, or null for "not a duplicate". */
export const duplicateBody = z.object({ of: idParam.shape.id.nullable(), version: versionField }).strict();
const editBody = itemEditSchema.extend({ version: versionField }).strict();

/** An item as a write answers it: the export fields and the version to state next time (also the ETag). */
function written(reply: FastifyReply, item: EndorsementItem): ExportRow & { version: number } {
  const version = item.version ?? 0;
  void reply.header('ETag', `"${version}"`);
  return { ...exportRows([item])[0]!, version };
}

/** Register the /api routes. */
export function apiRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/endorsements', async (request) => {
    const { status } = listQuery.parse(request.query ?? {});
    return exportRows(await deps.store.listItems({ status, history: false }));
  });

  app.get('/api/endorsements/:id', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    return reply.header('ETag', `"${item.version ?? 0}"`).send(item);
  });

  const transition = (action: ReviewAction) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = idParam.parse(request.params);
    const body: { reason?: string; version?: number } = (action === 'reject' ? rejectBody : emptyBody).parse(request.body ?? {});
    const reason = body.reason || undefined;
    const item = await applyReview(deps, id, action, request.identity!.user, reason, statedVersion(request.headers['if-match'], body.version));
    return written(reply, item);
  };
  for (const action of ['approve', 'reject', 'withdraw', 'reopen'] as const) app.post(`/api/endorsements/:id/${action}`, transition(action));

  app.patch('/api/endorsements/:id', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const { version, ...edit } = editBody.parse(request.body ?? {});
    return written(reply, await deps.store.editItem(id, edit, request.identity!.user, statedVersion(request.headers['if-match'], version)));
  });

  app.post('/api/endorsements/:id/duplicate', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const { of, version } = duplicateBody.parse(request.body ?? {});
    return written(reply, await deps.store.setDuplicate(id, of, request.identity!.user, statedVersion(request.headers['if-match'], version)));
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
    const { of, version } = linkBody.parse(request.body ?? {});
    const item = await deps.store.linkWithdrawal(id, of, request.identity!.user, statedVersion(request.headers['if-match'], version));
    return { ...exportRows([item])[0], withdraws: item.withdraws ?? null };
  });

  app.post('/api/endorsements/:id/remove', async (request) => {
    const { id } = idParam.parse(request.params);
    const { version } = emptyBody.parse(request.body ?? {});
    const removal = await removeFromList(deps, id, request.identity!.user, statedVersion(request.headers['if-match'], version));
    const [req, original] = await Promise.all([deps.store.getItem(id), deps.store.getItem(removal.original)]);
    return { request: exportRows(req ? [req] : [])[0] ?? null, original: exportRows(original ? [original] : [])[0] ?? null, originalWas: removal.originalWas, duplicates: removal.duplicates };
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
    return reply.code(201).send(written(reply, item));
  });
}
