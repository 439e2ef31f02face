/**
 * The store's Lua scripts. Each write that must be all-or-nothing, or that reads before it writes
 * (idempotent recording, first-writer-wins dedupe, status transitions), runs as one script, so
 * parallel intake workers and reviewers never see or leave a half-written state.
 * Keys are built inside the scripts from the prefix: fine on one Redis (or Sentinel); under Cluster
 * they would have to share a hash slot.
 */
import { luaScript } from './lua';

/**
 * Record a message, its items, dedupe flags and filing request, unless the message key exists.
 * ARGV: prefix, key, data, reply, acknowledged, folder, score, filingJson, replyDetail ('' for none), (unused),
 * itemCount, then per item: id, data, historyCount, historyEntries..., dedupeKeyCount, dedupeKeys...
 * Returns 1 when written, 0 when the message was already there.
 */
export const RECORD_MESSAGE = luaScript(`
local p = ARGV[1]
local mkey = p .. ':msg:' .. ARGV[2]
if redis.call('EXISTS', mkey) == 1 then return 0 end
redis.call('HSET', mkey, 'data', ARGV[3], 'reply', ARGV[4], 'acknowledged', ARGV[5], 'folder', ARGV[6])
if ARGV[9] ~= '' then redis.call('HSET', mkey, 'replyDetail', ARGV[9]) end
redis.call('ZADD', p .. ':messages', ARGV[7], ARGV[2])
local dedupe = p .. ':dedupe'
local all = p .. ':items:all'
local i = 12
for n = 1, tonumber(ARGV[11]) do
  local id, data, nh = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local history = {}
  for h = 1, nh do history[h] = ARGV[i + 2 + h] end
  i = i + 3 + nh
  local nk = tonumber(ARGV[i])
  i = i + 1
  -- The earliest item (by received time, then id) already owning any of these keys; never merged.
  local best, bestScore = false, nil
  for k = 0, nk - 1 do
    local owner = redis.call('HGET', dedupe, ARGV[i + k])
    if owner and owner ~= id then
      local s = tonumber(redis.call('ZSCORE', all, owner))
      if s and (not best or s < bestScore or (s == bestScore and owner < best)) then
        best, bestScore = owner, s
      end
    end
  end
  -- A withdrawal request is flagged (the signer it names) but claims nothing: an endorsement that
  -- comes after it is nobody's duplicate.
  if cjson.decode(data).kind ~= 'withdrawal' then
    for k = 0, nk - 1 do redis.call('HSETNX', dedupe, ARGV[i + k], id) end
  end
  i = i + nk
  local ikey = p .. ':item:' .. id
  redis.call('HSET', ikey, 'data', data, 'status', 'pending', 'duplicateOf', best or '', 'version', 1)
  redis.call('RPUSH', ikey .. ':history', unpack(history))
  redis.call('ZADD', all, ARGV[7], id)
  redis.call('ZADD', p .. ':items:pending', ARGV[7], id)
end
redis.call('HSET', p .. ':filing:req', ARGV[2], ARGV[8])
-- A sequence, not a clock, orders the filing queue: first recorded, first filed.
redis.call('ZADD', p .. ':filing', redis.call('INCR', p .. ':filing:seq'), ARGV[2])
return 1
`);

/**
 * Lua that every item-changing script shares: `stale(ikey, expected)` gives the item's current
 * version when the caller stated another one ('' states none), else false; `stamp(entry, version,
 * changes)` adds the version a change produced, and its `[old, new]` values, to a history entry's JSON
 * (an object built in TypeScript, so it ends in '}').
 */
export const VERSION_LUA = `
local function stale(ikey, expected)
  local v = tonumber(redis.call('HGET', ikey, 'version') or '0')
  if expected ~= '' and tonumber(expected) ~= v then return v end
  return false
end
local function stamp(entry, version, changes)
  local extra = ',"version":' .. version
  if changes then extra = extra .. ',"changes":' .. cjson.encode(changes) end
  return string.sub(entry, 1, -2) .. extra .. '}'
end
`;

/**
 * Move an item from one status to another if its current status is allowed and, when the caller
 * states one, its version is the one the caller saw.
 * ARGV: prefix, id, allowedFrom (comma-separated), to, historyJson, reason ('' clears it), expectedVersion ('' = no check).
 * Returns {'ok', from, version} | {'unknown'} | {'stale', version} | {'illegal', from}.
 */
