/**
 * Filing processed mail: move each message to the folder the intake decided, one UID MOVE per folder
 * batch. Only requests for the watched mailbox under its current UIDVALIDITY are acted on (a UID from
 * an older UIDVALIDITY may now name another message, RFC 3501 2.3.1.1). Mail is never deleted. A
 * folder the server refuses leaves its messages where they are, with the reason on each request.
 */
import type { ImapFlow } from 'imapflow';
import type { FilingRequest } from './types';
import { uidSet } from './fetch-plan';
import { resolveFolders, type FolderResolution } from '../mailbox/folders';

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
 * Whether moving can never delete someone else's mail. Without MOVE (RFC 6851) imapflow copies, sets
 * \Deleted and expunges; without UIDPLUS (RFC 4315) that is a plain EXPUNGE, which would also purge
 * every message a person had flagged \Deleted in the folder. On such a server we leave mail in place.
 */
export function canMoveSafely(client: ImapFlow): boolean {
  return client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS');
}

/**
 * Carry out a plan in the selected mailbox (the caller holds its lock). Each requested folder is
 * looked up in `folders` (the start-up resolution, which this extends for a name it has not seen).
 * A folder the server refused, or a MOVE it refused, is recorded on the requests as `error`; only a
 * broken connection throws (the requests stay pending and are tried again).
 * @returns the requests, each with `folder` set to where it went (null when it stayed).
 */
export async function applyFiling(client: ImapFlow, plan: FilingPlan, folders: FolderResolution): Promise<FilingRequest[]> {
  const done: FilingRequest[] = plan.skip.map((r) => ({ ...r, folder: null }));
  const unseen = [...plan.moves.keys()].filter((f) => !folders.paths.has(f) && !folders.errors.has(f));
  if (unseen.length) {
    const more = await resolveFolders(client, unseen.map((name) => ({ name })));
    for (const [k, v] of more.paths) folders.paths.set(k, v);
    for (const [k, v] of more.errors) folders.errors.set(k, v);
  }
  for (const [folder, list] of plan.moves) {
    const path = folders.paths.get(folder);
    let error = folders.errors.get(folder);
    if (path) {
      try {
        await moveAll(client, list.map((r) => r.uid), path);
      } catch (err) {
        if (!client.usable) throw err;
        error = `could not move to folder "${path}": ${(err as { responseText?: string }).responseText ?? (err as Error).message}`;
      }
    }
    done.push(...list.map((r) => (error ? { ...r, folder: null, error } : { ...r, folder: path ?? folder })));
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
