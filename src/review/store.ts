/**
 * The review store: every message taken in and every endorsement found in it, in Redis under one
 * key prefix, with the indexes the review page, the CLI and the export read. Writes that must be
 * atomic run as Lua scripts (see scripts.ts); the record layout is in codec.ts.
 */
import type Redis from 'ioredis';
import type { FilingRequest, FilingSource } from '../intake/types';
import type { Kind } from '../mail/types';
import { compareItems, itemData, itemFromHash, messageData, messageFromHash } from './codec';
import { IllegalTransitionError, ReviewConflictError, ReviewError, StaleVersionError, UnknownItemError, UnknownMessageError } from './errors';
import { luaScript } from './lua';
import { messageKindCounts, pageMessages, type MessagePage, type MessageQuery } from './message-page';
import { createPresence, type Presence } from './presence';
import { FILING_AGAIN, FILING_DONE, FILING_MESSAGE_IDS, RECORD_MESSAGE, SET_REPLY, TRANSITION, VERSION_LUA } from './scripts';
import { STATUSES, type EndorsementItem, type HistoryEntry, type MessageRecord, type ReplyState, type Status } from './types';
import { createUndoLog, type UndoLog } from './undo';
import { linkWithdrawal, removeFromList, restoreStatuses, type Removal, type Restore } from './withdrawal';

/** What a reviewer can do to an item. */
export type ReviewAction = 'approve' | 'reject' | 'withdraw' | 'reopen';

/** For each action: the statuses it may start from and the status it leads to. */
export const TRANSITIONS: Readonly<Record<ReviewAction, { from: readonly Status[]; to: Status }>> = {
  approve: { from: ['pending'], to: 'approved' },
  // An approved signer can still be taken off the list (found to be fake, or asked to be removed).
  reject: { from: ['pending', 'approved'], to: 'rejected' },
  withdraw: { from: ['pending', 'approved'], to: 'withdrawn' },
  reopen: { from: ['approved', 'rejected', 'withdrawn'], to: 'pending' },
};

/** The extracted fields a reviewer may correct. */
export const EDITABLE_FIELDS = ['signerType', 'organisation', 'name', 'country', 'website', 'contactName', 'contactEmail'] as const;
export type ItemEdit = Partial<Pick<EndorsementItem, (typeof EDITABLE_FIELDS)[number]>>;

/**
 * Replace an item's `data` only if it is still what the caller read (compare-and-set) and, when the
 * caller states one, the version is the one it saw; record the edit in its history.
 * ARGV: prefix, id, expectedData, newData, historyJson, expectedVersion ('' = no check).
 * Returns {'ok', version}, {'unknown'}, {'stale', version} or {'changed'} (someone else wrote in between: read again and retry).
 */
const EDIT_ITEM = luaScript(`${VERSION_LUA}
local ikey = ARGV[1] .. ':item:' .. ARGV[2]
local cur = redis.call('HGET', ikey, 'data')
if not cur then return {'unknown'} end
local v = stale(ikey, ARGV[6])
if v then return {'stale', v} end
if cur ~= ARGV[3] then return {'changed'} end
redis.call('HSET', ikey, 'data', ARGV[4])
local nv = redis.call('HINCRBY', ikey, 'version', 1)
redis.call('RPUSH', ikey .. ':history', stamp(ARGV[5], nv))
return {'ok', nv}
`);

/**
 * The review fields of many items at once, without their history: one reply per call instead of a
 * command per item, so the review page can read ten thousand items quickly. ARGV: prefix, ids...
 * Returns per id {data, status, duplicateOf, reason, reply, replyDetail, version, withdraws} (false where absent).
 */
const ITEM_FIELDS = ['data', 'status', 'duplicateOf', 'reason', 'reply', 'replyDetail', 'version', 'withdraws'] as const;
const LOAD_ITEMS = luaScript(`
local out = {}
for i = 2, #ARGV do
  out[i - 1] = redis.call('HMGET', ARGV[1] .. ':item:' .. ARGV[i], 'data', 'status', 'duplicateOf', 'reason', 'reply', 'replyDetail', 'version', 'withdraws')
end
return out
`);
/**
 * What can change on each item, as one short string per id, so a reader holding decoded items can
 * tell which to load again: the mutable fields, the `version` (every review change bumps it) and the
 * length of `data`. ARGV: prefix, ids... An unknown id gives ''.
 */
