/**
 * The rebuild after a Redis reset, run before any reply may be sent: the reply states come back from
 * the Sent folder (one batched scan); every message in the folders we file into is taken in again
 * and recorded where it is now (one the store still has, known by its Message-ID from one batched
 * header fetch, only has what is due checked again; the others go through the ordinary intake job,
 * idempotent by message key); the watched folder's start record is put back as first chosen; and
 * the messages of the watched folder at or below its cursor that the store lacks are taken in again.
 * A cursor can stand above records Redis lost: the records were acknowledged and then lost (a
 * restart from a lagging AOF) while the cursor's move, sent later, reached the restarted server.
 * What lies above the cursor is the watcher's. Safe to interrupt and to repeat: every write is
 * idempotent. */
import type { ImapFlow } from 'imapflow';
import type Redis from 'ioredis';
import { closeConnection, openConnection, type ImapSettings } from '../intake/connection';
import { readCursor } from '../intake/cursor';
import { fetchBatch, fetchMetas } from '../intake/fetch-batch';
import { planBatches, uidSet, type PlanLimits } from '../intake/fetch-plan';
import { readStart, sinceDate, startKey, type StartRecord } from '../intake/start';
import type { FilingRequest } from '../intake/types';
import { afterRecorded, processIntake, type IntakeDeps } from '../jobs/intake';
import { rawKey, type IntakePayload } from '../jobs/queues';
import { messageKey, rawMessageId } from '../mail/key';
import { roleFolders, type FolderRole } from '../mailbox/folders';
import { replyKeys } from '../replies/keys';
import { findSentFolder, rebuiltRecord, scanSentFolder, type SentCopy, type SentFolderWhere } from '../replies/sent-scan';

/** What a rebuild did, for the log, the status store and the review page. */
export interface RebuildSummary {
  /** Messages taken in again, by folder path (the watched folder is left to the watcher). */
  folders: Record<string, number>;
  /** Of those, messages the store did not have. */
  created: number;
  /** Our replies found in the Sent folder, and the sent-records that were missing and written. */
  replies: number;
  repliesRebuilt: number;
  /** The Sent folder scanned, or null when there is none (SENT_FOLDER empty, or no such folder). */
  sentFolder: string | null;
  /**
   * How the watched folder is taken in again: the start record put back, and the messages at or below
   * its cursor that the store lacked, taken in again (`retaken`; `created` counts them too).
   */
  watched: { mailbox: string; start: StartRecord['mode']; top: number; retaken: number };
  /** Milliseconds the Sent scan took, and the whole rebuild. */
  sentScanMs: number;
  durationMs: number;
}

/** What the rebuild works with. */
export interface RebuildDeps {
  redis: Redis;
  prefix: string;
  imap: ImapSettings;
  /** The watched folder (IMAP_MAILBOX). */
  watched: string;
  /** The filing folders as configured; `junkByRole`: FOLDER_JUNK unset, the server's \Junk stands in. */
  folders: { endorsements: string; automated: string; junk: string };
  junkByRole: boolean;
  folderHints: Partial<Record<FolderRole, string>>;
  /** Where our replies' copies are, or null for no Sent folder. */
  sent: SentFolderWhere | null;
  /** The domains of our Message-IDs. */
  domains: readonly string[];
  /** The intake job's dependencies (the worker's own). */
  intake: IntakeDeps;
  limits: PlanLimits;
  /** How long staged bytes may wait (RAW_TTL_HOURS); the intake job releases them at once. */
  rawTtlSeconds: number;
  /** The watched folder's start record as remembered outside Redis, if any. */
  rememberedStart: StartRecord | null;
  /** When Redis was last known whole: a start record chosen after this was chosen by a watcher that did not know of the loss. */
  lastGood: number | null;
  /** The mailbox lease, held by the caller for the whole rebuild (the start record is fenced by it). */
  lease: { key: string; token: string };
  /** Intake jobs run at once. */
  concurrency?: number;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void };
}

