/**
 * Writes a backup (format.ts) of everything under one prefix that cannot be rebuilt from the mailbox
 * or that the organisers made: messages, items with their history and version, reply and sent
 * records, questions, accounts, cursors, the reply secret (keys.ts says what is left out and why).
 * It streams: SCAN gives a page of keys, one Lua call reads that page atomically, the lines are
 * written, and only the page (and the names seen, against SCAN's repeats) is held in memory.
 */
import type Redis from 'ioredis';
import type { Writable } from 'node:stream';
import { luaScript } from '../review/lua';
import { BACKUP_FORMAT, BACKUP_VERSION, noCounts, type BackupHeader, type BackupRecord, type Counts, type KeyRecord } from './format';
import { keyRole } from './keys';

/** Keys per SCAN page and per read script: each call holds Redis for a few milliseconds. */
const PAGE = 500;

/**
 * Read a page of keys at once, so each item's hash, history and version agree. ARGV: prefix, then
 * per key a role (m message, i item, q inbox question, k any other) and the key. Returns per key:
 * m {hash, score}; i {hash, history, score}; q {hash, log, score}; k {type, pttl, value}.
 */
const READ_PAGE = luaScript(`
local p = ARGV[1]
local out = {}
for n = 2, #ARGV, 2 do
  local role, k = ARGV[n], ARGV[n + 1]
  local r
  if role == 'm' then
    local id = string.sub(k, #p + 6)
    r = {redis.call('HGETALL', k), redis.call('ZSCORE', p .. ':messages', id)}
  elseif role == 'i' then
    local id = string.sub(k, #p + 7)
    r = {redis.call('HGETALL', k), redis.call('LRANGE', k .. ':history', 0, -1), redis.call('ZSCORE', p .. ':items:all', id)}
  elseif role == 'q' then
    local id = string.sub(k, #p + 10)
    local state = redis.call('HGET', k, 'state')
    local score = state and redis.call('ZSCORE', p .. ':inbox:' .. state, id)
    r = {redis.call('HGETALL', k), redis.call('LRANGE', k .. ':log', 0, -1), score or redis.call('HGET', k, 'score')}
  else
    local t = redis.call('TYPE', k).ok
    local v = false
    if t == 'string' then v = redis.call('GET', k)
    elseif t == 'hash' then v = redis.call('HGETALL', k)
    elseif t == 'list' then v = redis.call('LRANGE', k, 0, -1)
    elseif t == 'set' then v = redis.call('SMEMBERS', k)
    elseif t == 'zset' then v = redis.call('ZRANGE', k, 0, -1, 'WITHSCORES')
    end
    r = {t, redis.call('PTTL', k), v}
  end
  out[#out + 1] = r
end
return out
`);

/** What a finished dump wrote. */
export interface DumpResult {
  header: BackupHeader;
  counts: Counts;
  bytes: number;
}

const pairs = (flat: string[]): Record<string, string> => {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
  return o;
};

/** SCAN's MATCH is a glob: a prefix with glob characters must match only itself. */
const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** Turn the script's answer for one key into a record, or null (gone since SCAN, or a type we do not keep). */
function toRecord(rel: string, role: string, r: unknown[], now: number): BackupRecord | null {
  if (role === 'm') {
    const hash = pairs(r[0] as string[]);
    return Object.keys(hash).length ? { t: 'message', key: rel.slice(4), score: Number(r[1] ?? 0), hash } : null;
  }
  if (role === 'i') {
    const hash = pairs(r[0] as string[]);
    if (!Object.keys(hash).length) return null;
    return { t: 'item', id: rel.slice(5), score: Number(r[2] ?? 0), version: Number(hash.version ?? 0), hash, history: r[1] as string[] };
  }
  if (role === 'q') {
    const hash = pairs(r[0] as string[]);
    return Object.keys(hash).length ? { t: 'inbox', id: rel.slice(8), score: Number(r[2] ?? 0), hash, log: r[1] as string[] } : null;
  }
  const [type, pttl, v] = r as [string, number, unknown];
  if (v === null || pttl === -2) return null;
  const ttl = pttl > 0 ? { expiresAt: now + pttl } : {};
  let rec: KeyRecord;
  if (type === 'string') rec = { t: 'key', key: rel, type, value: v as string, ...ttl };
  else if (type === 'hash') rec = { t: 'key', key: rel, type, value: pairs(v as string[]), ...ttl };
  else if (type === 'list' || type === 'set') rec = { t: 'key', key: rel, type, value: v as string[], ...ttl };
  else if (type === 'zset') {
    const flat = v as string[];
    const value: [string, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) value.push([flat[i]!, Number(flat[i + 1])]);
    rec = { t: 'key', key: rel, type, value, ...ttl };
  } else return null;
  return rec;
}

/** Write `text` and wait while the stream's buffer is full. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', done);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    out.once('drain', done);
    out.once('error', done);
  });
}

/**
 * Write a backup of `prefix` to `out` (not closed here). Each item is read with its history in one
 * atomic step, so the version written is the version of that history; the file as a whole is not a
 * point-in-time snapshot (writes go on between pages), which the restore's rules allow for.
 */
export async function dumpBackup(redis: Redis, prefix: string, out: Writable): Promise<DumpResult> {
  const [messages, items] = await Promise.all([redis.zcard(`${prefix}:messages`), redis.zcard(`${prefix}:items:all`)]);
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, prefix, createdAt: new Date().toISOString(), counts: { messages, items } };
  const counts = noCounts();
  let bytes = 0;
  const emit = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await write(out, text);
  };
  await emit(`${JSON.stringify(header)}\n`);
  // SCAN may return a key twice (while Redis rehashes): names seen are remembered, values are not.
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}:*`, 'COUNT', PAGE);
    cursor = next;
    const wanted: { rel: string; role: string }[] = [];
    for (const k of keys) {
      if (seen.has(k)) continue;
      seen.add(k);
      const rel = k.slice(prefix.length + 1);
      const role = keyRole(rel).role;
      if (role !== 'skip') wanted.push({ rel, role: role === 'message' ? 'm' : role === 'item' ? 'i' : role === 'inbox' ? 'q' : 'k' });
    }
    if (!wanted.length) continue;
    const res = (await READ_PAGE.run(redis, [], [prefix, ...wanted.flatMap((w) => [w.role, `${prefix}:${w.rel}`])])) as unknown[][];
    const now = Date.now();
    let text = '';
    wanted.forEach((w, i) => {
      const rec = toRecord(w.rel, w.role, res[i]!, now);
      if (!rec) return;
      counts[rec.t]++;
      text += `${JSON.stringify(rec)}\n`;
    });
    if (text) await emit(text);
  } while (cursor !== '0');
  await emit(`${JSON.stringify({ t: 'end', counts })}\n`);
  return { header, counts, bytes };
}
