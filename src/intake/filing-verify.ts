/**
 * Proof that filed mail is where the store will say: a server may acknowledge a MOVE that did not
 * persist (Dovecot on a full disk does), so each destination is read back before a request counts as
 * filed. COPYUID (RFC 4315) names the new UID, checked with one UID FETCH per folder; without it, or
 * when it does not hold, the message is searched for by Message-ID. What cannot be found is a
 * failure with its reason, never "filed".
 */
import type { ImapFlow } from 'imapflow';
import type { FilingRequest } from './types';
import type { MoveClaim } from './filing';
import { uidSet } from './fetch-plan';
import { messageIdsByUid, normMessageId, recentUidsByMessageId, sameMessageId, uidsByMessageId } from './filing-find';

/** Newest messages of a folder whose envelopes are read when a search for a moved message finds nothing. */
const RECENT_SCAN = 2000;

/**
 * Check each claim in its folder, then select `source` (the watched folder) again so IDLE keeps
 * watching it. Takes its own mailbox locks: the caller must hold none. A request with no Message-ID
 * and no COPYUID cannot be checked: it counts as filed, as the server said.
 * @returns every claim's request, settled: `folder` and `filedUid` where it is, or `folder: null` and `error`.
 * @throws only when the connection fails (the requests stay pending and are tried again).
 */
export async function verifyFiling(client: ImapFlow, claims: readonly MoveClaim[], source: string): Promise<FilingRequest[]> {
  if (!claims.length) return [];
  const byFolder = new Map<string, MoveClaim[]>();
  for (const c of claims) byFolder.set(c.request.folder!, [...(byFolder.get(c.request.folder!) ?? []), c]);
  const settled: FilingRequest[] = [];
  const missing: (MoveClaim & { unchecked?: string })[] = [];
  for (const [path, list] of byFolder) {
    let lock;
    try {
      lock = await client.getMailboxLock(path);
    } catch (err) {
      if (!client.usable) throw err;
      const why = (err as { responseText?: string }).responseText ?? (err as Error).message;
      missing.push(...list.map((c) => ({ ...c, unchecked: `could not open folder "${path}" to check the move: ${why}` })));
      continue;
    }
    try {
      const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : '';
      const mapped = list.filter((c) => c.dest && c.dest.uidValidity === uidValidity);
      const there = mapped.length ? await messageIdsByUid(client, uidSet([...new Set(mapped.map((c) => c.dest!.uid))].sort((a, b) => a - b))) : new Map();
      const unseen: MoveClaim[] = [];
      for (const c of list) {
        const r = c.request;
        const uid = c.dest && c.dest.uidValidity === uidValidity ? c.dest.uid : undefined;
        if (uid !== undefined && there.has(uid) && (!r.messageId || sameMessageId(there.get(uid), r.messageId))) {
          settled.push({ ...r, filedUid: { uidValidity, uid } });
        } else if (r.messageId) {
          const found = await uidsByMessageId(client, r.messageId);
          if (found.length) settled.push({ ...r, filedUid: { uidValidity, uid: found[found.length - 1]! } });
          else unseen.push(c);
        } else if (uid === undefined && c.how === 'moved') {
          settled.push(r);
        } else {
          missing.push(c);
        }
      }
      // The search found nothing: the newest envelopes are read before a move counts as not made.
      const recent = unseen.length ? await recentUidsByMessageId(client, RECENT_SCAN) : new Map<string, number[]>();
      for (const c of unseen) {
        const found = recent.get(normMessageId(c.request.messageId!));
        if (found?.length) settled.push({ ...c.request, filedUid: { uidValidity, uid: found[found.length - 1]! } });
        else missing.push(c);
      }
    } finally {
      lock.release();
    }
  }
  settled.push(...(await explainMissing(client, missing, source)));
  // Leave the watched folder selected: IDLE watches the selected folder.
  (await client.getMailboxLock(source)).release();
  return settled;
}

/**
 * Failures for claims not found in their folder, saying whether the message is still in `source`. A
 * claim whose folder could not be opened (`unchecked`: a full disk can refuse the SELECT) and that has
 * left `source` is recorded where the server put it, with the reason beside it: saying "still in the
 * inbox" would send a person looking in the wrong folder.
 */
async function explainMissing(client: ImapFlow, missing: readonly (MoveClaim & { unchecked?: string })[], source: string): Promise<FilingRequest[]> {
  if (!missing.length) return [];
  const out: FilingRequest[] = [];
  const lock = await client.getMailboxLock(source);
  try {
    for (const { request: r, how, unchecked } of missing) {
      const still = r.messageId ? (await uidsByMessageId(client, r.messageId)).length > 0 : how === 'moved' && (await client.search({ uid: String(r.uid) }, { uid: true }) || []).length > 0;
      if (unchecked) {
        out.push(still ? { ...r, folder: null, error: `${unchecked}; it is still in "${source}"` } : { ...r, error: `${unchecked}; it has left "${source}", so it is taken to be there` });
        continue;
      }
      const where = still ? `it is still in "${source}"` : `nor is it in "${source}"`;
      // A look again that finds nothing new tells what the first try found.
      const error = how === 'look' && r.retry ? r.retry.first : how === 'look'
        ? `the UIDVALIDITY of "${source}" changed and the message (Message-ID ${r.messageId}) is found neither there nor in "${r.folder}": not filed`
        : `the server acknowledged the move to "${r.folder}" but the message is not there; ${where}`;
      out.push({ ...r, folder: null, error, unproven: true });
    }
  } finally {
    lock.release();
  }
  return out;
}
