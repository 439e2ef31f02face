/**
 * The restore's Lua scripts: each record goes back in one atomic step with its index entries, and
 * never over newer work. An item is replaced only by a higher version (a version counts review
 * changes, so the higher one holds every decision the lower one has); any other record or key is
 * written only where it is missing, unless forced. Values are written one command per element, so a
 * record of any size fits (Lua's unpack stops at a few thousand).
 */
import { luaScript } from '../review/lua';

/**
 * ARGV: prefix, id, score, version, fieldCount, field/value pairs..., history entries...
 * Returns 'added', 'replaced' (an older version was there) or 'kept' (same or newer version there).
 */
export const RESTORE_ITEM = luaScript(`
local p, id = ARGV[1], ARGV[2]
local ikey = p .. ':item:' .. id
local existed = redis.call('EXISTS', ikey) == 1
if existed and tonumber(redis.call('HGET', ikey, 'version') or '0') >= tonumber(ARGV[4]) then return 'kept' end
local old = redis.call('HGET', ikey, 'status')
if old then redis.call('ZREM', p .. ':items:' .. old, id) end
redis.call('DEL', ikey, ikey .. ':history')
local i = 6
for n = 1, tonumber(ARGV[5]) do
  redis.call('HSET', ikey, ARGV[i], ARGV[i + 1])
  i = i + 2
end
for n = i, #ARGV do redis.call('RPUSH', ikey .. ':history', ARGV[n]) end
redis.call('ZADD', p .. ':items:all', ARGV[3], id)
local status = redis.call('HGET', ikey, 'status')
if status then redis.call('ZADD', p .. ':items:' .. status, ARGV[3], id) end
if existed then return 'replaced' end
return 'added'
`);

/**
 * ARGV: prefix, key, score, force ('1'/'0'), field/value pairs...
 * Returns 'added', 'replaced' (forced) or 'kept' (there already; its index entry is made if missing).
 */
export const RESTORE_MESSAGE = luaScript(`
local p, key = ARGV[1], ARGV[2]
local mkey = p .. ':msg:' .. key
local existed = redis.call('EXISTS', mkey) == 1
if existed and ARGV[4] ~= '1' then
  redis.call('ZADD', p .. ':messages', 'NX', ARGV[3], key)
  return 'kept'
end
redis.call('DEL', mkey)
for i = 5, #ARGV, 2 do redis.call('HSET', mkey, ARGV[i], ARGV[i + 1]) end
redis.call('ZADD', p .. ':messages', ARGV[3], key)
if existed then return 'replaced' end
return 'added'
`);

/**
 * A question of the questions inbox. ARGV: prefix, id, score, force, fieldCount, field/value pairs...,
 * log entries... Returns 'added', 'replaced' (forced) or 'kept'.
 */
export const RESTORE_INBOX = luaScript(`
local p, id = ARGV[1], ARGV[2]
local q = p .. ':inbox:q:' .. id
local existed = redis.call('EXISTS', q) == 1
if existed and ARGV[4] ~= '1' then return 'kept' end
local old = redis.call('HGET', q, 'state')
if old then redis.call('ZREM', p .. ':inbox:' .. old, id) end
redis.call('DEL', q, q .. ':log')
local i = 6
for n = 1, tonumber(ARGV[5]) do
  redis.call('HSET', q, ARGV[i], ARGV[i + 1])
  i = i + 2
end
for n = i, #ARGV do redis.call('RPUSH', q .. ':log', ARGV[n]) end
local state = redis.call('HGET', q, 'state')
if state then redis.call('ZADD', p .. ':inbox:' .. state, ARGV[3], id) end
if existed then return 'replaced' end
return 'added'
`);

/**
 * Any other key. ARGV: key, type, mode ('missing': write only if absent; 'force': replace; 'more':
 * add these values to the key the call before wrote), merge ('1': a hash of independent entries,
 * missing fields are added to an existing one), expiresAt (epoch ms, '' for none), then the values:
 * string; hash field/value pairs; list elements; set members; zset score/member pairs.
 * Returns 'added', 'replaced' (forced), 'merged' (fields added to an existing hash) or 'kept'.
 */
export const RESTORE_KEY = luaScript(`
local k, t, mode = ARGV[1], ARGV[2], ARGV[3]
local existed = redis.call('EXISTS', k) == 1
if mode ~= 'more' then
  if existed and mode ~= 'force' then
    if ARGV[4] == '1' and t == 'hash' and redis.call('TYPE', k).ok == 'hash' then
      local added = 0
      for i = 6, #ARGV, 2 do added = added + redis.call('HSETNX', k, ARGV[i], ARGV[i + 1]) end
      if added > 0 then return 'merged' end
    end
    return 'kept'
  end
  redis.call('DEL', k)
end
if t == 'string' then redis.call('SET', k, ARGV[6])
elseif t == 'hash' then for i = 6, #ARGV, 2 do redis.call('HSET', k, ARGV[i], ARGV[i + 1]) end
elseif t == 'list' then for i = 6, #ARGV do redis.call('RPUSH', k, ARGV[i]) end
elseif t == 'set' then for i = 6, #ARGV do redis.call('SADD', k, ARGV[i]) end
elseif t == 'zset' then for i = 6, #ARGV, 2 do redis.call('ZADD', k, ARGV[i], ARGV[i + 1]) end
end
if ARGV[5] ~= '' and redis.call('EXISTS', k) == 1 then redis.call('PEXPIREAT', k, ARGV[5]) end
if existed and mode ~= 'more' then return 'replaced' end
return 'added'
`);
