/**
 * The Redis side of the circuit breaker: sorted sets of recent send times shared by every reply
 * worker (the last hour, the last hour per recipient domain, the last day) and the records the
 * review page reads. Past the hourly limit replies wait until the hour has passed; past the daily or
 * per-domain limit they are held until an organiser releases them (a flood of forged mail must not
 * simply flow out an hour later). The hourly decision is `circuitBreaker` in policy.ts (pure).
 */
import type Redis from 'ioredis';
import { luaScript } from '../review/lua';
import { replyKeys } from './keys';
import { circuitBreaker, type BreakerDecision } from './policy';

/** The circuit breaker is open: the reply waits until `retryAt` (ms since the epoch); nothing is lost. */
export class RepliesPausedError extends Error {
  override name = 'RepliesPausedError';
  constructor(readonly retryAt: number) {
    super(`replies paused by the circuit breaker until ${new Date(retryAt).toISOString()}`);
  }
}

/**
 * Replies are held past the daily or per-domain limit until an organiser releases them
 * (`releaseHeld`); the job waits and nothing is lost.
 */
export class RepliesHeldError extends Error {
  override name = 'RepliesHeldError';
  constructor(readonly reason: string) {
    super(`replies held for an organiser's release: ${reason}`);
  }
}

/** The daily and per-domain limits (Infinity: none). */
export interface HoldLimits {
  perDomainPerHour?: number;
  perDay?: number;
}

/** A hold waiting for release, as the review page shows it. */
export interface Hold {
  since: string;
  reason: string;
  /** The recipient domain held, or absent when every reply is held. */
  domain?: string;
}

/** What the review page shows while replies are held back. */
export interface PauseState {
  paused: boolean;
  /** ISO 8601: since when, and until when at the earliest. */
  since?: string;
  until?: string;
  /** The limit that tripped. */
  maxPerHour?: number;
  /** Replies sent in the last hour. */
  sentLastHour: number;
  /** Holds waiting for an organiser's release (then `paused` is true too). */
  held?: Hold[];
  /** Why sending pauses when the SMTP server refused for quota or rate (its words). */
  reason?: string;
}

const WINDOW_MS = 3600_000;
const DAY_MS = 24 * WINDOW_MS;
/** A rate limit (per minute or hour) is tried again after this long. */
const RATE_PAUSE_MS = 15 * 60_000;

/**
 * The hourly reply limit in force: REPLY_MAX_PER_HOUR, and with REPLY_PACING=even no more than a
 * 24th of REPLY_MAX_PER_DAY, so a backlog is spread over the day instead of meeting the provider's
 * daily limit in its first hours.
 */
export function pacedMaxPerHour(maxPerHour: number, maxPerDay: number, pacing: 'off' | 'even'): number {
  if (pacing !== 'even') return maxPerHour;
  return Math.min(maxPerHour, Math.max(1, Math.ceil(maxPerDay / 24)));
}

/**
 * Until when sending pauses after the server refused for quota. A rate limit: a quarter of an hour.
 * A daily quota: until our oldest send of the last 24 hours leaves the window (providers count a
 * rolling day), at least an hour and at most a day; with no sends known, an hour, then one reply
 * tries again.
 */
export function quotaPauseUntil(scope: 'day' | 'rate', now: number, oldestDaySend?: number): number {
  if (scope === 'rate') return now + RATE_PAUSE_MS;
  const freed = oldestDaySend !== undefined && Number.isFinite(oldestDaySend) ? oldestDaySend + DAY_MS : now + WINDOW_MS;
  return Math.min(now + DAY_MS, Math.max(now + WINDOW_MS, freed));
}

/**
 * One round trip per reply: the pause and the holds are read, then the send is counted into the
 * day's, its domain's and the hour's windows (each trimmed to its window first). A window it would
 * overfill gives its slots back and records the hold (its JSON made by the caller) in the same
 * script, so two workers cannot both take the last slot. Limits of -1 are off.
 * KEYS: paused, held (all), held (domain, or all again), day, domain (or day again), hour.
 * ARGV: now, member, ignore pause, check holds, per day, per domain, per hour, day hold, domain hold.
 * Answers {'paused', json} (the caller checks its time), {'held', json}, or {'ok', hour count, oldest}.
 */
