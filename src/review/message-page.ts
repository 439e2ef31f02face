/**
 * One page of the messages list, newest first, filtered and searched, read by keyset: the cursor is
 * the (received time, key) of the last row shown, so page 200 costs what page 1 costs and a message
 * arriving meanwhile does not shift the rows. Filters and words are matched inside Redis (a Lua
 * scan of the raw records that stops once the page is full), so only the page's records cross the
 * wire and are parsed: searching ten thousand messages stays well under the page budget.
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

/**
 * Messages per kind, counted once each: the keys not yet counted (ZDIFF against the set of those
 * counted, fast in Redis's own code) are read and added to a hash of counts. Messages are never
 * removed, so after the first call each page pays only for the mail that arrived since.
 * ARGV: prefix. Returns the counts hash as a flat list.
 */
const KIND_COUNTS = luaScript(`
local p = ARGV[1]
local counted = p .. ':messages:counted'
local counts = p .. ':messages:kinds'
local fresh = redis.call('ZDIFF', 2, p .. ':messages', counted, 'WITHSCORES')
for i = 1, #fresh, 2 do
  local data = redis.call('HGET', p .. ':msg:' .. fresh[i], 'data')
  local kind = data and string.match(data, '"kind":"([%w_]+)"') or 'unknown'
  redis.call('HINCRBY', counts, kind, 1)
  redis.call('ZADD', counted, fresh[i + 1], fresh[i])
end
return redis.call('HGETALL', counts)
`);

/**
 * The keys of one filtered page, found inside Redis so that only they cross the wire: newest first
 * between ARGV max and min (scores), skipping the rows up to the cursor, keeping those whose raw
 * JSON contains the (lower-case) words and the kind, and whose reply state matches; stops after
 * `want` keys or after examining `budget` rows, so one call holds Redis for a few milliseconds
 * and intake runs between the calls of a long search. Lua's lower() folds ASCII only, so words
 * with other letters are matched in Node. ARGV: prefix, max, min, cursorScore ('' none),
 * cursorKey, words ('' none), kind ('' any), reply ('' any), want, budget.
 * Returns {keys, lastScore, lastKey} of the last row examined ('' when the range is exhausted).
 */
const FIND = luaScript(`
local p, max, min = ARGV[1], ARGV[2], ARGV[3]
local cscore, ckey, words, kind, reply = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local want, budget = tonumber(ARGV[9]), tonumber(ARGV[10])
local kindNeedle = kind ~= '' and ('"kind":"' .. kind .. '"') or nil
local out = {}
local offset, seen = 0, 0
local lastScore, lastKey = '', ''
while #out < want and seen < budget do
  local batch = redis.call('ZREVRANGEBYSCORE', p .. ':messages', max, min, 'WITHSCORES', 'LIMIT', offset, 250)
  if #batch == 0 then lastScore, lastKey = '', ''; break end
  offset = offset + #batch / 2
  for i = 1, #batch, 2 do
    local key, score = batch[i], batch[i + 1]
    if not (cscore ~= '' and tonumber(score) == tonumber(cscore) and key >= ckey) then
      seen = seen + 1
      lastScore, lastKey = score, key
      local h = redis.call('HMGET', p .. ':msg:' .. key, 'data', 'reply', 'acknowledged')
      local ok = h[1] ~= false
      if ok and kindNeedle then ok = string.find(h[1], kindNeedle, 1, true) ~= nil end
      if ok and reply ~= '' then ok = h[2] == reply or (reply == 'sent' and h[3] == '1') end
      if ok and words ~= '' then ok = string.find(string.lower(h[1]), words, 1, true) ~= nil end
      if ok then out[#out + 1] = key end
      if #out >= want or seen >= budget then break end
    end
  end
  if #batch < 500 and #out < want and seen < budget then lastScore, lastKey = '', ''; break end
end
return {out, lastScore, lastKey}
`);
/** Rows one FIND call examines at most: a few milliseconds of Redis time. */
const FIND_BUDGET = 1000;

/** How many messages there are of each kind (kinds with none are 0). */
export async function messageKindCounts(redis: Redis, prefix: string): Promise<Record<Kind, number>> {
  const flat = (await KIND_COUNTS.run(redis, [], [prefix])) as string[];
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (let i = 0; i < flat.length; i += 2) {
    const kind = flat[i]!;
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

/** The records of some keys, in order (absent ones left out). */
async function load(redis: Redis, prefix: string, keys: string[]): Promise<MessageRecord[]> {
  if (keys.length === 0) return [];
  const pipe = redis.pipeline();
  for (const key of keys) pipe.hgetall(`${prefix}:msg:${key}`);
  const out: MessageRecord[] = [];
  for (const [err, h] of (await pipe.exec()) ?? []) {
    if (err) throw err;
    const m = messageFromHash(h as Record<string, string>);
    if (m) out.push(m);
  }
  return out;
}

/** Read one page of messages (see MessageQuery). */
export async function pageMessages(redis: Redis, prefix: string, q: MessageQuery = {}): Promise<MessagePage> {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? 50)));
  const cursor = parseCursor(q.after);
  const untilMs = q.until ? dayStart(q.until) + 86_400_000 - 1 : Infinity;
  const min = q.since ? dayStart(q.since) : -Infinity;
  const words = q.q?.trim().toLowerCase().replace(/\s+/g, ' ') || null;
  // Redis compares bytes, folding ASCII case only; words JSON would escape are not in the raw JSON.
  const inRedis = !words || /^[\x20-\x7e]+$/.test(words) && !/["\\]/.test(words);
  const want = inRedis ? limit + 1 : Number.MAX_SAFE_INTEGER;
  const candidates: string[] = [];
  let from = cursor;
  for (;;) {
    const top = from ? Math.min(from.score, untilMs) : untilMs;
    const [keys, lastScore, lastKey] = (await FIND.run(redis, [], [
      prefix, Number.isFinite(top) ? top : '+inf', Number.isFinite(min) ? min : '-inf', from ? from.score : '', from?.key ?? '',
      inRedis ? (words ?? '') : '', q.kind ?? '', q.reply ?? '', want - candidates.length, FIND_BUDGET,
    ])) as [string[], string, string];
    candidates.push(...keys);
    if (candidates.length >= want || !lastKey) break;
    from = { score: Number(lastScore), key: lastKey };
  }
  // The words are checked again on the fields themselves: the raw JSON also holds keys and reasons.
  const shownKeys = candidates.slice(0, inRedis ? limit : candidates.length);
  const rows = (await load(redis, prefix, shownKeys)).filter((m) => matches(m, q, words));
  if (!inRedis) {
    const page = rows.slice(0, limit);
    return { messages: page, next: rows.length > limit ? messageCursor(page[page.length - 1]!) : null };
  }
  // The next page starts after the last key examined, shown or not.
  const lastKey = shownKeys[shownKeys.length - 1];
  const score = candidates.length > limit && lastKey ? await redis.zscore(`${prefix}:messages`, lastKey) : null;
  return { messages: rows, next: score !== null ? `${score}~${lastKey}` : null };
}
