/**
 * Reading back, in one batched pass, every reply of ours in the Sent folder: the ENVELOPE (Message-ID,
 * To, Date) of every message, fetched a few thousand UIDs per command, parsed for our deterministic
 * Message-IDs `<type.id.sig@domain>` (signed-id.ts). After Redis lost its sent-records this is the
 * authority on what was sent: 10,000 replies cost one SEARCH and a handful of FETCH round trips.
 */
import type { ImapFlow } from 'imapflow';
import { roleFolders } from '../mailbox/folders';
import type { SentRecord } from './sent';
import { REPLY_TYPES } from './reply-job';
import type { ReplyType } from './templates';

/** One reply of ours found in the Sent folder. */
export interface SentCopy {
  type: ReplyType;
  /** Message key, item id, question or answer id. */
  id: string;
  messageId: string;
  /** The first recipient, lower-cased ('' when the envelope has none). */
  to: string;
  /** The Date of the copy (ISO 8601), '' when it has none. */
  at: string;
}

const OURS = new RegExp(`^<(${REPLY_TYPES.join('|')})\\.(.+)\\.([0-9a-f]{20})@([^<>@\\s]+)>$`, 'i');

/**
 * The reply type and subject of one of our Message-IDs, or null for any other Message-ID. The
 * signature is not checked: the Sent folder is our own, and the secret may have been lost with Redis.
 */
export function parseOurMessageId(messageId: string, domains: readonly string[]): { type: ReplyType; id: string } | null {
  const m = OURS.exec(messageId.trim());
  if (!m || !domains.some((d) => d.toLowerCase() === m[4]!.toLowerCase())) return null;
  return { type: m[1]!.toLowerCase() as ReplyType, id: m[2]! };
}

/** UIDs per FETCH: large enough that 10,000 replies take a handful of round trips. */
export const SENT_SCAN_BATCH = 2500;

/** Where the replies' copies are: as sent-folder.ts resolves it (a named folder, else the server's \Sent). */
export interface SentFolderWhere {
  folder: string;
  byRole: boolean;
  hint?: string | undefined;
}

/** The path of the Sent folder on this server, or null when it does not exist. */
export async function findSentFolder(client: ImapFlow, where: SentFolderWhere): Promise<string | null> {
  const list = await client.list(where.hint ? { specialUseHints: { sent: where.hint } } : {});
  const path = (where.byRole ? roleFolders(list).sent : undefined) ?? where.folder;
  return list.some((f) => f.path === path) ? path : null;
}

/**
 * Every reply of ours in `folder`, oldest UID first; a reply found twice (a copy appended and the
 * provider's own) is listed once.
 * @param onBatch hears progress after each FETCH (UIDs read so far, of how many)
 */
export async function scanSentFolder(
  client: ImapFlow, folder: string, domains: readonly string[], batch = SENT_SCAN_BATCH, onBatch?: (done: number, total: number) => void,
): Promise<SentCopy[]> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    const out = new Map<string, SentCopy>();
    for (let i = 0; i < uids.length; i += batch) {
      const part = uids.slice(i, i + batch);
      // A contiguous run of UIDs goes as one range; a sparse one as a list.
      const set = part[part.length - 1]! - part[0]! + 1 === part.length ? `${part[0]}:${part[part.length - 1]}` : part.join(',');
      for await (const m of client.fetch(set, { uid: true, envelope: true }, { uid: true })) {
        const env = m.envelope;
        const ours = env?.messageId ? parseOurMessageId(env.messageId, domains) : null;
        if (!ours || out.has(`${ours.type}:${ours.id}`)) continue;
        out.set(`${ours.type}:${ours.id}`, {
          ...ours, messageId: env!.messageId!, to: (env!.to?.[0]?.address ?? '').toLowerCase(),
          at: env!.date ? new Date(env!.date).toISOString() : '',
        });
      }
      onBatch?.(Math.min(i + batch, uids.length), uids.length);
    }
    return [...out.values()];
  } finally {
    lock.release();
  }
}

/**
 * How many of the messages whose Message-ID names one of `domains` are replies of ours (looking at
 * `sample` of them at most): evidence that this mailbox was served before.
 */
export async function countOurReplies(client: ImapFlow, folder: string, domains: readonly string[], sample = 200): Promise<number> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const hits = new Set<number>();
    for (const d of domains) {
      for (const u of (await client.search({ header: { 'message-id': `@${d}>` } }, { uid: true })) || []) hits.add(u);
    }
    const uids = [...hits].sort((a, b) => a - b).slice(0, sample);
    if (!uids.length) return 0;
    let n = 0;
    for await (const m of client.fetch(uids.join(','), { uid: true, envelope: true }, { uid: true })) {
      if (m.envelope?.messageId && parseOurMessageId(m.envelope.messageId, domains)) n++;
    }
    return n;
  } finally {
    lock.release();
  }
}

/** The sent-record rebuilt from a copy: its existence means "sent", as after a send (sent.ts). */
export function rebuiltRecord(copy: SentCopy): SentRecord {
  return { at: copy.at, to: copy.to, messageId: copy.messageId, note: 'rebuilt from the Sent folder after a Redis reset' };
}
