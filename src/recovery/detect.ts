/**
 * Deciding from the evidence whether Redis lost state: the epoch in Redis against what this process
 * (memory) or this machine (the state file) last saw, and, for a process that remembers nothing,
 * whether the mailbox shows earlier operation (our replies in the Sent folder). Pure but for the one
 * lazy look at the Sent folder, so each case is unit tested.
 */
import type { EpochRecord } from './epoch';

/** What is known when deciding. */
export interface Evidence {
  /** The epoch in Redis, or null. */
  epoch: EpochRecord | null;
  /** The epoch and checkpoint last acknowledged by Redis (memory, else the state file), or null. */
  remembered: { epoch: string; checkpoint: number } | null;
  /** Whether Redis holds records of ours (an install from before epochs existed). */
  redisHasData: boolean;
  /** How many of our replies the Sent folder holds; asked only when nothing else tells. */
  sentReplies: () => Promise<number>;
}

/** What to do. */
export type Verdict =
  | { action: 'none' }
  | { action: 'create'; why: 'first install' | 'upgrade' }
  | { action: 'rebuild'; reason: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** The verdict for `e`; see {@link Verdict}. */
export async function judge(e: Evidence): Promise<Verdict> {
  const r = e.remembered;
  if (e.epoch) {
    // Checkpoints are compared across epoch ids too: an old snapshot brings back an older epoch.
    if (r && e.epoch.checkpoint < r.checkpoint) {
      return { action: 'rebuild', reason: `Redis lost its latest writes: its checkpoint is ${iso(e.epoch.checkpoint)}, ${iso(r.checkpoint)} was acknowledged` };
    }
    if (!e.epoch.ready) return { action: 'rebuild', reason: 'a rebuild after a Redis reset did not finish' };
    return { action: 'none' };
  }
  if (r) return { action: 'rebuild', reason: `the epoch is gone from Redis (epoch ${r.epoch}, last checkpoint ${iso(r.checkpoint)})` };
  if (e.redisHasData) return { action: 'create', why: 'upgrade' };
  const sent = await e.sentReplies();
  if (sent > 0) return { action: 'rebuild', reason: `Redis is empty but the Sent folder holds ${sent} of our replies` };
  return { action: 'create', why: 'first install' };
}