const ITEM_STATES = luaScript(`
local out = {}
for i = 2, #ARGV do
  local k = ARGV[1] .. ':item:' .. ARGV[i]
  local f = redis.call('HMGET', k, 'status', 'duplicateOf', 'reason', 'reply', 'replyDetail', 'version', 'withdraws')
  if f[1] then
    out[i - 1] = table.concat({f[1], f[2] or '', f[3] or '', f[4] or '', f[5] or '', f[6] or '', redis.call('HSTRLEN', k, 'data')}, '\\0')
  else
    out[i - 1] = ''
  end
end
return out
`);
/** Ids per LOAD_ITEMS / ITEM_STATES call: each call holds Redis for a few milliseconds at most. */
const LOAD_CHUNK = 1000;

/**
 * Set or clear an item's `duplicateOf`, with a history entry, if the caller's version (when stated) is current.
 * ARGV: prefix, id, of ('' clears), historyJson, expectedVersion ('' = no check).
 * Returns {'ok', version}, {'unknown'} (no such item), {'unknown-of'} (no such original) or {'stale', version}.
 */
const SET_DUPLICATE = luaScript(`${VERSION_LUA}
local ikey = ARGV[1] .. ':item:' .. ARGV[2]
if redis.call('EXISTS', ikey) == 0 then return {'unknown'} end
local v = stale(ikey, ARGV[5])
if v then return {'stale', v} end
if ARGV[3] ~= '' and redis.call('EXISTS', ARGV[1] .. ':item:' .. ARGV[3]) == 0 then return {'unknown-of'} end
local old = redis.call('HGET', ikey, 'duplicateOf') or ''
redis.call('HSET', ikey, 'duplicateOf', ARGV[3])
local nv = redis.call('HINCRBY', ikey, 'version', 1)
redis.call('RPUSH', ikey .. ':history', stamp(ARGV[4], nv, {duplicateOf = {old, ARGV[3]}}))
return {'ok', nv}
`);

/**
 * Add an item to a message by hand, if the message's `data` is still what the caller read (its
 * endorsementIds change with it). ARGV: prefix, key, expectedData, newData, id, itemData,
 * historyJson, score. Returns 'ok', 'unknown', 'changed' (read again and retry) or 'exists'.
 */
const ADD_ITEM = luaScript(`
local p = ARGV[1]
local mkey = p .. ':msg:' .. ARGV[2]
local cur = redis.call('HGET', mkey, 'data')
if not cur then return 'unknown' end
if cur ~= ARGV[3] then return 'changed' end
local ikey = p .. ':item:' .. ARGV[5]
if redis.call('EXISTS', ikey) == 1 then return 'exists' end
redis.call('HSET', mkey, 'data', ARGV[4])
redis.call('HSET', ikey, 'data', ARGV[6], 'status', 'pending', 'duplicateOf', '', 'version', 1)
redis.call('RPUSH', ikey .. ':history', ARGV[7])
redis.call('ZADD', p .. ':items:all', ARGV[8], ARGV[5])
redis.call('ZADD', p .. ':items:pending', ARGV[8], ARGV[5])
return 'ok'
`);

