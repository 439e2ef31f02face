/**
 * One sync pass over the watched folder: read the cursor for the current UIDVALIDITY, fetch what lies
 * above it in planned batches, hand each batch to the sink, and only then move the cursor (fenced by
 * the lease). A sink that throws leaves the cursor where it was, so the same messages come again.
 */
import type { ImapFlow } from 'imapflow';
import type Redis from 'ioredis';
import type { IntakeSink } from './types';
import type { Lease } from './lease';
import { advanceCursor, readCursor } from './cursor';
import { fetchBatch, fetchMetas, newUids } from './fetch-batch';
import { planBatches, type PlanLimits } from './fetch-plan';
import { LeaseLostError } from './errors';
import type { IntakeLogger } from './logger';

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
    let fetched = 0;
    for (;;) {
      const cursor = await readCursor(ctx.redis, ctx.prefix, ctx.mailbox, at.uidValidity);
      const uids = await newUids(ctx.client, cursor);
      if (!uids.length) break;
      ctx.log.debug({ mailbox: ctx.mailbox, uidValidity: at.uidValidity, cursor, pending: uids.length }, 'new messages');
      for (let i = 0; i < uids.length; i += META_WINDOW) {
        const metas = await fetchMetas(ctx.client, uids.slice(i, i + META_WINDOW));
        for (const batch of planBatches(metas, ctx.limits)) {
          if (ctx.stopping?.()) return { fetched, uidValidity: at.uidValidity };
          if (!ctx.lease.held()) throw new LeaseLostError(ctx.mailbox);
          const messages = await fetchBatch(ctx.client, batch, at);
          if (messages.length) await ctx.sink.accept(messages);
          await advanceCursor(ctx.redis, at, batch.lastUid, ctx.lease);
          fetched += messages.length;
          for (const m of messages) if (m.oversized) ctx.log.warn({ uid: m.uid, key: m.key, size: m.size }, 'message over the size cap: took its headers only');
        }
      }
    }
    return { fetched, uidValidity: at.uidValidity };
  } finally {
    lock.release();
  }
}
