/**
 * One page of the messages list, newest first, filtered and searched, read by keyset: the cursor is
 * the (received time, key) of the last row shown, so page 200 costs what page 1 costs and a message
 * arriving meanwhile does not shift the rows. Filters read the records in batches and stop once the
 * page is full; a search reads each record's raw JSON first and parses only the ones that contain
 * the words, so searching ten thousand messages stays well under the page budget.
 */
import type Redis from 'ioredis';
import { KINDS, type Kind } from '../mail/types';
import { messageFromHash } from './codec';
import { luaScript } from './lua';
import type { MessageRecord, ReplyState } from './types';

/** What the list can be narrowed to. Dates are UTC days (YYYY-MM-DD), both ends included. */
export interface MessageQuery {
  /** Words to find (case-insensitive, as one phrase) in the sender, the subject or the text. */
  q?: string;
  kind?: Kind;
  /** A reply state of the acknowledgement (`sent` also matches an acknowledged message). */
  reply?: ReplyState;
  since?: string;
  until?: string;
  /** The cursor of the page before (its `next`); absent: the newest messages. */
  after?: string;
  /** Rows per page (default 50, at most 500). */
  limit?: number;
}

/** One page, and the cursor of the next (null on the last page). */
export interface MessagePage {
  messages: MessageRecord[];
  next: string | null;
}

/** Records read per round trip while filtering. */
const BATCH = 400;

/** Messages per kind, over every message (a Lua loop: about a millisecond per thousand messages). */
const KIND_COUNTS = luaScript(`
local keys = redis.call('ZRANGE', ARGV[1] .. ':messages', 0, -1)
local counts = {}
for _, k in ipairs(keys) do
  local data = redis.call('HGET', ARGV[1] .. ':msg:' .. k, 'data')
  local kind = data and string.match(data, '"kind":"([%w_]+)"') or 'unknown'
  counts[kind] = (counts[kind] or 0) + 1
end
local out = {}
for kind, n in pairs(counts) do out[#out + 1] = kind; out[#out + 1] = n end
return out
`);

/** How many messages there are of each kind (kinds with none are 0). */
export async function messageKindCounts(redis: Redis, prefix: string): Promise<Record<Kind, number>> {
  const flat = (await KIND_COUNTS.run(redis, [], [prefix])) as (string | number)[];
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (let i = 0; i < flat.length; i += 2) {
    const kind = String(flat[i]);
    if ((KINDS as readonly string[]).includes(kind)) counts[kind as Kind] = Number(flat[i + 1]);
  }
  return counts;
}

/** The cursor of a row: its received time (ms) and key. */
export function messageCursor(m: Pick<MessageRecord, 'receivedAt' | 'key'>): string {
  return `${Date.parse(m.receivedAt)}~${m.key}`;
}

function parseCursor(c: string | undefined): { score: number; key: string } | null {
  const m = c ? /^(-?\d{1,16})~([A-Za-z0-9_.-]{1,200})$/.exec(c) : null;
  return m ? { score: Number(m[1]), key: m[2]! } : null;
}

const dayStart = (d: string) => Date.parse(`${d}T00:00:00.000Z`);

/** Does a parsed record pass the query's filters and words? */
function matches(m: MessageRecord, q: MessageQuery, words: string | null): boolean {
  if (q.kind && m.kind !== q.kind) return false;
  if (q.reply && m.reply !== q.reply && !(q.reply === 'sent' && m.acknowledged)) return false;
  if (words && ![m.from ?? '', m.replyTo ?? '', m.subject, m.text].some((f) => f.toLowerCase().includes(words))) return false;
  return true;
}

/** Read one page of messages (see MessageQuery). */
export async function pageMessages(redis: Redis, prefix: string, q: MessageQuery = {}): Promise<MessagePage> {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? 50)));
  const zkey = `${prefix}:messages`;
  const cursor = parseCursor(q.after);
  const untilMs = q.until ? dayStart(q.until) + 86_400_000 - 1 : Infinity;
  const max = cursor ? Math.min(cursor.score, untilMs) : untilMs;
  const min = q.since ? dayStart(q.since) : -Infinity;
  const words = q.q?.trim().toLowerCase().replace(/\s+/g, ' ') || null;
  // Words JSON would escape cannot be found in the raw JSON: those searches parse every record.
  const rawWords = words && !/["\\\u0000-\u001f\u2028\u2029]/.test(words) ? words : null;
  const filtered = !!(words || q.kind || q.reply);
  const out: MessageRecord[] = [];
  let offset = 0;
  let more = true;
  while (more && out.length <= limit) {
    const count = filtered ? BATCH : limit + 2;
    const flat = await redis.zrevrangebyscore(zkey, Number.isFinite(max) ? max : '+inf', Number.isFinite(min) ? min : '-inf', 'WITHSCORES', 'LIMIT', offset, count);
    offset += flat.length / 2;
    more = flat.length / 2 === count;
    const keys: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const key = flat[i]!;
      // Equal times come in reverse key order: those not below the cursor's key were on earlier pages.
      if (cursor && Number(flat[i + 1]) === cursor.score && key >= cursor.key) continue;
      keys.push(key);
    }
    if (keys.length === 0) continue;
    const pipe = redis.pipeline();
    for (const key of keys) pipe.hmget(`${prefix}:msg:${key}`, 'data', 'reply', 'acknowledged', 'folder', 'replyDetail');
    const rows = (await pipe.exec()) ?? [];
    for (const [err, row] of rows) {
      if (err) throw err;
      const [data, reply, acknowledged, folder, replyDetail] = row as (string | null)[];
      if (!data) continue;
      if (q.kind && !data.includes(`"kind":"${q.kind}"`)) continue;
      if (rawWords && !data.toLowerCase().includes(rawWords)) continue;
      const h: Record<string, string> = { data };
      if (reply) h.reply = reply;
      if (acknowledged) h.acknowledged = acknowledged;
      if (folder) h.folder = folder;
      if (replyDetail) h.replyDetail = replyDetail;
      const m = messageFromHash(h);
      if (m && matches(m, q, words)) out.push(m);
      if (out.length > limit) break;
    }
  }
  const page = out.slice(0, limit);
  return { messages: page, next: out.length > limit ? messageCursor(page[page.length - 1]!) : null };
}