export const TRANSITION = luaScript(`${VERSION_LUA}
local p, id = ARGV[1], ARGV[2]
local ikey = p .. ':item:' .. id
local cur = redis.call('HGET', ikey, 'status')
if not cur then return {'unknown'} end
local v = stale(ikey, ARGV[7])
if v then return {'stale', v} end
if not string.find(',' .. ARGV[3] .. ',', ',' .. cur .. ',', 1, true) then return {'illegal', cur} end
local score = redis.call('ZSCORE', p .. ':items:all', id)
redis.call('ZREM', p .. ':items:' .. cur, id)
redis.call('ZADD', p .. ':items:' .. ARGV[4], score, id)
redis.call('HSET', ikey, 'status', ARGV[4])
local oldReason = redis.call('HGET', ikey, 'reason') or ''
if ARGV[6] == '' then redis.call('HDEL', ikey, 'reason') else redis.call('HSET', ikey, 'reason', ARGV[6]) end
local changes = {status = {cur, ARGV[4]}}
if oldReason ~= ARGV[6] then changes.reason = {oldReason, ARGV[6]} end
local nv = redis.call('HINCRBY', ikey, 'version', 1)
redis.call('RPUSH', ikey .. ':history', stamp(ARGV[5], nv, changes))
return {'ok', cur, nv}
`);

/**
 * Set reply state (and detail) on an existing hash; never creates one. With ARGV[4] = '1' also sets
 * acknowledged (messages only). KEYS[1]: the message or item hash. ARGV: state, detail ('' clears), ack.
 * Returns 1, or 0 when the hash does not exist.
 */
export const SET_REPLY = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'reply', ARGV[1])
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'replyDetail') else redis.call('HSET', KEYS[1], 'replyDetail', ARGV[2]) end
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'acknowledged', '1') end
return 1
`);

/**
 * Mark filing requests done: record the folder, the filing error ('' for none) and where the message
 * now is (`filedUid` JSON, '' when unknown) on each message that still exists, and drop the request.
 * ARGV: prefix, then quadruples of key, folderJson, error, filedUidJson.
 */
export const FILING_DONE = luaScript(`
local p = ARGV[1]
for i = 2, #ARGV, 4 do
  local mkey = p .. ':msg:' .. ARGV[i]
  if redis.call('EXISTS', mkey) == 1 then
    redis.call('HSET', mkey, 'folder', ARGV[i + 1])
    if ARGV[i + 2] == '' then redis.call('HDEL', mkey, 'filingError') else redis.call('HSET', mkey, 'filingError', ARGV[i + 2]) end
    if ARGV[i + 3] == '' then redis.call('HDEL', mkey, 'filedUid') else redis.call('HSET', mkey, 'filedUid', ARGV[i + 3]) end
  end
  redis.call('ZREM', p .. ':filing', ARGV[i])
  redis.call('HDEL', p .. ':filing:req', ARGV[i])
end
return 1
`);

/**
 * Put filing requests back at the end of the queue with their new JSON (to be looked for again),
 * for messages that still exist and are still queued. ARGV: prefix, then pairs of key, request JSON.
 */
export const FILING_AGAIN = luaScript(`
local p = ARGV[1]
for i = 2, #ARGV, 2 do
  if redis.call('ZSCORE', p .. ':filing', ARGV[i]) and redis.call('EXISTS', p .. ':msg:' .. ARGV[i]) == 1 then
    redis.call('HSET', p .. ':filing:req', ARGV[i], ARGV[i + 1])
    redis.call('ZADD', p .. ':filing', redis.call('INCR', p .. ':filing:seq'), ARGV[i])
  end
end
return 1
`);

/**
 * The Message-ID of each message (false when it has none or the message is gone), read inside Redis
 * so a batch of filing requests does not ship every record's text. ARGV: prefix, message keys.
 */
export const FILING_MESSAGE_IDS = luaScript(`
local out = {}
for i = 2, #ARGV do
  local data = redis.call('HGET', ARGV[1] .. ':msg:' .. ARGV[i], 'data')
  local id = false
  if data then
    local ok, rec = pcall(cjson.decode, data)
    if ok and type(rec) == 'table' and type(rec.messageId) == 'string' then id = rec.messageId end
  end
  out[#out + 1] = id
end
return out
`);
