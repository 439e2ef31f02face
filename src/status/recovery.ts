/**
 * The last recovery from a Redis reset, kept in Redis (`<prefix>:recovery`) so the review page's
 * banner, /healthz and `endorse doctor` can say that the store was rebuilt from the mailbox, when,
 * and what came back. Shown for a week, then only in /healthz and the doctor.
 */
import type Redis from 'ioredis';

/** What is kept of one recovery. */
export interface RecoveryRecord {
  /** When the rebuild finished (ISO 8601). */
  at: string;
  /** Why Redis was judged to have lost state. */
  reason: string;
  /** Messages taken in again, by filed folder. */
  folders: Record<string, number>;
  /**
   * Messages of the watched folder, at or below its cursor, that the store lacked and that were taken
   * in again (what lies above the cursor the watcher takes in as usual). Absent in older records.
   */
  watched?: { mailbox: string; retaken: number };
  /** Messages the store did not have (filed folders and watched folder). */
  messages: number;
  /** Our replies found in the Sent folder; sent-records written for the missing ones. */
  replies: number;
  repliesRebuilt: number;
  durationMs: number;
}

/** How long the banner shows a recovery. */
export const RECOVERY_BANNER_MS = 7 * 24 * 3600_000;

/** The Redis key of the last recovery. */
export function recoveryKey(prefix: string): string {
  return `${prefix}:recovery`;
}

/** Keep `r` as the last recovery. */
export async function recordRecovery(redis: Redis, prefix: string, r: RecoveryRecord): Promise<void> {
  await redis.set(recoveryKey(prefix), JSON.stringify(r));
}

/** The last recovery, or null when Redis never had to be rebuilt (or the record is unreadable). */
export async function readRecovery(redis: Redis, prefix: string): Promise<RecoveryRecord | null> {
  const v = await redis.get(recoveryKey(prefix));
  if (!v) return null;
  try {
    const r = JSON.parse(v) as RecoveryRecord;
    return typeof r.at === 'string' && typeof r.messages === 'number' ? r : null;
  } catch {
    return null;
  }
}

/** "Recovered from a Redis reset at 2026-12-06 22:10 UTC: 812 messages taken in again, 640 replies found in Sent (3.2 s)". */
export function describeRecovery(r: RecoveryRecord): string {
  const taken = Object.values(r.folders).reduce((a, b) => a + b, 0);
  const where = Object.entries(r.folders).map(([f, n]) => `${n} in ${f}`).join(', ');
  const watched = r.watched?.retaken ? ` and ${r.watched.retaken} from ${r.watched.mailbox} that the store had lost` : '';
  return `Recovered from a Redis reset at ${r.at.slice(0, 16).replace('T', ' ')} UTC: ${taken} filed messages${watched} taken in again`
    + `${where ? ` (${where})` : ''}, ${r.messages} of them missing from the store; ${r.replies} replies found in the Sent folder`
    + ` (${r.repliesRebuilt} reply records rebuilt), in ${(r.durationMs / 1000).toFixed(1)} s.`
    + ` Review decisions are not in the mailbox: restore them from a backup (endorse restore). Why: ${r.reason}.`;
}
