/**
 * Finding a message again by its Message-ID: after the watched folder's UIDVALIDITY changed (its UIDs
 * now name other messages or nothing, RFC 3501 2.3.1.1), and to prove a move landed in its folder.
 * One UID SEARCH HEADER per message on the connection the caller already has, in its selected folder.
 */
import type { ImapFlow } from 'imapflow';

/** A Message-ID as compared here: no angle brackets or blanks, lower case (servers and parsers differ). */
export function sameMessageId(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a && b) && normMessageId(a!) === normMessageId(b!);
}

/** A Message-ID as compared by `sameMessageId`. */
export function normMessageId(v: string): string {
  return v.replace(/[<>\s]/g, '').toLowerCase();
}

/**
 * UIDs of the messages carrying `messageId` in the selected folder, ascending (empty: none). HEADER
 * search is a substring match (RFC 3501 6.4.4); the angle brackets keep it to this Message-ID.
 * @throws when the server refuses the search or the connection fails (never mistaken for "none").
 */
export async function uidsByMessageId(client: ImapFlow, messageId: string): Promise<number[]> {
  const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  if (found === false) throw new Error(`the server refused to search for Message-ID ${messageId}`);
  return (found ?? []).sort((a, b) => a - b);
}

/**
 * Message-IDs of the messages with these UIDs in the selected folder (one UID FETCH of the envelopes);
 * a UID missing from the map does not exist there.
 */
export async function messageIdsByUid(client: ImapFlow, set: string): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  for await (const m of client.fetch(set, { uid: true, envelope: true }, { uid: true })) out.set(m.uid, m.envelope?.messageId ?? null);
  return out;
}

/**
 * UIDs by Message-ID (as `sameMessageId` compares) among the newest `count` UIDs of the selected
 * folder, read from their envelopes: a second way to look when a HEADER search finds nothing, as
 * Dovecot's search can miss a message whose index was rebuilt mid-move while its envelope shows it.
 */
export async function recentUidsByMessageId(client: ImapFlow, count: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const next = client.mailbox ? Number(client.mailbox.uidNext) : 0;
  if (!client.mailbox || !client.mailbox.exists || !next) return out;
  for await (const m of client.fetch(`${Math.max(1, next - count)}:*`, { uid: true, envelope: true }, { uid: true })) {
    const id = m.envelope?.messageId;
    if (id) out.set(normMessageId(id), [...(out.get(normMessageId(id)) ?? []), m.uid]);
  }
  return out;
}
