/**
 * Filing processed mail: move each message to the folder the intake decided, one UID MOVE per folder
 * batch. Only requests for the watched mailbox under its current UIDVALIDITY are acted on (a UID from
 * an older UIDVALIDITY may now name another message, RFC 3501 2.3.1.1). Mail is never deleted.
 */
import type { ImapFlow } from 'imapflow';
import type { FilingRequest } from './types';
import { uidSet } from './fetch-plan';

/** What to do with a batch of requests (pure). */
export interface FilingPlan {
  /** Target folder -> requests to move there (UIDs ascending). */
  moves: Map<string, FilingRequest[]>;
  /** Requests to acknowledge without touching the mailbox. */
  skip: FilingRequest[];
}

/** Sort requests into moves and skips (pure, unit tested). */
export function planFiling(
  requests: readonly FilingRequest[],
  current: { mailbox: string; uidValidity: string },
  enabled: boolean,
): FilingPlan {
  const moves = new Map<string, FilingRequest[]>();
  const skip: FilingRequest[] = [];
  for (const r of requests) {
    const movable = enabled && r.folder !== null && r.folder !== current.mailbox
      && r.mailbox === current.mailbox && r.uidValidity === current.uidValidity;
    if (!movable) {
      skip.push(r);
      continue;
    }
    const list = moves.get(r.folder!) ?? [];
    list.push(r);
    moves.set(r.folder!, list);
  }
  for (const list of moves.values()) list.sort((a, b) => a.uid - b.uid);
  return { moves, skip };
}

/**
 * Create `folder` unless this connection already did or saw it. imapflow maps ALREADYEXISTS
 * (RFC 5530) to `created: false`, so creating an existing folder is not an error.
 */
export async function ensureFolder(client: ImapFlow, folder: string, known: Set<string>): Promise<void> {
  if (known.has(folder)) return;
  await client.mailboxCreate(folder);
  known.add(folder);
}

/**
 * Whether moving can never delete someone else's mail. Without MOVE (RFC 6851) imapflow copies, sets
 * \Deleted and expunges; without UIDPLUS (RFC 4315) that is a plain EXPUNGE, which would also purge
 * every message a person had flagged \Deleted in the folder. On such a server we leave mail in place.
 */
export function canMoveSafely(client: ImapFlow): boolean {
  return client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS');
}

/**
 * Carry out a plan in the selected mailbox (the caller holds its lock).
 * @returns the requests, each with `folder` set to where it went (null when it stayed).
 */
export async function applyFiling(client: ImapFlow, plan: FilingPlan, knownFolders: Set<string>): Promise<FilingRequest[]> {
  const done: FilingRequest[] = plan.skip.map((r) => ({ ...r, folder: null }));
  for (const [folder, list] of plan.moves) {
    await ensureFolder(client, folder, knownFolders);
    await moveAll(client, list.map((r) => r.uid), folder);
    done.push(...list);
  }
  return done;
}

/**
 * UID MOVE (RFC 6851) of `uids`, checked: imapflow falls back to UID COPY + \Deleted + UID EXPUNGE
 * (RFC 4315) on servers without MOVE. UIDs that no longer exist are ignored (RFC 3501 6.4.8), so a
 * request repeated after a crash is harmless. But when another session expunged one of them and ours
 * has not been told yet, Dovecot refuses the whole command with NO [EXPUNGEISSUED] (RFC 5530) and
 * moves nothing; so NOOP first to learn of expunges, and move again whatever a search still finds.
 * @throws when messages are still in place after the retry (the requests stay pending).
 */
async function moveAll(client: ImapFlow, uids: number[], folder: string): Promise<void> {
  let set = uidSet(uids);
  for (let attempt = 0; attempt < 2; attempt++) {
    await client.noop();
    await client.messageMove(set, folder, { uid: true });
    const left = await client.search({ uid: set }, { uid: true });
    if (!left || !left.length) return;
    set = uidSet(left.sort((a, b) => a - b));
  }
  throw new Error(`could not move UIDs ${set} to "${folder}"`);
}
