/**
 * Filing processed mail: move each message to the folder the intake decided, one UID MOVE per folder
 * batch. A request made under an older UIDVALIDITY of the watched folder (whose UIDs may now name
 * other messages, RFC 3501 2.3.1.1) is first found again by its Message-ID. Mail is never deleted. A
 * folder the server refuses leaves its messages where they are, with the reason on each request;
 * what the server says it moved is proved in the destination afterwards (filing-verify.ts).
 */
import type { ImapFlow } from 'imapflow';
import type { FilingRequest } from './types';
import { uidSet } from './fetch-plan';
import { messageIdsByUid, sameMessageId, uidsByMessageId } from './filing-find';
import { resolveFolders, type FolderResolution } from '../mailbox/folders';

/** What to do with a batch of requests (pure). */
export interface FilingPlan {
  /** Target folder -> requests to move there (UIDs ascending). */
  moves: Map<string, FilingRequest[]>;
  /** Requests for the watched folder under another UIDVALIDITY: found again by Message-ID first. */
  relocate: FilingRequest[];
  /** Requests to acknowledge without touching the mailbox. */
  skip: FilingRequest[];
}

/** Sort requests into moves, relocations and skips (pure, unit tested). */
export function planFiling(
  requests: readonly FilingRequest[],
  current: { mailbox: string; uidValidity: string },
  enabled: boolean,
): FilingPlan {
  const moves = new Map<string, FilingRequest[]>();
  const relocate: FilingRequest[] = [];
  const skip: FilingRequest[] = [];
  for (const r of requests) {
    const movable = enabled && r.folder !== null && r.folder !== current.mailbox && r.mailbox === current.mailbox;
    if (!movable) skip.push(r);
    else if (r.uidValidity !== current.uidValidity) relocate.push(r);
    else addMove(moves, r);
  }
  for (const list of moves.values()) list.sort((a, b) => a.uid - b.uid);
  return { moves, relocate, skip };
}

function addMove(moves: Map<string, FilingRequest[]>, r: FilingRequest): void {
  const list = moves.get(r.folder!) ?? [];
  list.push(r);
  moves.set(r.folder!, list);
}

/**
 * Whether moving can never delete someone else's mail. Without MOVE (RFC 6851) imapflow copies, sets
 * \Deleted and expunges; without UIDPLUS (RFC 4315) that is a plain EXPUNGE, which would also purge
 * every message a person had flagged \Deleted in the folder. On such a server we leave mail in place.
 */
export function canMoveSafely(client: ImapFlow): boolean {
  return client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS');
}

/** A request the server says it carried out, or that may already be done: proved in its folder later. */
export interface MoveClaim {
  /** The request, with `folder` set to the destination's path. */
  request: FilingRequest;
  /**
   * `moved`: the server acknowledged the MOVE. `look`: after a UIDVALIDITY change the message is no
   * longer in the watched folder; perhaps an earlier run filed it, which only its folder can tell.
   */
  how: 'moved' | 'look';
  /** Where the server's COPYUID (RFC 4315) says it went, when it said. */
  dest?: { uidValidity: string; uid: number };
}

/** What {@link moveFiling} did: requests settled already, and claims to prove in their folders. */
export interface MoveOutcome {
  done: FilingRequest[];
  claims: MoveClaim[];
}

/**
 * Take out of `moves` the requests whose UID now shows another message, and return them to be found
 * by Message-ID. A UID names our message only while UIDVALIDITY holds, and a server whose index is
 * rebuilt under an open session can renumber before it says so: a UID MOVE would then take someone
 * else's message (the fault suite saw questions filed as endorsements). One envelope FETCH per batch.
 */
async function notWhereExpected(client: ImapFlow, moves: Map<string, FilingRequest[]>): Promise<FilingRequest[]> {
  const checkable = [...moves.values()].flat().filter((r) => r.messageId);
  if (!checkable.length) return [];
  const there = await messageIdsByUid(client, uidSet([...new Set(checkable.map((r) => r.uid))].sort((a, b) => a - b)));
  const wrong = new Set(checkable.filter((r) => !sameMessageId(there.get(r.uid), r.messageId)));
  if (!wrong.size) return [];
  for (const [folder, list] of moves) {
    const kept = list.filter((r) => !wrong.has(r));
    if (kept.length) moves.set(folder, kept);
    else moves.delete(folder);
  }
  return [...wrong];
}

/**
 * Carry out a plan in the selected watched folder `current` (the caller holds its lock). Each
 * requested folder is looked up in `folders` (the start-up resolution, which this extends for a name
 * it has not seen). Requests to relocate are searched for by Message-ID and moved under their new
 * UID. A folder the server refused, or a MOVE it refused, is recorded on the requests as `error`;
 * only a broken connection throws (the requests stay pending and are tried again).
 */