/** Run the rebuild; see the module comment. */
export async function rebuild(deps: RebuildDeps): Promise<RebuildSummary> {
  const t0 = Date.now();
  const client = await openConnection(deps.imap, { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined }, { idle: false });
  try {
    const sent = await rebuildSentRecords(client, deps);
    const folders: Record<string, number> = {};
    let created = 0;
    for (const path of await filedFolders(client, deps)) {
      const r = await retakeFolder(client, path, deps);
      folders[path] = r.taken;
      created += r.created;
      deps.log.info({ folder: path, taken: r.taken, created: r.created }, 'rebuild: folder taken in again');
    }
    const start = await restoreStart(client, deps);
    const gaps = await retakeWatchedGaps(client, start, deps);
    created += gaps.created;
    const watched = { mailbox: deps.watched, start: start.mode, top: start.top, retaken: gaps.taken };
    await markSentStates(sent.copies, deps);
    return {
      folders, created, replies: sent.copies.length, repliesRebuilt: sent.written, sentFolder: sent.folder,
      watched, sentScanMs: sent.ms, durationMs: Date.now() - t0,
    };
  } finally {
    await closeConnection(client);
  }
}

/** Sent-records for every reply of ours in the Sent folder (SET NX: a record still there is kept). */
async function rebuildSentRecords(client: ImapFlow, deps: RebuildDeps): Promise<{ copies: SentCopy[]; written: number; folder: string | null; ms: number }> {
  const t0 = Date.now();
  const folder = deps.sent ? await findSentFolder(client, deps.sent) : null;
  if (!folder) return { copies: [], written: 0, folder: null, ms: 0 };
  const copies = await scanSentFolder(client, folder, deps.domains);
  const keys = replyKeys(deps.prefix);
  let written = 0;
  for (let i = 0; i < copies.length; i += 1000) {
    const pipe = deps.redis.pipeline();
    for (const c of copies.slice(i, i + 1000)) pipe.set(keys.sent(c.type, c.id), JSON.stringify(rebuiltRecord(c)), 'NX');
    for (const [err, res] of (await pipe.exec()) ?? []) {
      if (err) throw err;
      if (res === 'OK') written++;
    }
  }
  const ms = Date.now() - t0;
  deps.log.info({ folder, replies: copies.length, written, ms }, 'rebuild: reply states read from the Sent folder');
  return { copies, written, folder, ms };
}

/** The folders we file into that exist on the server (never created here), without the watched one. */
async function filedFolders(client: ImapFlow, deps: RebuildDeps): Promise<string[]> {
  const listed = await client.list({ specialUseHints: deps.folderHints });
  const roles = roleFolders(listed);
  const paths = new Set(listed.map((f) => f.path));
  const ns = client.namespace?.prefix ?? '';
  const at = (name: string) => (paths.has(name) ? name : ns && paths.has(ns + name) ? ns + name : null);
  const f = deps.folders;
  const found = [at(f.endorsements), at(f.automated), (deps.junkByRole ? roles.junk : undefined) ?? at(f.junk)];
  const watched = at(deps.watched) ?? deps.watched;
  return [...new Set(found.filter((p): p is string => p !== null && p !== undefined && p.toUpperCase() !== 'INBOX' && p !== watched))];
}

/**
 * Take every message of `path` in again: fetched as the watcher fetches (planned batches, BODY.PEEK),
 * staged, and run through the intake job; each is then recorded as filed where it is, so no move is
 * requested (a record that already says so is left alone).
 */
async function retakeFolder(client: ImapFlow, path: string, deps: RebuildDeps): Promise<{ taken: number; created: number }> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : '');
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    return await retakeFiled(client, path, uidValidity, uids, deps);
  } finally {
    lock.release();
  }
}

/**
 * Take in again the messages of the watched folder, at or below its cursor, that the store lacks (by
 * the key their Message-ID gives; one without is taken again, the intake job knows it if stored).
 * Mail the start record leaves out (`now`, or older than `since`) is left out again. They are taken
 * in as the watcher would: filed later, replies decided as for new mail.
 */
