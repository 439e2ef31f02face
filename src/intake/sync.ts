/**
 * One sync pass over the watched folder: read the cursor for the current UIDVALIDITY, fetch what lies
 * above it in planned batches, hand each batch to the sink, and only then move the cursor (fenced by
 * the lease). The next batch is fetched while the sink takes the last one, so IMAP and understanding
 * overlap. A sink that throws leaves the cursor where it was, so the same messages come again.
 * On a mailbox never read before, INTAKE_START decides where the cursor begins (start.ts).
 */
import type { ImapFlow } from 'imapflow';
import type Redis from 'ioredis';
import type { FetchedMessage, IntakeSink } from './types';
import type { Lease } from './lease';
import { advanceCursor, readCursor } from './cursor';
import { fetchBatch, fetchMetas, newUids } from './fetch-batch';
import { planBatches, type PlanLimits } from './fetch-plan';
import { LeaseLostError } from './errors';
import type { IntakeLogger } from './logger';
import { noteMailboxHead } from '../metrics/intake-lag';
import { timeStage } from '../metrics/timers';
import { hasAnyCursor, readStart, recordStart, sinceDate, type IntakeStart, type StartRecord } from './start';

/** Metadata is read for this many UIDs at a time, so a huge backlog is never listed whole. */
const META_WINDOW = 1000;

export interface SyncContext {
  client: ImapFlow;
  redis: Redis;
  prefix: string;
  mailbox: string;
  sink: IntakeSink;
  lease: Lease;
  limits: PlanLimits;
  log: IntakeLogger;
  /** Checked between batches; a stop request ends the pass early (the cursor stays consistent). */
  stopping?: () => boolean;
  /** Where intake starts on a mailbox never read before (INTAKE_START). Default: all of it. */
  start?: IntakeStart;
}

/**
 * Hand everything above the cursor to the sink. Repeats until a pass finds nothing new, so mail that
 * arrives during the pass is taken too.
 * @throws LeaseLostError when the lease is gone between batches (nothing more is fetched).
 */
export async function syncMailbox(ctx: SyncContext): Promise<{ fetched: number; uidValidity: string }> {
  const lock = await ctx.client.getMailboxLock(ctx.mailbox);
  try {
    const box = ctx.client.mailbox;
    if (!box) throw new Error(`mailbox "${ctx.mailbox}" is not selected`);
    const at = { prefix: ctx.prefix, mailbox: ctx.mailbox, uidValidity: String(box.uidValidity) };
    const start = await startingPoint(ctx, at, { uidNext: box.uidNext, exists: box.exists });
    let fetched = 0;
    // The batch handed over while the next one is fetched: its accept, then its cursor move. One at
    // a time, in UID order, so the cursor never passes a message the sink does not have yet.
    let handing: Promise<void> = Promise.resolve();
    const handOver = (messages: FetchedMessage[], lastUid: number) => {
      const prev = handing;
      handing = (async () => {
        await prev;
        if (messages.length) await ctx.sink.accept(messages);
        await advanceCursor(ctx.redis, at, lastUid, ctx.lease);
        fetched += messages.length;
      })();
      // Awaited before the next hand-over or the end of the pass; this only keeps an early failure
      // from counting as unhandled while the next batch is being fetched.
      handing.catch(() => undefined);
    };
    try {
      for (;;) {
        await handing;
        const { cursor, skip } = await position(ctx, at, start);
        const uids = (await newUids(ctx.client, cursor)).filter((u) => !skip.has(u));
        noteMailboxHead(ctx.mailbox, at.uidValidity, box.uidNext, uids);
        if (!uids.length) break;
        ctx.log.debug({ mailbox: ctx.mailbox, uidValidity: at.uidValidity, cursor, pending: uids.length }, 'new messages');
        for (let i = 0; i < uids.length; i += META_WINDOW) {
          const metas = await fetchMetas(ctx.client, uids.slice(i, i + META_WINDOW));
          for (const batch of planBatches(metas, ctx.limits)) {
            if (ctx.stopping?.()) {
              await handing;
              return { fetched, uidValidity: at.uidValidity };
            }
            if (!ctx.lease.held()) throw new LeaseLostError(ctx.mailbox);
            const messages = await timeStage('fetch', () => fetchBatch(ctx.client, batch, at));
            // At most two batches in memory: the one being taken in and this one.
            await handing;
            handOver(messages, batch.lastUid);
            for (const m of messages) if (m.oversized) ctx.log.warn({ uid: m.uid, key: m.key, size: m.size }, 'message over the size cap: took its headers only');
          }
        }
      }
      await handing;
    } finally {
      await handing.catch(() => undefined);
    }
    return { fetched, uidValidity: at.uidValidity };
  } finally {
    lock.release();
  }
}