const TAKE = luaScript(`
local now = tonumber(ARGV[1])
local member = ARGV[2]
if ARGV[3] == '0' then
  local p = redis.call('GET', KEYS[1])
  if p then return {'paused', p} end
end
if ARGV[4] == '1' then
  local h = redis.call('GET', KEYS[2]) or redis.call('GET', KEYS[3])
  if h then return {'held', h} end
end
local function reserve(key, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return redis.call('ZCARD', key), oldest[2]
end
local perDay, perDomain, perHour = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if perDay >= 0 and reserve(KEYS[4], ${DAY_MS}) > perDay then
  redis.call('ZREM', KEYS[4], member)
  redis.call('SET', KEYS[2], ARGV[8], 'NX')
  return {'held', redis.call('GET', KEYS[2])}
end
if perDomain >= 0 and reserve(KEYS[5], ${WINDOW_MS}) > perDomain then
  redis.call('ZREM', KEYS[5], member)
  redis.call('ZREM', KEYS[4], member)
  redis.call('SET', KEYS[3], ARGV[9], 'NX')
  return {'held', redis.call('GET', KEYS[3])}
end
if perHour < 0 then return {'ok', 0, '0'} end
local count, oldest = reserve(KEYS[6], ${WINDOW_MS})
return {'ok', count, oldest}
`);

/**
 * The breaker for one prefix; `max` replies per hour across all workers, and the limits past which
 * replies are held for release.
 */
export function createBreaker(redis: Redis, prefix: string, max: number, limits: HoldLimits = {}) {
  const keys = replyKeys(prefix);
  const perDay = limits.perDay ?? Infinity;
  const perDomain = limits.perDomainPerHour ?? Infinity;

  /** The script's answer for one send (see TAKE). */
  async function takeSlot(member: string, now: number, domain: string | undefined, ignorePause: boolean): Promise<[string, string | number, string?]> {
    const since = new Date(now).toISOString();
    const holdJson = (reason: string, d?: string) => JSON.stringify({ since, reason, ...(d ? { domain: d } : {}) } satisfies Hold);
    const limited = (n: number) => (n === Infinity ? '-1' : String(n));
    return (await TAKE.run(
      redis,
      [keys.paused(), keys.held(), domain ? keys.held(domain) : keys.held(), keys.daySends(), domain ? keys.domainSends(domain) : keys.daySends(), keys.recentSends()],
      [String(now), member, ignorePause ? '1' : '0', perDay !== Infinity || perDomain !== Infinity ? '1' : '0', limited(perDay), domain ? limited(perDomain) : '-1', limited(max),
        holdJson(`more than ${perDay} replies in 24 hours (REPLY_MAX_PER_DAY)`),
        holdJson(`more than ${perDomain} replies to ${domain} in an hour (REPLY_MAX_PER_DOMAIN_PER_HOUR)`, domain)],
    )) as [string, string | number, string?];
  }

  return {
    /**
     * Count one reply in before it is sent. While a hold waits for release (all replies, or the
     * recipient's domain), RepliesHeldError. When the reply is one too many for the day or for its
     * domain's hour, the slots are given back, a hold is recorded, and RepliesHeldError. When it is
     * one too many for the hour, the pause is recorded and RepliesPausedError says until when.
     * @param member a unique name for this send (the reply's Message-ID)
     * @param domain the recipient's domain, for the per-domain limit
     */
    async take(member: string, now = Date.now(), domain?: string): Promise<void> {
      let answer = await takeSlot(member, now, domain, false);
      // A pause whose time is up but whose key has not expired yet (it lives at least a second).
      if (answer[0] === 'paused') {
        const pausedUntil = Date.parse((JSON.parse(String(answer[1])) as { until?: string }).until ?? '');
        if (pausedUntil > now) throw new RepliesPausedError(pausedUntil);
        answer = await takeSlot(member, now, domain, true);
      }
      const [what, a, b] = answer;
      if (what === 'held') throw new RepliesHeldError((JSON.parse(String(a)) as Hold).reason);
      if (max === Infinity) return;
      const since = new Date(now).toISOString();
      const d: BreakerDecision = circuitBreaker({ sentInWindow: Number(a), max, oldestAt: Number(b), windowMs: WINDOW_MS });
      if (!d.open) return;
      await redis.multi().zrem(keys.recentSends(), member).zrem(keys.daySends(), member).exec();
      if (domain) await redis.zrem(keys.domainSends(domain), member);
      const previous = await redis.get(keys.paused());
      const pausedSince = previous ? ((JSON.parse(previous) as { since?: string }).since ?? since) : since;
      const ttl = Math.max(1000, d.retryAt - now);
      await redis.set(keys.paused(), JSON.stringify({ since: pausedSince, until: new Date(d.retryAt).toISOString(), maxPerHour: max }), 'PX', ttl);
      throw new RepliesPausedError(d.retryAt);
    },
    /**
     * The server refused for quota or rate: pause every reply until `quotaPauseUntil` says, record
     * why for the review page, and throw RepliesPausedError so this reply waits too.
     */
    async pauseForQuota(scope: 'day' | 'rate', reason: string, now = Date.now()): Promise<never> {
      const oldest = await redis.zrange(keys.daySends(), '0', '0', 'WITHSCORES');
      const until = quotaPauseUntil(scope, now, oldest[1] !== undefined ? Number(oldest[1]) : undefined);
      const state = { since: new Date(now).toISOString(), until: new Date(until).toISOString(), reason };
      await redis.set(keys.paused(), JSON.stringify(state), 'PX', Math.max(1000, until - now));
      throw new RepliesPausedError(until);
    },
    /** Give a slot back: the reply was refused or not sent at all. */
    async release(member: string, domain?: string): Promise<void> {
      const m = redis.multi().zrem(keys.recentSends(), member).zrem(keys.daySends(), member);
      if (domain) m.zrem(keys.domainSends(domain), member);
      await m.exec();
    },
  };
}

