/**
 * The two fetches behind one sync step: the cheap metadata (UID, RFC822.SIZE, INTERNALDATE) of new
 * messages, then the sources of one planned batch in a single round trip. All fetches use
 * BODY.PEEK (imapflow's default for `source` and `headers`), so \Seen is never set (RFC 3501 6.4.5).
 * The caller holds the mailbox lock.
 */
import type { ImapFlow } from 'imapflow';
import { messageKey, rawMessageId } from '../mail/key';
import type { FetchedMessage } from './types';
import { uidSet, type FetchBatch, type MessageMeta } from './fetch-plan';

/** UIDs above `afterUid` in the selected mailbox, ascending. */
export async function newUids(client: ImapFlow, afterUid: number): Promise<number[]> {
  // A server reports mail that arrived since the last command only as an untagged EXISTS, and may
  // leave it out of a SEARCH until it has (Dovecot announces it after the SEARCH results). NOOP
  // (RFC 3501 6.1.2) makes it catch up first.
  await client.noop();
  const found = await client.search({ uid: `${afterUid + 1}:*` }, { uid: true });
  if (!found) throw new Error('UID SEARCH failed');
  // "n:*" always includes the highest UID, even when it is below n (RFC 3501 6.4.8): filter.
  return found.filter((u) => u > afterUid).sort((a, b) => a - b);
}

/** Size and arrival date of the given UIDs (missing ones, expunged meanwhile, are left out). */
export async function fetchMetas(client: ImapFlow, uids: readonly number[]): Promise<MessageMeta[]> {
  if (!uids.length) return [];
  const out: MessageMeta[] = [];
  for await (const m of client.fetch(uidSet(uids), { uid: true, size: true, internalDate: true }, { uid: true })) {
    out.push({ uid: m.uid, size: m.size ?? 0, receivedAt: toDate(m.internalDate) });
  }
  return out;
}

/**
 * Fetch one batch: whole sources of `batch.full`, header blocks of `batch.headersOnly` (one round
 * trip each kind). A message expunged since its metadata was read is skipped.
 * @returns the messages in UID order, keyed by `messageKey`.
 */
export async function fetchBatch(
  client: ImapFlow,
  batch: FetchBatch,
  at: { mailbox: string; uidValidity: string },
): Promise<FetchedMessage[]> {
  const out: FetchedMessage[] = [];
  const meta = new Map<number, MessageMeta>();
  for (const m of [...batch.full, ...batch.headersOnly]) meta.set(m.uid, m);

  // Whole sources, then header blocks (BODY.PEEK[HEADER]): the body of a message over the cap stays
  // on the server.
  const kinds = [
    { list: batch.full, query: { uid: true, source: true }, oversized: false },
    { list: batch.headersOnly, query: { uid: true, headers: true }, oversized: true },
  ];
  for (const kind of kinds) {
    if (!kind.list.length) continue;
    for await (const m of client.fetch(uidSet(kind.list.map((x) => x.uid)), kind.query, { uid: true })) {
      const info = meta.get(m.uid);
      const raw = kind.oversized ? m.headers : m.source;
      if (!info || !raw) continue;
      const key = kind.oversized ? oversizedKey(raw, info.size) : messageKey(rawMessageId(raw), raw);
      out.push({ ...at, uid: m.uid, size: info.size, receivedAt: info.receivedAt, raw, oversized: kind.oversized, key });
    }
  }
  return out.sort((a, b) => a.uid - b.uid);
}

/** Key of a message known only by its headers: its Message-ID, else a hash of headers and size. */
export function oversizedKey(headers: Buffer, size: number): string {
  return messageKey(rawMessageId(headers), Buffer.concat([headers, Buffer.from(`\r\nsize: ${size}\r\n`)]));
}

function toDate(v: Date | string | undefined): Date {
  if (v instanceof Date) return v;
  const d = v ? new Date(v) : new Date(NaN);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
