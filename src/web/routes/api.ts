/**
 * The JSON API of CONTRACT.md: endorsements as `endorse export --format json` prints them, review
 * transitions, and messages as `endorse messages --json`. Input is checked with zod; errors are JSON
 * with a code and a message (see errors.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { exportRows, messagesJson } from '../../review/export';
import { UnknownItemError } from '../../review/errors';
import type { ReviewAction } from '../../review/store';
import { STATUSES } from '../../review/types';
import { applyReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema } from '../forms';
import { keyParam } from './messages';

/** An endorsement id as the store makes them (`<message key>-<n>`), bounded. */
export const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'is not an endorsement id') });
const listQuery = z.object({ status: z.enum([...STATUSES, 'all']).default('approved') }).strict();
const rejectBody = z.object({ reason: z.string().trim().max(2000).optional() }).strict();
const emptyBody = z.object({}).strict();
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

  app.get('/api/messages', async () => messagesJson(await deps.store.listMessages()));

  app.post('/api/messages/:key/endorsements', async (request, reply) => {
    const { key } = keyParam.parse(request.params);
    const item = await deps.store.addItem(key, itemEditSchema.parse(request.body ?? {}), request.identity!.user);
    return reply.code(201).send(exportRows([item])[0]);
  });
}