async function retakeWatchedGaps(client: ImapFlow, start: StartRecord, deps: RebuildDeps): Promise<{ taken: number; created: number }> {
  const lock = await client.getMailboxLock(deps.watched, { readOnly: true });
  try {
    const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : '');
    const cursor = await readCursor(deps.redis, deps.prefix, deps.watched, uidValidity);
    if (cursor <= 0) return { taken: 0, created: 0 };
    let uids = (await client.search({ uid: `1:${cursor}` }, { uid: true })) || [];
    if (start.uidValidity === uidValidity && (start.mode === 'now' || start.mode === 'since') && start.top > 0) {
      const kept = start.mode === 'since'
        ? new Set((await client.search({ uid: `1:${start.top}`, since: sinceDate(start.since!) }, { uid: true })) || [])
        : new Set<number>();
      uids = uids.filter((u) => u > start.top || kept.has(u));
    }
    const { unknown } = await sortByStore(client, uids, deps);
    if (!unknown.length) return { taken: 0, created: 0 };
    const r = await fetchAndTake(client, deps.watched, uidValidity, unknown, deps, { filedHere: false });
    deps.log.warn({ folder: deps.watched, cursor, taken: r.taken, created: r.created },
      'rebuild: messages below the cursor that Redis lost were taken in again');
    return r;
  } finally {
    lock.release();
  }
}

/**
 * The UIDs of the selected folder whose message the store has (`known`, with its key, by the key its
 * Message-ID gives: one header fetch per thousand), and the rest (`unknown`, in UID order: not in
 * the store, or without a Message-ID, whose key only their bytes give).
 */
async function sortByStore(client: ImapFlow, uids: readonly number[], deps: RebuildDeps): Promise<{ known: [string, number][]; unknown: number[] }> {
  const keyed = new Map<string, number>();
  const unknown: number[] = [];
  for (let i = 0; i < uids.length; i += 1000) {
    for await (const m of client.fetch(uidSet(uids.slice(i, i + 1000)), { uid: true, headers: ['message-id'] }, { uid: true })) {
      const id = m.headers ? rawMessageId(Buffer.concat([m.headers, Buffer.from('\r\n')])) : null;
      if (id) keyed.set(messageKey(id, Buffer.alloc(0)), m.uid);
      else unknown.push(m.uid);
    }
  }
  const missing = new Set(await deps.intake.store.missingMessages([...keyed.keys()]));
  for (const key of missing) unknown.push(keyed.get(key)!);
  return { known: [...keyed].filter(([key]) => !missing.has(key)), unknown: unknown.sort((a, b) => a - b) };
}

/**
 * Take `uids` of the selected filed folder `path` in again, each recorded as filed there. Those the
 * store has (by Message-ID) only get what is due checked again (their reply job, their place in the
 * questions inbox), as the intake job does for a message it already has; the rest are fetched,
 * staged and run through the intake job.
 */
async function retakeFiled(
  client: ImapFlow, path: string, uidValidity: string, uids: readonly number[], deps: RebuildDeps,
): Promise<{ taken: number; created: number }> {
  const store = deps.intake.store;
  const filing = store.filingSource();
  const { known, unknown } = await sortByStore(client, uids, deps);
  for (let i = 0; i < known.length; i += 1000) {
    const placed: FilingRequest[] = [];
    await eachLimited(known.slice(i, i + 1000), deps.concurrency ?? 4, async ([key, uid]) => {
      const rec = await store.getMessage(key);
      if (!rec) return; // removed since the check: the next rebuild takes it in
      await afterRecorded(rec, deps.intake);
      if (rec.folder !== path) placed.push({ key, mailbox: path, uidValidity, uid, folder: path });
    });
    if (placed.length) await filing.done(placed);
  }
  const fetched = await fetchAndTake(client, path, uidValidity, unknown, deps, { filedHere: true });
  return { taken: known.length + fetched.taken, created: fetched.created };
}