export interface ReviewStore {
  /**
   * Store a message, its endorsements (as `pending`, ids `<key>-<index>`), their duplicate flags and
   * its filing request, all at once. Idempotent: if the message key exists, nothing changes and
   * `created` is false. Safe to call in parallel for different (or the same) messages.
   * @param dedupe dedupe keys per item, same order and length as `items`; an item sharing any key with
   *   an item stored earlier gets `duplicateOf` set to the earliest such item (flagged, never merged).
   */
  recordMessage(rec: MessageRecord, items: EndorsementItem[], dedupe: string[][], filing: FilingRequest): Promise<{ created: boolean }>;
  /** One message record, or null. */
  getMessage(key: string): Promise<MessageRecord | null>;
  /** Every message record, oldest received first. */
  listMessages(): Promise<MessageRecord[]>;
  /** Which of `keys` have no message record (one pipelined round trip). */
  missingMessages(keys: readonly string[]): Promise<string[]>;
  /** One page of messages, newest first, filtered and searched, by keyset (see message-page.ts). */
  pageMessages(q?: MessageQuery): Promise<MessagePage>;
  /** How many messages there are of each kind. */
  messageKindCounts(): Promise<Record<Kind, number>>;
  /** Every message's key and reply state only (no bodies), oldest received first: cheap at any size. */
  replyStates(): Promise<{ key: string; reply: ReplyState }[]>;
  /** One item, or null. */
  getItem(id: string): Promise<EndorsementItem | null>;
  /**
   * Items with a status (default `all`), by received time then id.
   * @param opts.history false leaves each item's `history` empty, for lists that do not show it
   *   (several times faster on thousands of items)
   */
  listItems(opts?: { status?: Status | 'all'; history?: boolean }): Promise<EndorsementItem[]>;
  /**
   * Apply a review action, recording who did it (and the old and new status) in the item's history.
   * A withdrawal request is never approved onto the list, nor withdrawn by hand: `removeFromList`
   * carries it out.
   * @param expected the version the caller saw; undefined skips the check
   * @throws UnknownItemError, StaleVersionError, IllegalTransitionError (see TRANSITIONS), ReviewConflictError (`withdrawal_not_approvable`)
   */
  transition(id: string, action: ReviewAction, by: string, reason?: string, expected?: number): Promise<EndorsementItem>;
  /**
   * Correct extracted fields (only those given; null clears one), recording who changed what, old and
   * new, in the item's history. Fields equal to the current value are left out; with nothing left,
   * nothing is written (and no version is checked: nothing could be overwritten).
   * @param expected the version the caller saw; undefined skips the check
   * @throws UnknownItemError, StaleVersionError
   */
  editItem(id: string, edit: ItemEdit, by: string, expected?: number): Promise<EndorsementItem>;
  /**
   * Add a signer to a message by hand (a "question" that is really an endorsement, a signer the
   * extractor missed): a new pending item `<key>-<n>`, listed in the message's endorsementIds, with
   * an "added" history entry. Fields not given are null; the signer type defaults to organisation.
   * @throws UnknownMessageError
   */
  addItem(key: string, fields: ItemEdit, by: string): Promise<EndorsementItem>;
  /**
   * Mark an item as a duplicate of another (`of`), or as no duplicate (null), in its history too.
   * The item keeps its status: rejecting the duplicate is a separate, deliberate step.
   * @param expected the version the caller saw; undefined skips the check
   * @throws UnknownItemError (for either id), StaleVersionError, ReviewError (an item cannot duplicate itself)
   */
  setDuplicate(id: string, of: string | null, by: string, expected?: number): Promise<EndorsementItem>;
  /**
   * Record a message's acknowledgement state; `sent` also sets `acknowledged`.
   * @throws UnknownMessageError
   */
  setReply(key: string, state: ReplyState, detail?: string): Promise<void>;
  /**
   * Record an item's confirmation reply state.
   * @throws UnknownItemError
   */
  setItemReply(id: string, state: ReplyState, detail?: string): Promise<void>;
  /**
   * Link a pending withdrawal request to the item (the signer) it withdraws, or unlink it (null).
   * @throws UnknownItemError (either id), IllegalTransitionError (the request is not pending),
   *   ReviewConflictError (`not_a_withdrawal`, `bad_link`: the target is itself a request)
   */
  linkWithdrawal(id: string, of: string | null, by: string, expected?: number): Promise<EndorsementItem>;
  /**
   * "Remove from the list": the linked original becomes `withdrawn` (it leaves every export) and the
   * request itself `withdrawn` (done), atomically, each with a history entry.
   * @throws UnknownItemError, IllegalTransitionError, ReviewConflictError (`not_a_withdrawal`, `withdrawal_not_linked`)
   */
  removeFromList(id: string, by: string, expected?: number): Promise<Removal>;
  /**
   * Put items back to their statuses before an action (undo), all or nothing, with `action` and
   * `detail` in each one's history. Returns null when done, else the item changed since (left alone).
   */
  restore(moves: Restore[], by: string, action: string, detail: string): Promise<{ id: string; status: string } | null>;
  /** The undo records of actions whose reply still waits (see undo.ts). */
  readonly undos: UndoLog;
  /** The processed messages waiting to be filed in the mailbox, for the watcher. */
  filingSource(): FilingSource;
  /** How many filing requests are waiting. */
  pendingFilingCount(): Promise<number>;
  /** Who has which item open (the item page's presence marks). */
  presence: Presence;
}

