/**
 * The item page and its forms: review actions (POST /items/:id/action), field corrections
 * (POST /items/:id/edit), duplicate marking (POST /items/:id/duplicate), a withdrawal request's
 * link and removal (POST /items/:id/link, /remove) and Undo of a mail still waiting
 * (POST /items/:id/undo), each returning to where it came from with a fixed notice. Each form states
 * the item version it was rendered from: a stale one re-renders the page with the colleague's change
 * and the organiser's input kept (409), as a refused field does with the reason beside the field (400).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodError } from 'zod';
import { StaleVersionError, UnknownItemError } from '../../review/errors';
import type { EndorsementItem, Status } from '../../review/types';
import { suggestedOriginal, withdrawalCandidates } from '../../review/withdrawal-match';
import { applyReview, removeFromList, undoReview, type ReviewDeps } from '../../review/workflow';
import { itemEditSchema, versionField } from '../forms';
import { HttpError } from '../errors';
import { href, html } from '../html';
import { narrowingQuery, queueView, type QueueNarrowing } from '../queue-model';
import { resendReply, type ReplyWeb } from '../replies';
import { layout } from '../views/layout';
import { itemBody, type ItemPageExtras } from '../views/item';
import { undoNotice, withdrawalSection } from '../views/withdrawal';
import { idParam } from './api';
import { DONE_NOTICES, narrowingFields, withDone, withUndo } from './queue';

const actionForm = z.object({
  action: z.enum(['approve', 'reject', 'withdraw', 'reopen'], { message: 'must be approve, reject, withdraw or reopen' }),
  reason: z.string().trim().max(2000).optional(),
  back: z.string().max(2000).optional(),
  version: versionField,
  // "pending": go on to the next pending item in the queue's order instead of `back`.
  next: z.literal('pending').optional(),
}).passthrough();

const linkForm = z.object({
  of: z.string().trim().regex(/^([A-Za-z0-9_.-]{1,200})?$/, 'must be an endorsement id such as m0123abc-0, or empty').default(''),
  version: versionField,
}).passthrough();
const removeForm = z.object({ version: versionField }).passthrough();
const backForm = z.object({ back: z.string().max(2000).optional() }).passthrough();
const itemQuery = z.object({ done: z.string().max(40).optional(), find: z.string().max(200).optional(), undo: z.string().max(300).optional() }).passthrough();

const duplicateForm = z.object({
  of: z.string().trim().regex(/^([A-Za-z0-9_.-]{1,200})?$/, 'must be an endorsement id such as m0123abc-0, or empty').default(''),
  version: versionField,
}).passthrough();

/** `leave`: the time of the leaving page's last mark (from the page or a ping's answer). */
const presenceForm = z.object({ leave: z.coerce.number().int().min(0).optional() }).passthrough();

/** The string values of a posted form, to put back into the fields after a refusal. */
function typedValues(body: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A validation error's messages by field, for showing beside each field. */
function fieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues) out[String(i.path[0] ?? 'form')] ??= i.message;
  return out;
}

/** Item ids in the queue's order (as the queue page sorts them) among items of one status, within the queue's filters. */
async function queueOrder(deps: ReviewDeps, status: Status, within: QueueNarrowing): Promise<string[]> {
  // All items, not one status: the store's decoded-item cache serves the queue page from the same call.
  const all = await deps.store.listItems({ status: 'all', history: false });
  return queueView(all, { ...within, status, page: 1 }, Number.MAX_SAFE_INTEGER).items.map((i) => i.id);
}

/** The queue's filters an item page was opened with (its query, or a form's fields); malformed ones are dropped, not refused. */
function withinOf(input: unknown): QueueNarrowing {
  const parsed = narrowingFields.safeParse(input ?? {});
  return parsed.success ? parsed.data : {};
}