/** Fetch, stage and run `uids` of the selected folder `path` through the intake job. */
async function fetchAndTake(
  client: ImapFlow, path: string, uidValidity: string, uids: readonly number[], deps: RebuildDeps, opts: { filedHere: boolean },
): Promise<{ taken: number; created: number }> {
  let taken = 0;
  let created = 0;
  const filing = deps.intake.store.filingSource();
  for (let i = 0; i < uids.length; i += 1000) {
    for (const batch of planBatches(await fetchMetas(client, uids.slice(i, i + 1000)), deps.limits)) {
      const messages = await fetchBatch(client, batch, { mailbox: path, uidValidity });
      const pipe = deps.redis.pipeline();
      for (const m of messages) pipe.set(rawKey(deps.prefix, m.key), m.raw, 'EX', deps.rawTtlSeconds, 'NX');
      for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
      const placed: FilingRequest[] = [];
      await eachLimited(messages, deps.concurrency ?? 4, async (m) => {
        const job: IntakePayload = {
          key: m.key, mailbox: path, uidValidity, uid: m.uid, size: m.size, receivedAt: m.receivedAt.toISOString(), oversized: m.oversized,
        };
        if ((await processIntake(job, deps.intake)) === 'created') created++;
        if (!opts.filedHere) return;
        const rec = await deps.intake.store.getMessage(m.key);
        if (rec && rec.folder !== path) placed.push({ key: m.key, mailbox: path, uidValidity, uid: m.uid, folder: path });
      });
      if (placed.length) await filing.done(placed);
      taken += messages.length;
    }
  }
  return { taken, created };
}

/** Run `fn` over `items`, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Records taken in again show the replies that were sent (records not in the store yet are skipped). */
async function markSentStates(copies: readonly SentCopy[], deps: RebuildDeps): Promise<void> {
  const store = deps.intake.store;
  await eachLimited(copies, 8, async (c) => {
    if (c.type === 'acknowledgement') {
      const rec = await store.getMessage(c.id);
      if (rec && rec.reply !== 'sent') await store.setReply(c.id, 'sent');
    } else if (c.type === 'confirmation' || c.type === 'withdrawal') {
      const item = await store.getItem(c.id);
      if (item && item.reply !== 'sent') await store.setItemReply(c.id, 'sent');
    }
  });
}

// Written only by the lease holder; replaces a record a watcher chose after the loss.
const PUT_START = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1`;

/**
 * Put the watched folder's start record back: the remembered one when it is for the current
 * UIDVALIDITY, else one that takes the whole folder (never a new `now`, which would skip mail not
 * yet taken in). A record in Redis chosen before the loss is kept.
 */
async function restoreStart(client: ImapFlow, deps: RebuildDeps): Promise<StartRecord> {
  const status = await client.status(deps.watched, { uidValidity: true, uidNext: true });
  if (!status) throw new Error(`STATUS of the watched folder "${deps.watched}" failed`);
  const uidValidity = String(status.uidValidity ?? '');
  const current = await readStart(deps.redis, deps.prefix, deps.watched);
  const chosenBefore = current && (deps.lastGood === null || Date.parse(current.at) <= deps.lastGood);
  let rec: StartRecord;
  if (current && chosenBefore) rec = current;
  else if (deps.rememberedStart && deps.rememberedStart.uidValidity === uidValidity) rec = deps.rememberedStart;
  else rec = { mode: 'all', uidValidity, top: Math.max(0, Number(status.uidNext ?? 1) - 1), at: new Date().toISOString() };
  if (rec !== current) {
    const ok = await deps.redis.eval(PUT_START, 2, deps.lease.key, startKey(deps.prefix, deps.watched), deps.lease.token, JSON.stringify(rec));
    if (ok !== 1) throw new Error('the mailbox lease was lost during the rebuild');
    deps.log.info({ mailbox: deps.watched, start: rec.mode, top: rec.top }, 'rebuild: the watched folder is taken in again from its start');
  }
  return rec;
}
