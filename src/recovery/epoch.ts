/**
 * The epoch: one key in Redis (`<prefix>:epoch`) that says which life of Redis this is, with a
 * checkpoint the worker moves up every few seconds and remembers outside Redis. An epoch that is gone,
 * or whose checkpoint is below the one remembered, means Redis lost state (FLUSHALL, a restart from a
 * lagging AOF, a failover to a lagging replica): the mailbox must be read again before anything is sent.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** What `<prefix>:epoch` holds. */
export interface EpochRecord {
  id: string;
  /** When this epoch began (ISO 8601). */
  createdAt: string;
  /** Milliseconds since 1970 of the latest checkpoint; only ever moves up. */
  checkpoint: number;
  /** False while the rebuild after a reset runs: nothing may be sent until it is true. */
  ready: boolean;
}

/** The Redis key of the epoch. */
export function epochKey(prefix: string): string {
  return `${prefix}:epoch`;
}

/** The epoch in Redis, or null when there is none (or it is unreadable, which is the same loss). */
export async function readEpoch(redis: Redis, prefix: string): Promise<EpochRecord | null> {
  const v = await redis.get(epochKey(prefix));
  if (!v) return null;
  try {
    const e = JSON.parse(v) as EpochRecord;
    return typeof e.id === 'string' && typeof e.checkpoint === 'number' ? e : null;
  } catch {
    return null;
  }
}

/** A new epoch, not yet stored. */
export function newEpoch(ready: boolean, checkpoint = Date.now()): EpochRecord {
  return { id: randomBytes(8).toString('hex'), createdAt: new Date().toISOString(), checkpoint, ready };
}

/** Store `e` unless an epoch exists; returns the epoch in force (ours or the one already there). */
export async function createEpoch(redis: Redis, prefix: string, e: EpochRecord): Promise<EpochRecord> {
  await redis.set(epochKey(prefix), JSON.stringify(e), 'NX');
  return (await readEpoch(redis, prefix)) ?? e;
}

/** Store `e`, replacing any epoch (the rebuild's start and end). */
export async function writeEpoch(redis: Redis, prefix: string, e: EpochRecord): Promise<void> {
  await redis.set(epochKey(prefix), JSON.stringify(e));
}

// Moves the checkpoint up only when the epoch is the one we know and holds at least what we last
// wrote; otherwise answers what is there, so the caller can tell a loss from a newer epoch.
const ADVANCE = `local cur = redis.call('GET', KEYS[1])
if not cur then return {'missing'} end
local ok, e = pcall(cjson.decode, cur)
if not ok or type(e) ~= 'table' or type(e.checkpoint) ~= 'number' then return {'missing'} end
if e.id ~= ARGV[1] or e.ready == false then return {'other', cur} end
if e.checkpoint < tonumber(ARGV[2]) then return {'behind', cur} end
local nxt = tonumber(ARGV[3])
if nxt > e.checkpoint then
  e.checkpoint = nxt
  redis.call('SET', KEYS[1], cjson.encode(e))
end
return {'ok', tostring(e.checkpoint)}`;

/** What advancing the checkpoint found. */
export type AdvanceResult =
  | { state: 'ok'; checkpoint: number }
  | { state: 'missing' }
  | { state: 'behind' | 'other'; epoch: EpochRecord };

/**
 * Move the checkpoint of epoch `id` up to `next`, if Redis still holds at least `remembered`.
 * Several processes may advance one epoch: the checkpoint is a maximum, so each one's remembered value
 * stays at or below Redis's unless Redis lost writes.
 */
export async function advanceCheckpoint(redis: Redis, prefix: string, id: string, remembered: number, next: number): Promise<AdvanceResult> {
  const r = (await redis.eval(ADVANCE, 1, epochKey(prefix), id, String(remembered), String(next))) as string[];
  if (r[0] === 'ok') return { state: 'ok', checkpoint: Number(r[1]) };
  if (r[0] === 'missing') return { state: 'missing' };
  return { state: r[0] as 'behind' | 'other', epoch: JSON.parse(r[1]!) as EpochRecord };
}
