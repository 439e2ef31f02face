/**
 * Reading a folder's history for `endorse import`: the UIDs of the messages received in a date range
 * (UID SEARCH SINCE/BEFORE on INTERNALDATE, RFC 3501 6.4.4), then their sources in the same planned
 * batches as intake. Read-only: BODY.PEEK marks nothing \Seen, and nothing is moved or flagged.
 */
import type { ImapFlow } from 'imapflow';
import { fetchBatch, fetchMetas } from './fetch-batch';
import { planBatches, type PlanLimits } from './fetch-plan';
import { sinceDate } from './start';
import type { FetchedMessage } from './types';

/** Mail received on or after `since` and, with `until`, on or before it (dates YYYY-MM-DD). */
export interface HistoryRange {
  since: string;
  until?: string;
}

/** What a history read found before fetching anything. */
export interface HistoryFound {
  uidValidity: string;
  /** Messages in the range that will be read. */
  total: number;
  /** Messages in the range above `maxUid`: newer than the watcher's cursor, so left to intake. */
  leftToIntake: number;
}

/** Metadata is read for this many UIDs at a time (as in sync.ts). */
const META_WINDOW = 1000;

/**
 * Read the history of `folder` in `range`, batch by batch, holding the folder's lock throughout.
 * @param maxUid given (per UIDVALIDITY), only messages up to it are read: the rest is intake's.
 * @param onFound told what was found, before the first batch.
 * @param onBatch given each batch in UID order; its promise is awaited before the next fetch.
 */
export async function readHistory(
  client: ImapFlow,
  folder: string,
  range: HistoryRange,
  limits: PlanLimits,
  maxUid: (uidValidity: string) => Promise<number | null>,
  onFound: (found: HistoryFound) => void,
  onBatch: (batch: FetchedMessage[]) => Promise<void>,
): Promise<HistoryFound> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const box = client.mailbox;
    if (!box) throw new Error(`folder "${folder}" is not selected`);
    const at = { mailbox: folder, uidValidity: String(box.uidValidity) };
    const query = {
      since: sinceDate(range.since),
      // BEFORE is exclusive: the day after `until` takes all of `until` in.
      ...(range.until ? { before: new Date(sinceDate(range.until).getTime() + 24 * 3600 * 1000) } : {}),
    };
    const found = await client.search(query, { uid: true });
    if (!found) throw new Error('UID SEARCH failed');
    const all = found.sort((a, b) => a - b);
    const limit = await maxUid(at.uidValidity);
    const uids = limit === null ? all : all.filter((u) => u <= limit);
    const result = { uidValidity: at.uidValidity, total: uids.length, leftToIntake: all.length - uids.length };
    onFound(result);
    for (let i = 0; i < uids.length; i += META_WINDOW) {
      const metas = await fetchMetas(client, uids.slice(i, i + META_WINDOW));
      for (const batch of planBatches(metas, limits)) await onBatch(await fetchBatch(client, batch, at));
    }
    return result;
  } finally {
    lock.release();
  }
}
