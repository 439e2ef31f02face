/**
 * Splitting new messages into fetch batches (pure, so it is unit tested without a server): up to
 * `batchSize` messages or about `maxBatchBytes` of sources per round trip, a big message alone, and
 * messages over the size cap marked for a header-only fetch. UID order is kept, because the cursor
 * may only pass a UID once everything below it was handed over.
 */

/** What the first, cheap fetch tells about a message. */
export interface MessageMeta {
  uid: number;
  size: number;
  receivedAt: Date;
}

/** One round trip's worth of messages, in UID order. */
export interface FetchBatch {
  /** Messages fetched whole. */
  full: MessageMeta[];
  /** Messages over the size cap: only their header block is fetched. */
  headersOnly: MessageMeta[];
  /** The highest UID in the batch: the cursor's value once the batch is handed over. */
  lastUid: number;
}

export interface PlanLimits {
  /** Most messages per batch. */
  batchSize: number;
  /** Most source bytes per batch; a message bigger than this goes alone. */
  maxBatchBytes: number;
  /** Messages bigger than this are not downloaded whole. */
  maxMessageBytes: number;
}

/** Default bytes of message sources per round trip. */
export const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

/** Group `metas` (any order) into batches in ascending UID order. */
export function planBatches(metas: readonly MessageMeta[], limits: PlanLimits): FetchBatch[] {
  const sorted = [...metas].sort((a, b) => a.uid - b.uid);
  const batches: FetchBatch[] = [];
  let cur: FetchBatch | null = null;
  let bytes = 0;
  for (const m of sorted) {
    const oversized = m.size > limits.maxMessageBytes;
    const cost = oversized ? 0 : m.size;
    const count = cur ? cur.full.length + cur.headersOnly.length : 0;
    if (!cur || count >= limits.batchSize || (count > 0 && bytes + cost > limits.maxBatchBytes)) {
      cur = { full: [], headersOnly: [], lastUid: 0 };
      batches.push(cur);
      bytes = 0;
    }
    (oversized ? cur.headersOnly : cur.full).push(m);
    bytes += cost;
    cur.lastUid = m.uid;
  }
  return batches;
}

/** Compress ascending UIDs into an IMAP sequence set ("1:3,7,9:10", RFC 3501 9 sequence-set). */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < uids.length) {
    let j = i;
    while (j + 1 < uids.length && uids[j + 1] === uids[j]! + 1) j++;
    parts.push(i === j ? String(uids[i]) : `${uids[i]}:${uids[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
