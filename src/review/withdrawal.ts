/**
 * Withdrawal requests in the store: a request ("please remove our name") is linked to the item it
 * withdraws, and "remove from the list" then takes that original off the list and closes the request
 * in one atomic step, so no reader ever sees the request done while the original is still approved.
 */
import type Redis from 'ioredis';
import { IllegalTransitionError, ReviewConflictError, UnknownItemError } from './errors';
import { luaScript } from './lua';
import { VERSION_LUA } from './scripts';
import type { Status } from './types';

/** Moving an item between the status indexes, and the checks of a withdrawal request; shared by the scripts below (Lua has no imports). */
const MOVE = `${VERSION_LUA}
local function move(p, id, from, to)
  local score = redis.call('ZSCORE', p .. ':items:all', id)
  redis.call('ZREM', p .. ':items:' .. from, id)
  redis.call('ZADD', p .. ':items:' .. to, score, id)
  redis.call('HSET', p .. ':item:' .. id, 'status', to)
  -- Every change is a new version: a colleague's form from before it is refused as stale.
  redis.call('HINCRBY', p .. ':item:' .. id, 'version', 1)
end
local function kind(ikey)
  local data = redis.call('HGET', ikey, 'data')
  if not data then return nil end
  return cjson.decode(data).kind
end
-- A pending withdrawal request at the caller's version (expected '' = no check): nil, or the refusal.
local function refusal(ikey, expected)
  local k = kind(ikey)
  if not k then return {'unknown'} end
  local sv = stale(ikey, expected)
  if sv then return {'stale', sv} end
  if k ~= 'withdrawal' then return {'not-withdrawal'} end
  local st = redis.call('HGET', ikey, 'status')
  if st ~= 'pending' then return {'illegal', st} end
  return nil
end
`;

/**
 * Link a pending withdrawal request to the item it withdraws ('' unlinks). `version` is bumped, as
 * by every change, so list caches reload the item and stale forms are refused. ARGV: prefix, id, of, historyJson.
 * Returns {'ok'} | {'unknown'} | {'not-withdrawal'} | {'illegal', status} | {'unknown-of'} | {'of-withdrawal'}.
 */
const LINK = luaScript(`${MOVE}
local p, id, of = ARGV[1], ARGV[2], ARGV[3]
local ikey = p .. ':item:' .. id
local no = refusal(ikey, ARGV[5])
if no then return no end
if of ~= '' then
  local ok = kind(p .. ':item:' .. of)
  if not ok then return {'unknown-of'} end
  if ok == 'withdrawal' then return {'of-withdrawal'} end
  redis.call('HSET', ikey, 'withdraws', of)
else
  redis.call('HDEL', ikey, 'withdraws')
end
redis.call('HINCRBY', ikey, 'version', 1)
redis.call('RPUSH', ikey .. ':history', ARGV[4])
return {'ok'}
`);

/**
 * Carry out a linked request: the original goes from approved or pending to withdrawn (already off
 * the list, withdrawn or rejected, it stays as it is), then the request itself becomes withdrawn.
 * ARGV: prefix, id, historyJson (request), historyJson (original), expectedVersion of the request ('' = no check).
 * Returns {'ok', original, originalWas} | {'unknown'} | {'stale', version} | {'not-withdrawal'} | {'illegal', status} | {'unlinked'} | {'unknown-of', original}.
 */
const REMOVE = luaScript(`${MOVE}
local p, id = ARGV[1], ARGV[2]
local ikey = p .. ':item:' .. id
local no = refusal(ikey, ARGV[5])
if no then return no end
local of = redis.call('HGET', ikey, 'withdraws')
if not of or of == '' then return {'unlinked'} end
local okey = p .. ':item:' .. of
local was = redis.call('HGET', okey, 'status')
if not was then return {'unknown-of', of} end
if was == 'approved' or was == 'pending' then
  move(p, of, was, 'withdrawn')
  redis.call('RPUSH', okey .. ':history', ARGV[4])
end
move(p, id, 'pending', 'withdrawn')
redis.call('RPUSH', ikey .. ':history', ARGV[3])
local out = {'ok', of, was}
-- The signer asked to be off the list: its other endorsements flagged as duplicates of the same one
-- (or the one it duplicates) go too, or a second spelling of its name would stay public.
local root = redis.call('HGET', okey, 'duplicateOf')
if not root or root == '' then root = of end
for _, other in ipairs(redis.call('ZRANGE', p .. ':items:all', 0, -1)) do
  if other ~= of and other ~= id then
    local okey2 = p .. ':item:' .. other
    local f = redis.call('HMGET', okey2, 'duplicateOf', 'status')
    if (other == root or f[1] == root or f[1] == of) and (f[2] == 'approved' or f[2] == 'pending') and kind(okey2) ~= 'withdrawal' then
      move(p, other, f[2], 'withdrawn')
      redis.call('RPUSH', okey2 .. ':history', ARGV[4])
      out[#out + 1] = other
      out[#out + 1] = f[2]
    end
  end
end
return out
`);