export async function moveFiling(
  client: ImapFlow, plan: FilingPlan, folders: FolderResolution, current: { mailbox: string; uidValidity: string },
): Promise<MoveOutcome> {
  const done: FilingRequest[] = plan.skip.map((r) => ({ ...r, folder: null }));
  const claims: MoveClaim[] = [];
  const wanted = new Set([...plan.moves.keys(), ...plan.relocate.map((r) => r.folder!)]);
  const unseen = [...wanted].filter((f) => !folders.paths.has(f) && !folders.errors.has(f));
  if (unseen.length) {
    const more = await resolveFolders(client, unseen.map((name) => ({ name })));
    for (const [k, v] of more.paths) folders.paths.set(k, v);
    for (const [k, v] of more.errors) folders.errors.set(k, v);
  }
  const moves = new Map([...plan.moves].map(([f, list]) => [f, [...list]]));
  const relocate = [...plan.relocate, ...(await notWhereExpected(client, moves))];
  const taken = new Set([...moves.values()].flat().map((r) => r.uid));
  for (const r of relocate) {
    if (!r.messageId) {
      done.push({ ...r, folder: null, error: `the UIDVALIDITY of "${current.mailbox}" changed and the message has no Message-ID to find it again by: not filed` });
      continue;
    }
    const uid = (await uidsByMessageId(client, r.messageId)).find((u) => !taken.has(u));
    if (uid === undefined) {
      const path = folders.paths.get(r.folder!);
      if (path) claims.push({ request: { ...r, folder: path }, how: 'look' });
      else done.push({ ...r, folder: null, error: folders.errors.get(r.folder!) ?? `folder "${r.folder}" unavailable` });
      continue;
    }
    taken.add(uid);
    addMove(moves, { ...r, uid, uidValidity: current.uidValidity });
  }
  for (const [folder, list] of moves) {
    list.sort((a, b) => a.uid - b.uid);
    const path = folders.paths.get(folder);
    let error = folders.errors.get(folder);
    let moved: Moved = { uidMap: new Map(), left: new Set() };
    if (path) {
      try {
        moved = await moveAll(client, list.map((r) => r.uid), path);
      } catch (err) {
        if (!client.usable) throw err;
        error = `could not move to folder "${path}": ${(err as { responseText?: string }).responseText ?? (err as Error).message}`;
      }
    }
    for (const r of list) {
      if (error || !path) {
        done.push({ ...r, folder: null, error: error ?? `folder "${folder}" unavailable` });
      } else if (moved.left.has(r.uid)) {
        done.push({ ...r, folder: null, error: `could not move to folder "${path}": the server left it in "${current.mailbox}"` });
      } else {
        const uid = moved.uidMap.get(r.uid);
        const dest = uid !== undefined && moved.uidValidity ? { dest: { uidValidity: moved.uidValidity, uid } } : {};
        claims.push({ request: { ...r, folder: path }, how: 'moved', ...dest });
      }
    }
  }
  return { done, claims };
}

/** What a move did: COPYUID (RFC 4315, source UID -> destination UID, its UIDVALIDITY), and UIDs still in place. */
interface Moved {
  uidMap: Map<number, number>;
  uidValidity?: string;
  left: Set<number>;
}

/**
 * UID MOVE (RFC 6851) of `uids`, checked: imapflow falls back to UID COPY + \Deleted + UID EXPUNGE
 * (RFC 4315) on servers without MOVE. UIDs that no longer exist are ignored (RFC 3501 6.4.8), so a
 * request repeated after a crash is harmless. But when another session expunged one of them and ours
 * has not been told yet, Dovecot refuses the whole command with NO [EXPUNGEISSUED] (RFC 5530) and
 * moves nothing; so NOOP first to learn of expunges, and move again whatever a search still finds.
 * imapflow answers a refused MOVE with `false`: what is still in place after the retry is `left`.
 */
async function moveAll(client: ImapFlow, uids: number[], folder: string): Promise<Moved> {
  const moved: Moved = { uidMap: new Map(), left: new Set() };
  let set = uidSet(uids);
  for (let attempt = 0; attempt < 2; attempt++) {
    await client.noop();
    const res = await client.messageMove(set, folder, { uid: true });
    if (res && res.uidMap) for (const [from, to] of res.uidMap) moved.uidMap.set(from, to);
    if (res && res.uidValidity !== undefined) moved.uidValidity = String(res.uidValidity);
    const left = await client.search({ uid: set }, { uid: true });
    if (left === false) throw new Error(`the server refused to search for UIDs ${set}`);
    if (!left || !left.length) return moved;
    left.sort((a, b) => a - b);
    moved.left = new Set(left);
    set = uidSet(left);
  }
  return moved;
}
