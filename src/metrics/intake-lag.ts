/**
 * How far intake is behind the mailbox: the watcher notes the newest UID it saw (UIDNEXT - 1 when it
 * selects the folder, or the highest new UID it listed) each time it syncs, and a scrape compares
 * it with the cursor in Redis. Only the process running the watcher knows the newest UID.
 */

/** The newest UID seen per mailbox, under the UIDVALIDITY it was seen in. */
const heads = new Map<string, { uidValidity: string; newest: number }>();

/**
 * Note the mailbox's newest UID at a sync (one call from the watcher).
 * @param uidNext UIDNEXT from SELECT, when the server gave one (RFC 3501 6.3.1)
 * @param uids UIDs the sync found above the cursor, if any
 */
export function noteMailboxHead(mailbox: string, uidValidity: string, uidNext: number | undefined, uids: readonly number[] = []): void {
  let newest = typeof uidNext === 'number' && uidNext > 0 ? uidNext - 1 : 0;
  for (const u of uids) if (u > newest) newest = u;
  heads.set(mailbox, { uidValidity, newest });
}

/** Every mailbox noted in this process. */
export function mailboxHeads(): { mailbox: string; uidValidity: string; newest: number }[] {
  return [...heads].map(([mailbox, h]) => ({ mailbox, ...h }));
}
