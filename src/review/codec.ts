/**
 * How records live in Redis: one hash per record, with the fields that never change after intake in
 * a JSON `data` field and the fields that change (status, reply, folder...) beside it, so updates are
 * single HSETs and never a read-modify-write of JSON.
 */
import type { EndorsementItem, HistoryEntry, MessageRecord, ReplyState, Status } from './types';

/** Fields of a MessageRecord kept outside `data`. */
type MessageMutable = 'acknowledged' | 'reply' | 'replyDetail' | 'folder' | 'filingError' | 'filedUid';
/** Fields of an EndorsementItem kept outside `data`. */
type ItemMutable = 'status' | 'duplicateOf' | 'reason' | 'history' | 'reply' | 'replyDetail' | 'version' | 'withdraws';

/** The immutable part of a message record, as stored in its `data` field. */
export function messageData(rec: MessageRecord): string {
  const { acknowledged: _a, reply: _r, replyDetail: _d, folder: _f, filingError: _e, filedUid: _u, ...data } = rec;
  return JSON.stringify(data);
}

/** The immutable part of an item, as stored in its `data` field. */
export function itemData(item: EndorsementItem): string {
  const { status: _s, duplicateOf: _d, reason: _r, history: _h, reply: _p, replyDetail: _e, version: _v, withdraws: _w, ...data } = item;
  return JSON.stringify(data);
}

/** Rebuild a message record from its hash, or null when the hash is empty (no such message). */
export function messageFromHash(h: Record<string, string>): MessageRecord | null {
  if (!h.data) return null;
  const data = JSON.parse(h.data) as Omit<MessageRecord, MessageMutable>;
  const rec: MessageRecord = {
    ...data,
    acknowledged: h.acknowledged === '1',
    reply: (h.reply ?? 'none') as ReplyState,
    folder: h.folder ? (JSON.parse(h.folder) as string | null) : null,
  };
  if (h.replyDetail) rec.replyDetail = h.replyDetail;
  if (h.filingError) rec.filingError = h.filingError;
  if (h.filedUid) rec.filedUid = JSON.parse(h.filedUid) as MessageRecord['filedUid'];
  return rec;
}

/** Rebuild an item from its hash and history list, or null when the hash is empty. */
export function itemFromHash(h: Record<string, string>, history: string[]): EndorsementItem | null {
  if (!h.data) return null;
  const data = JSON.parse(h.data) as Omit<EndorsementItem, ItemMutable>;
  const item: EndorsementItem = {
    ...data,
    status: h.status as Status,
    duplicateOf: h.duplicateOf || null,
    history: history.map((e) => JSON.parse(e) as HistoryEntry),
    version: Number(h.version ?? 0),
  };
  if (h.reason) item.reason = h.reason;
  if (h.reply) item.reply = h.reply as ReplyState;
  if (h.replyDetail) item.replyDetail = h.replyDetail;
  if (h.withdraws) item.withdraws = h.withdraws;
  return item;
}

/** Order items by received time, then message key, then their index in the message (numerically). */
export function compareItems(a: EndorsementItem, b: EndorsementItem): number {
  const t = Date.parse(a.receivedAt) - Date.parse(b.receivedAt);
  if (t !== 0) return t;
  if (a.messageKey !== b.messageKey) return a.messageKey < b.messageKey ? -1 : 1;
  return indexOf(a.id) - indexOf(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function indexOf(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : 0;
}