/** A caller's expected version as a script argument: '' means "no check". */
const versionArg = (expected: number | undefined): string => (expected === undefined ? '' : String(expected));

/** Build a store over an existing client (nothing is sent to Redis until a method is called). */
export function createReviewStore(redis: Redis, prefix: string): ReviewStore {
  const k = {
    msg: (key: string) => `${prefix}:msg:${key}`,
    messages: `${prefix}:messages`,
    item: (id: string) => `${prefix}:item:${id}`,
    history: (id: string) => `${prefix}:item:${id}:history`,
    items: (status: Status | 'all') => `${prefix}:items:${status}`,
    filing: `${prefix}:filing`,
    filingReq: `${prefix}:filing:req`,
  };

  const entry = (by: string, action: string, detail?: string, changes?: HistoryEntry['changes']): string =>
    JSON.stringify({ at: new Date().toISOString(), by, action, ...(detail ? { detail } : {}), ...(changes ? { changes } : {}) } satisfies HistoryEntry);

  async function loadItems(ids: string[]): Promise<EndorsementItem[]> {
    if (ids.length === 0) return [];
    const pipe = redis.pipeline();
    for (const id of ids) pipe.hgetall(k.item(id)).lrange(k.history(id), 0, -1);
    const res = (await pipe.exec()) ?? [];
    const out: EndorsementItem[] = [];
    for (let i = 0; i < ids.length; i++) {
      const [e1, h] = res[2 * i]!;
      const [e2, hist] = res[2 * i + 1]!;
      if (e1 || e2) throw e1 ?? e2;
      const item = itemFromHash(h as Record<string, string>, hist as string[]);
      if (item) out.push(item);
    }
    return out;
  }

  // Decoded items with the state string they were decoded at. Only an item whose state changed is
  // loaded and parsed again: parsing ten thousand items (and its garbage) is most of a list's cost.
  let decoded = new Map<string, { state: string; item: EndorsementItem }>();
  const inChunks = <T>(ids: string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> => {
    const calls: Promise<T[]>[] = [];
    for (let i = 0; i < ids.length; i += LOAD_CHUNK) calls.push(fn(ids.slice(i, i + LOAD_CHUNK)));
    return Promise.all(calls).then((parts) => parts.flat());
  };
  async function loadItemsWithoutHistory(ids: string[]): Promise<EndorsementItem[]> {
    const states = await inChunks(ids, (c) => ITEM_STATES.run(redis, [], [prefix, ...c]) as Promise<string[]>);
    const stale = ids.filter((id, i) => states[i] && decoded.get(id)?.state !== states[i]);
    const rows = await inChunks(stale, (c) => LOAD_ITEMS.run(redis, [], [prefix, ...c]) as Promise<(string | null)[][]>);
    const fresh = new Map<string, EndorsementItem | null>();
    stale.forEach((id, n) => {
      const h: Record<string, string> = {};
      ITEM_FIELDS.forEach((f, i) => {
        const v = rows[n]![i];
        if (v) h[f] = v;
      });
      fresh.set(id, itemFromHash(h, []));
    });
    const next = new Map<string, { state: string; item: EndorsementItem }>();
    const out: EndorsementItem[] = [];
    ids.forEach((id, i) => {
      const state = states[i];
      // An item changed between the two calls is cached under its older state: the next read reloads it.
      const item = fresh.has(id) ? fresh.get(id) : decoded.get(id)?.item;
      if (!state || !item) return;
      next.set(id, { state, item });
      // A copy: callers may change what they get without touching the cache.
      out.push({ ...item, history: [] });
    });
    decoded = next;
    return out;
  }

  /** The refusal for a stale version: what changed since `expected`, and the item as it is now. */
  async function staleError(id: string, expected: number, current: number): Promise<StaleVersionError> {
    const item = await loadItems([id]).then((a) => a[0] ?? null);
    const since = (item?.history ?? []).filter((h) => (h.version ?? 0) > expected);
    return new StaleVersionError(id, expected, item?.version ?? current, since, item);
  }

  async function setReplyOn(hashKey: string, state: ReplyState, detail: string | undefined, ack: boolean): Promise<boolean> {
    return (await SET_REPLY.run(redis, [hashKey], [state, detail ?? '', ack ? '1' : '0'])) === 1;
  }

  return {
    async recordMessage(rec, items, dedupe, filing) {
      if (dedupe.length !== items.length) throw new RangeError(`dedupe has ${dedupe.length} entries for ${items.length} items`);
      const ids = items.map((_, i) => `${rec.key}-${i}`);
      const score = Date.parse(rec.receivedAt);
      if (!Number.isFinite(score)) throw new RangeError(`receivedAt is not a date: ${rec.receivedAt}`);
      const stored: MessageRecord = { ...rec, endorsementIds: ids };
      const args: (string | number)[] = [
        prefix, rec.key, messageData(stored), rec.reply, rec.acknowledged ? '1' : '0', JSON.stringify(rec.folder ?? null),
        score, JSON.stringify(filing), rec.replyDetail ?? '', '', items.length,
      ];
      items.forEach((item, i) => {
        const keys = dedupe[i]!;
        // The caller's history (e.g. "extracted") is kept; without one, the item starts with "received".
        const history = item.history?.length ? item.history.map((h) => JSON.stringify(h)) : [entry('intake', 'received')];
        args.push(ids[i]!, itemData({ ...item, id: ids[i]!, messageKey: rec.key, receivedAt: rec.receivedAt }), history.length, ...history, keys.length, ...keys);
      });
      const res = await RECORD_MESSAGE.run(redis, [], args);
      return { created: res === 1 };
    },

    async getMessage(key) {
      return messageFromHash(await redis.hgetall(k.msg(key)));
    },

    async listMessages() {
      const keys = await redis.zrange(k.messages, '0', '-1');
      if (keys.length === 0) return [];
      const pipe = redis.pipeline();
      for (const key of keys) pipe.hgetall(k.msg(key));
      const res = (await pipe.exec()) ?? [];
      const out: MessageRecord[] = [];
      for (const [err, h] of res) {
        if (err) throw err;
        const rec = messageFromHash(h as Record<string, string>);
        if (rec) out.push(rec);
      }
      return out;
    },

    pageMessages: (q) => pageMessages(redis, prefix, q),
    messageKindCounts: () => messageKindCounts(redis, prefix),

    async missingMessages(keys) {
      if (keys.length === 0) return [];
      const pipe = redis.pipeline();
      for (const key of keys) pipe.exists(k.msg(key));
      const res = (await pipe.exec()) ?? [];
      return keys.filter((_, i) => {
        const [err, n] = res[i]!;
        if (err) throw err;
        return n === 0;
      });
    },

    async replyStates() {
      const keys = await redis.zrange(k.messages, '0', '-1');
      if (keys.length === 0) return [];
      const pipe = redis.pipeline();
      for (const key of keys) pipe.hget(k.msg(key), 'reply');
      const res = (await pipe.exec()) ?? [];
      return keys.map((key, i) => {
        const [err, reply] = res[i]!;
        if (err) throw err;
        return { key, reply: ((reply as string | null) ?? 'none') as ReplyState };
      });
    },

    async getItem(id) {
      return (await loadItems([id]))[0] ?? null;
    },

    async listItems(opts = {}) {
      const status = opts.status ?? 'all';
      if (status !== 'all' && !STATUSES.includes(status)) throw new RangeError(`unknown status ${String(status)}`);
      const ids = await redis.zrange(k.items(status), '0', '-1');
      const items = opts.history === false ? await loadItemsWithoutHistory(ids) : await loadItems(ids);
      return items.sort(compareItems);
    },

    async transition(id, action, by, reason, expected) {
      const rule = TRANSITIONS[action];
      if (!rule) throw new RangeError(`unknown action ${String(action)}`);
      if (action === 'approve' || action === 'withdraw') {
        // The kind is fixed at intake (never edited), so reading it before the script is safe.
        const data = await redis.hget(k.item(id), 'data');
        if (data && (JSON.parse(data) as { kind?: string }).kind === 'withdrawal') {
          throw new ReviewConflictError('withdrawal_not_approvable', action === 'approve'
            ? `Endorsement ${id} is a request to be removed from the list: it can never be approved onto it. Link it to the signer and use "Remove from the list".`
            : `Endorsement ${id} is a request to be removed: use "Remove from the list", which withdraws the signer it names.`);
        }
      }
      const res = (await TRANSITION.run(redis, [], [prefix, id, rule.from.join(','), rule.to, entry(by, action, reason), reason ?? '', versionArg(expected)])) as (string | number)[];
      if (res[0] === 'unknown') throw new UnknownItemError(id);
      if (res[0] === 'stale') throw await staleError(id, expected!, Number(res[1]));
      if (res[0] === 'illegal') throw new IllegalTransitionError(id, action, res[1] as Status);
      const item = await this.getItem(id);
      if (!item) throw new UnknownItemError(id);
      return item;
    },

    async editItem(id, edit, by, expected) {
      for (let attempt = 0; ; attempt++) {
        const current = await redis.hget(k.item(id), 'data');
        if (current === null) throw new UnknownItemError(id);
        const data = JSON.parse(current) as Record<string, unknown>;
        const changed = EDITABLE_FIELDS.filter((f) => f in edit && edit[f] !== undefined && (data[f] ?? null) !== edit[f]);
        if (changed.length === 0) break;
        const changes = Object.fromEntries(changed.map((f): [string, [unknown, unknown]] => [f, [data[f] ?? null, edit[f]]]));
        for (const f of changed) data[f] = edit[f];
        const detail = changed.map((f) => `${f}: ${JSON.stringify(edit[f])}`).join(', ');
        const res = (await EDIT_ITEM.run(redis, [], [prefix, id, current, JSON.stringify(data), entry(by, 'edit', detail, changes), versionArg(expected)])) as (string | number)[];
        if (res[0] === 'ok') break;
        if (res[0] === 'unknown') throw new UnknownItemError(id);
        if (res[0] === 'stale') throw await staleError(id, expected!, Number(res[1]));
        if (attempt >= 10) throw new Error(`endorsement ${id} keeps changing; edit not saved`);
      }
      const item = await this.getItem(id);
      if (!item) throw new UnknownItemError(id);
      return item;
    },

    async addItem(key, fields, by) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const current = await redis.hget(k.msg(key), 'data');
        if (current === null) throw new UnknownMessageError(key);
        const msg = JSON.parse(current) as Omit<MessageRecord, 'acknowledged' | 'reply' | 'replyDetail' | 'folder' | 'filingError'>;
        const used = new Set(msg.endorsementIds);
        let n = msg.endorsementIds.length;
        while (used.has(`${key}-${n}`)) n++;
        const id = `${key}-${n}`;
        const item: EndorsementItem = {
          id, status: 'pending', signerType: fields.signerType ?? 'organisation', organisation: fields.organisation ?? null, name: fields.name ?? null,
          country: fields.country ?? null, website: fields.website ?? null, contactName: fields.contactName ?? null, contactEmail: fields.contactEmail ?? null,
          messageId: msg.messageId, messageKey: key, receivedAt: msg.receivedAt, duplicateOf: null,
          kind: msg.kind === 'withdrawal' ? 'withdrawal' : 'endorsement', language: msg.language, evidence: {}, confidence: 1, history: [],
        };
        const detail = EDITABLE_FIELDS.filter((f) => fields[f] !== undefined && fields[f] !== null).map((f) => `${f}: ${JSON.stringify(fields[f])}`).join(', ');
        const res = await ADD_ITEM.run(redis, [], [
          prefix, key, current, JSON.stringify({ ...msg, endorsementIds: [...msg.endorsementIds, id] }), id, itemData(item),
          entry(by, 'added', detail || undefined), Date.parse(msg.receivedAt),
        ]);
        if (res === 'unknown') throw new UnknownMessageError(key);
        if (res === 'ok') {
          const stored = await this.getItem(id);
          if (!stored) throw new UnknownItemError(id);
          return stored;
        }
      }
      throw new Error(`message ${key} keeps changing; signer not added`);
    },

    async setDuplicate(id, of, by, expected) {
      if (of === id) throw new ReviewError(`endorsement ${id} cannot duplicate itself`, 'An endorsement cannot be a duplicate of itself.');
      const res = (await SET_DUPLICATE.run(redis, [], [prefix, id, of ?? '', entry(by, of ? 'duplicate' : 'not-duplicate', of ? `of ${of}` : undefined), versionArg(expected)])) as (string | number)[];
      if (res[0] === 'unknown') throw new UnknownItemError(id);
      if (res[0] === 'stale') throw await staleError(id, expected!, Number(res[1]));
      if (res[0] === 'unknown-of') throw new UnknownItemError(of!);
      const item = await this.getItem(id);
      if (!item) throw new UnknownItemError(id);
      return item;
    },

    async setReply(key, state, detail) {
      if (!(await setReplyOn(k.msg(key), state, detail, state === 'sent'))) throw new UnknownMessageError(key);
    },

    async setItemReply(id, state, detail) {
      if (!(await setReplyOn(k.item(id), state, detail, false))) throw new UnknownItemError(id);
    },

    async linkWithdrawal(id, of, by, expected) {
      if (of === id) throw new ReviewConflictError('bad_link', 'A withdrawal request cannot withdraw itself.');
      const stale = await linkWithdrawal(redis, prefix, id, of, entry(by, of ? 'linked' : 'unlinked', of ? `withdraws ${of}` : undefined), expected);
      if (stale) throw await staleError(id, expected!, stale.current);
      const item = await this.getItem(id);
      if (!item) throw new UnknownItemError(id);
      return item;
    },

    async removeFromList(id, by, expected) {
      const original = await redis.hget(k.item(id), 'withdraws');
      const done = await removeFromList(redis, prefix, id, entry(by, 'remove-from-list', original ? `${original} withdrawn` : undefined),
        entry(by, 'withdraw', `at the request of ${id}`), expected);
      if ('current' in done) throw await staleError(id, expected!, done.current);
      return done;
    },

    async restore(moves, by, action, detail) {
      return restoreStatuses(redis, prefix, moves, entry(by, action, detail));
    },

    undos: createUndoLog(redis, prefix),

    filingSource() {
      return {
        // Taking does not remove: a watcher that dies before `done` hands the same requests to the next one.
        async take(max) {
          if (max <= 0) return [];
          const keys = await redis.zrange(k.filing, '0', String(max - 1));
          if (keys.length === 0) return [];
          const reqs = (await redis.hmget(k.filingReq, ...keys)).filter((r): r is string => r !== null).map((r) => JSON.parse(r) as FilingRequest);
          // The Message-ID lets the watcher find a message again after a UIDVALIDITY change and prove a move.
          const ids = (await FILING_MESSAGE_IDS.run(redis, [], [prefix, ...reqs.map((r) => r.key)])) as (string | null)[];
          return reqs.map((r, i) => ({ ...r, messageId: ids[i] || null }));
        },
        async done(reqs) {
          if (reqs.length === 0) return;
          await FILING_DONE.run(redis, [], [prefix, ...reqs.flatMap((r) => [r.key, JSON.stringify(r.folder ?? null), r.error ?? '', r.filedUid ? JSON.stringify(r.filedUid) : ''])]);
        },
        async again(reqs) {
          if (reqs.length === 0) return;
          // The Message-ID is read afresh at each take; the rest is the request as it will be tried.
          await FILING_AGAIN.run(redis, [], [prefix, ...reqs.flatMap(({ messageId: _m, unproven: _u, error: _e, ...r }) => [r.key, JSON.stringify(r)])]);
        },
      };
    },

    async pendingFilingCount() {
      return redis.zcard(k.filing);
    },

    presence: createPresence(redis, prefix),
  };
}