/**
 * The start record in force for the current UIDVALIDITY, choosing it at the first sync of a mailbox
 * that has no cursor at all. Null when none applies: a mailbox read before start records existed, or
 * a UIDVALIDITY other than the one the start was chosen in (then everything is rescanned from UID 1).
 */
async function startingPoint(
  ctx: SyncContext, at: { mailbox: string; uidValidity: string }, box: { uidNext: number; exists: number },
): Promise<StartRecord | null> {
  let rec = await readStart(ctx.redis, ctx.prefix, ctx.mailbox);
  if (!rec) {
    const earlier = (await readCursor(ctx.redis, ctx.prefix, ctx.mailbox, at.uidValidity)) > 0
      || (await hasAnyCursor(ctx.redis, ctx.prefix, ctx.mailbox));
    const chosen = ctx.start ?? { mode: 'all' };
    const top = await highestUid(ctx.client, box.uidNext);
    const base = { uidValidity: at.uidValidity, at: new Date().toISOString() };
    const mine: StartRecord = earlier ? { ...base, mode: 'earlier', top: 0 }
      : chosen.mode === 'since' ? { ...base, mode: 'since', top, since: chosen.date }
        : { ...base, mode: chosen.mode, top };
    rec = await recordStart(ctx.redis, ctx.prefix, ctx.mailbox, mine, ctx.lease);
    if (rec.at === mine.at && !earlier) await logStart(ctx, rec, box.exists);
  }
  return rec.uidValidity === at.uidValidity && rec.mode !== 'earlier' ? rec : null;
}

/**
 * The highest UID in the selected folder: UIDNEXT - 1 from SELECT (RFC 3501 6.3.1 requires it), or,
 * from a server that left it out, the highest UID a search finds.
 */
async function highestUid(client: SyncContext['client'], uidNext: number | undefined): Promise<number> {
  if (typeof uidNext === 'number' && Number.isFinite(uidNext) && uidNext > 0) return uidNext - 1;
  const all = await client.search({ all: true }, { uid: true });
  return (all || []).reduce((a, b) => Math.max(a, b), 0);
}

/** Say once where intake starts and how much history it leaves for `endorse import`. */
async function logStart(ctx: SyncContext, rec: StartRecord, exists: number): Promise<void> {
  const at = { mailbox: ctx.mailbox, uidValidity: rec.uidValidity, intakeStart: rec.since ?? rec.mode, top: rec.top };
  if (rec.mode === 'all') {
    ctx.log.info({ ...at, messages: exists }, `intake starts at UID 1: taking all ${exists} messages in the mailbox`);
  } else if (rec.mode === 'now') {
    ctx.log.info({ ...at, older: exists }, `intake starts at UID ${rec.top + 1}: ${exists} older messages left for \`endorse import\``);
  } else {
    const taken = rec.top ? ((await ctx.client.search({ uid: `1:${rec.top}`, since: sinceDate(rec.since!) }, { uid: true })) || []).filter((u) => u <= rec.top).length : 0;
    ctx.log.info({ ...at, taking: taken, older: exists - taken },
      `intake starts at mail received since ${rec.since}: taking ${taken} messages, ${exists - taken} older messages left for \`endorse import\``);
  }
}

/**
 * The cursor to fetch above, after applying the start: `now` moves it up to the start's top at once;
 * `since` skips the messages up to the top received before the date, and moves the cursor past the
 * top once none of those it takes is left. Every move is the fenced, only-upward advanceCursor.
 */
async function position(
  ctx: SyncContext, at: { prefix: string; mailbox: string; uidValidity: string }, start: StartRecord | null,
): Promise<{ cursor: number; skip: Set<number> }> {
  const none = new Set<number>();
  const cursor = await readCursor(ctx.redis, ctx.prefix, ctx.mailbox, at.uidValidity);
  if (!start || cursor >= start.top) return { cursor, skip: none };
  if (start.mode === 'now') return { cursor: await advanceCursor(ctx.redis, at, start.top, ctx.lease), skip: none };
  if (start.mode !== 'since') return { cursor, skip: none };
  const range = `${cursor + 1}:${start.top}`;
  // SEARCH SINCE compares INTERNALDATE's date, disregarding time and timezone (RFC 3501 6.4.4).
  const [inRange, taken] = await Promise.all([
    ctx.client.search({ uid: range }, { uid: true }),
    ctx.client.search({ uid: range, since: sinceDate(start.since!) }, { uid: true }),
  ]);
  if (!inRange || !taken) throw new Error('UID SEARCH failed');
  const keep = new Set(taken.filter((u) => u > cursor && u <= start.top));
  if (!keep.size) return { cursor: await advanceCursor(ctx.redis, at, start.top, ctx.lease), skip: none };
  return { cursor, skip: new Set(inRange.filter((u) => u > cursor && u <= start.top && !keep.has(u))) };
}