/** Every hold waiting for release. */
async function holds(redis: Redis, prefix: string): Promise<{ key: string; hold: Hold }[]> {
  const keys = replyKeys(prefix);
  const found = [keys.held(), ...(await scanKeys(redis, `${keys.held()}:*`))];
  const values = await redis.mget(...found);
  return found.flatMap((key, i) => (values[i] ? [{ key, hold: JSON.parse(values[i]!) as Hold }] : []));
}

async function scanKeys(redis: Redis, match: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
    out.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/**
 * An organiser's release: every hold is lifted and the daily and per-domain counts start again, so
 * the held replies go out (up to the limits once more). The hourly limit still applies. Returns the
 * holds lifted. The jobs themselves are woken by the caller (jobs/reply.ts `releaseHeldReplies`).
 */
export async function releaseHeld(redis: Redis, prefix: string): Promise<Hold[]> {
  const keys = replyKeys(prefix);
  const found = await holds(redis, prefix);
  const domains = await scanKeys(redis, `${prefix}:replies:domain:*`);
  await redis.del(keys.daySends(), ...domains, ...found.map((f) => f.key));
  return found.map((f) => f.hold);
}

export type Breaker = ReturnType<typeof createBreaker>;

/** Whether replies are held back now, for the review page and `messages`. */
export async function pauseState(redis: Redis, prefix: string, now = Date.now()): Promise<PauseState> {
  const keys = replyKeys(prefix);
  const [raw, sent, held] = await Promise.all([redis.get(keys.paused()), redis.zcount(keys.recentSends(), now - WINDOW_MS, '+inf'), holds(redis, prefix)]);
  const h = held.length ? { held: held.map((x) => x.hold) } : {};
  if (!raw) return { paused: held.length > 0, sentLastHour: sent, ...h };
  const p = JSON.parse(raw) as { since: string; until: string; maxPerHour?: number; reason?: string };
  return {
    paused: true, since: p.since, until: p.until, sentLastHour: sent, ...h,
    ...(p.maxPerHour !== undefined ? { maxPerHour: p.maxPerHour } : {}), ...(p.reason ? { reason: p.reason } : {}),
  };
}