/** What `removeFromList` did: the original, and the status it had before; the same for its duplicates it withdrew. */
export interface Removal {
  original: string;
  originalWas: Status;
  duplicates: { id: string; was: Status }[];
}

function fail(res: string[], id: string, action: string, of?: string): never {
  switch (res[0]) {
    case 'unknown': throw new UnknownItemError(id);
    case 'unknown-of': throw new UnknownItemError(res[1] ?? of ?? '');
    case 'not-withdrawal': throw new ReviewConflictError('not_a_withdrawal', `Endorsement ${id} is not a withdrawal request; use Withdraw on it directly.`);
    case 'of-withdrawal': throw new ReviewConflictError('bad_link', `${of} is itself a withdrawal request; link to the signer's endorsement instead.`);
    case 'unlinked': throw new ReviewConflictError('withdrawal_not_linked', `Withdrawal request ${id} is not linked to a signer yet: confirm the suggested match or pick one first.`);
    case 'illegal': throw new IllegalTransitionError(id, action, res[1] as Status);
    default: throw new Error(`unexpected answer from the store: ${res.join(' ')}`);
  }
}

/**
 * Link (or with `of` null unlink) a pending withdrawal request to the item it withdraws.
 * @throws UnknownItemError, ReviewConflictError (not a withdrawal; the target is a withdrawal), IllegalTransitionError (not pending)
 */
export async function linkWithdrawal(redis: Redis, prefix: string, id: string, of: string | null, history: string, expected?: number): Promise<StaleAnswer | null> {
  const res = (await LINK.run(redis, [], [prefix, id, of ?? '', history, expected === undefined ? '' : String(expected)])) as string[];
  if (res[0] === 'stale') return { current: Number(res[1]) };
  if (res[0] !== 'ok') fail(res, id, 'link', of ?? undefined);
  return null;
}

/** The item was not at the version the caller stated: its version now. */
export interface StaleAnswer {
  current: number;
}

/**
 * Remove the linked original from the list and close the request (both `withdrawn`), atomically.
 * @throws UnknownItemError, ReviewConflictError (not a withdrawal; not linked), IllegalTransitionError (request not pending)
 */
export async function removeFromList(redis: Redis, prefix: string, id: string, history: string, originalHistory: string, expected?: number): Promise<Removal | StaleAnswer> {
  const res = (await REMOVE.run(redis, [], [prefix, id, history, originalHistory, expected === undefined ? '' : String(expected)])) as string[];
  if (res[0] === 'stale') return { current: Number(res[1]) };
  if (res[0] !== 'ok') fail(res, id, 'remove');
  const duplicates: Removal['duplicates'] = [];
  for (let i = 3; i + 1 < res.length; i += 2) duplicates.push({ id: res[i]!, was: res[i + 1] as Status });
  return { original: res[1]!, originalWas: res[2] as Status, duplicates };
}

/**
 * Put items back to the statuses they had before an action, if every one is still where the action
 * left it; one history entry each. Returns null when done, else the first item that changed since.
 */
const RESTORE = luaScript(`${MOVE}
local p = ARGV[1]
for i = 3, #ARGV, 3 do
  local cur = redis.call('HGET', p .. ':item:' .. ARGV[i], 'status')
  if cur ~= ARGV[i + 1] then return {'changed', ARGV[i], cur or ''} end
end
for i = 3, #ARGV, 3 do
  if ARGV[i + 1] ~= ARGV[i + 2] then move(p, ARGV[i], ARGV[i + 1], ARGV[i + 2]) end
  redis.call('RPUSH', p .. ':item:' .. ARGV[i] .. ':history', ARGV[2])
end
return {'ok'}
`);

/** One item's move back: from `status` (where the action left it) to `was`. */
export interface Restore {
  id: string;
  status: Status;
  was: Status;
}

/**
 * Undo the status changes of an action, all or nothing.
 * @returns null when restored, else the item that changed since and its status now
 */
export async function restoreStatuses(redis: Redis, prefix: string, moves: Restore[], history: string): Promise<{ id: string; status: string } | null> {
  const res = (await RESTORE.run(redis, [], [prefix, history, ...moves.flatMap((m) => [m.id, m.status, m.was])])) as string[];
  return res[0] === 'ok' ? null : { id: res[1]!, status: res[2]! };
}