/** Register the item page and its form targets. */
export function itemRoutes(app: FastifyInstance, deps: ReviewDeps, appeal: string, replies: ReplyWeb): void {
  /** The item page, with its presence marked and whatever `x` adds. */
  async function render(request: FastifyRequest, reply: FastifyReply, item: EndorsementItem, x: ItemPageExtras = {}, status = 200): Promise<FastifyReply> {
    const user = request.identity!.user;
    const [msg, { others, at }] = await Promise.all([deps.store.getMessage(item.messageKey), deps.store.presence.touch(item.id, user)]);
    const bounce = await replies.bouncing(replies.recipient(item.contactEmail, msg).address);
    const { done, find, undo } = itemQuery.parse(request.query ?? {});
    const csrf = request.identity!.session?.csrf ?? '';
    const self = `/items/${encodeURIComponent(item.id)}`;
    // This item's mail still waiting, and the one of the item just acted on (next-after-action).
    const undos = (await Promise.all([...new Set([item.id, ...(undo ? [undo] : [])])].map((u) => deps.store.undos.get(u))))
      .filter((u): u is NonNullable<typeof u> => u !== null);
    const page = layout({ title: item.organisation ?? item.name ?? item.id, appeal, user, admin: request.identity!.role === 'admin', csrf, nav: 'queue' },
      itemBody(item, msg, csrf, done ? DONE_NOTICES[done] : undefined, bounce, {
        others, presenceAt: at, within: withinOf(request.query), ...x,
        undo: undos.length ? html`${undos.map((u) => undoNotice(u, csrf, self))}` : undefined,
        withdrawal: item.kind === 'withdrawal' ? await requestSection(item, find ?? '', csrf) : undefined,
        sendsMail: deps.replies && !!deps.replyQueue,
        recipient: replies.recipient(null, msg),
      }));
    return reply.code(status).type('text/html; charset=utf-8').send(page.value);
  }

  /** The page after a stale form: the item as it is now, what changed, and what the organiser typed. */
  const conflict = (request: FastifyRequest, reply: FastifyReply, err: StaleVersionError, wanted: string) => {
    if (!err.item) throw new UnknownItemError(err.id);
    return render(request, reply, err.item, { conflict: { yourVersion: err.expected, changes: err.changes, wanted }, typed: typedValues(request.body) }, 409);
  };

  const load = async (id: string): Promise<EndorsementItem> => {
    const item = await deps.store.getItem(id);
    if (!item) throw new UnknownItemError(id);
    return item;
  };

  app.get('/items/:id', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    return render(request, reply, await load(id));
  });

  // Previous/next (k/j) in the queue's order among items of the same status, found when followed so
  // the item page itself never sorts the queue; at either end, back to the queue.
  for (const dir of ['prev', 'next'] as const) {
    app.get(`/items/:id/${dir}`, async (request, reply) => {
      const { id } = idParam.parse(request.params);
      const within = withinOf(request.query);
      const order = await queueOrder(deps, (await load(id)).status, within);
      const at = order.indexOf(id);
      const to = at < 0 ? undefined : order[dir === 'next' ? at + 1 : at - 1];
      return reply.redirect(href(to ? `/items/${encodeURIComponent(to)}` : '/', narrowingQuery(within)), 303);
    });
  }

  // The page's script calls this every few seconds while the page is open, and with `leave` (the time
  // of its own last mark) when the page goes away, so moving on with j leaves no mark behind for the TTL.
  app.post('/items/:id/presence', async (request) => {
    const { id } = idParam.parse(request.params);
    const user = request.identity!.user;
    const { leave } = presenceForm.parse(request.body ?? {});
    if (leave !== undefined) {
      await deps.store.presence.leave(id, user, leave);
      return { others: await deps.store.presence.who(id) };
    }
    return deps.store.presence.touch(id, user);
  });

  app.post('/items/:id/action', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = actionForm.parse(request.body ?? {});
    // The queue's row buttons state it in the URL (their form is the shared bulk form).
    form.version ??= versionField.parse((request.query as { version?: unknown }).version);
    // Read the queue before the action moves the item out of it: the next item is the one after it.
    const within = withinOf(request.body);
    const order = form.next ? await queueOrder(deps, 'pending', within) : [];
    try {
      await applyReview(deps, id, form.action, request.identity!.user, form.reason || undefined, form.version);
    } catch (err) {
      if (err instanceof StaleVersionError) return conflict(request, reply, err, form.action === 'reject' ? 'rejection' : form.action);
      throw err;
    }
    // A mail waiting for its undo window: wherever the organiser lands, the notice with Undo is shown.
    const waiting = (await deps.store.undos.get(id)) !== null;
    const to = (path: string) => (waiting ? withUndo(path, id) : path);
    if (form.next) {
      const next = order.slice(order.indexOf(id) + 1).find((n) => n !== id) ?? order.find((n) => n !== id);
      return reply.redirect(to(withDone(href(next ? `/items/${encodeURIComponent(next)}` : '/', narrowingQuery(within)), form.action)), 303);
    }
    return reply.redirect(to(withDone(app.localPath(form.back), form.action)), 303);
  });

  app.post('/items/:id/link', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const form = linkForm.parse(request.body ?? {});
    try {
      await deps.store.linkWithdrawal(id, form.of || null, request.identity!.user, form.version);
    } catch (err) {
      if (err instanceof StaleVersionError) return conflict(request, reply, err, 'link');
      throw err;
    }
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, form.of ? 'linked' : 'unlinked'), 303);
  });

  app.post('/items/:id/remove', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const { version } = removeForm.parse(request.body ?? {});
    try {
      await removeFromList(deps, id, request.identity!.user, version);
    } catch (err) {
      if (err instanceof StaleVersionError) return conflict(request, reply, err, 'removal');
      throw err;
    }
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
    await resendReply(replies, { type, id }, item.reply ?? 'none', replies.recipient(item.contactEmail, msg).address,
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
    const parsed = duplicateForm.safeParse(request.body ?? {});
    if (!parsed.success) return render(request, reply, await load(id), { errors: fieldErrors(parsed.error), typed: typedValues(request.body) }, 400);
    const form = parsed.data;
    try {
      await deps.store.setDuplicate(id, form.of || null, request.identity!.user, form.version);
    } catch (err) {
      if (err instanceof StaleVersionError) return conflict(request, reply, err, 'duplicate mark');
      throw err;
    }
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, form.of ? 'duplicate' : 'notDuplicate'), 303);
  });

  app.post('/items/:id/edit', async (request, reply) => {
    const { id } = idParam.parse(request.params);
    const { _csrf: _c, version: v, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    const version = versionField.parse(v);
    const edit = itemEditSchema.safeParse(fields);
    // A refused value re-renders the form with the reason beside the field and everything typed kept.
    if (!edit.success) return render(request, reply, await load(id), { errors: fieldErrors(edit.error), typed: typedValues(fields) }, 400);
    try {
      await deps.store.editItem(id, edit.data, request.identity!.user, version);
    } catch (err) {
      if (err instanceof StaleVersionError) return conflict(request, reply, err, 'edit');
      throw err;
    }
    return reply.redirect(withDone(`/items/${encodeURIComponent(id)}`, 'edit'), 303);
  });
}
