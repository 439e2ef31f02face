/**
 * The long-running worker's scheduled backup: every BACKUP_EVERY_MINUTES a new file in BACKUP_DIR,
 * the newest BACKUP_KEEP kept, each logged and the last one recorded where `endorse doctor` reads it.
 * Items are never deleted, so a backup holding fewer items than the one before means Redis lost
 * data: then no older backup is deleted, or an hour-by-hour rotation would replace the good backups
 * with empty ones before anyone noticed.
 */
import type Redis from 'ioredis';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log';
import { statusKey } from '../status/store';
import { backupFileName, listBackups, rotateBackups, writeBackupFile } from './files';
import { headerSchema } from './format';

/** The last scheduled backup, as recorded in the status hash. */
export interface BackupStatus {
  at: string;
  ok: boolean;
  file?: string;
  bytes?: number;
  items?: number;
  messages?: number;
  ms?: number;
  error?: string;
}

export interface BackupScheduleDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  dir: string;
  everyMinutes: number;
  keep: number;
  now?: () => Date;
}

/** The status hash field of the last backup. */
const FIELD = 'backup';

/** The last scheduled backup, or null when none ran. */
export async function readBackupStatus(redis: Redis, prefix: string): Promise<BackupStatus | null> {
  const raw = await redis.hget(statusKey(prefix), FIELD);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as BackupStatus;
  } catch {
    return null;
  }
}

/** The items count in a backup file's header, or null when it cannot be read. */
async function itemsIn(file: string): Promise<number | null> {
  const f = await open(file, 'r').catch(() => null);
  if (!f) return null;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await f.read(buf, 0, buf.length, 0);
    const h = headerSchema.safeParse(JSON.parse(buf.subarray(0, bytesRead).toString('utf8').split('\n')[0]!));
    return h.success ? h.data.counts.items : null;
  } catch {
    return null;
  } finally {
    await f.close();
  }
}

/** Write one backup now, rotate, log and record it; never throws (the status says what failed). */
export async function backupOnce(d: BackupScheduleDeps): Promise<BackupStatus> {
  const at = (d.now ?? (() => new Date()))();
  const started = Date.now();
  let status: BackupStatus;
  try {
    const previous = (await listBackups(d.dir, d.prefix)).at(-1);
    const r = await writeBackupFile(d.redis, d.prefix, join(d.dir, backupFileName(d.prefix, at)));
    status = { at: at.toISOString(), ok: true, file: r.file, bytes: r.bytes, items: r.counts.item, messages: r.counts.message, ms: Date.now() - started };
    const before = previous ? await itemsIn(previous) : null;
    if (before !== null && r.header.counts.items < before) {
      d.log.warn({ file: r.file, items: r.header.counts.items, previousItems: before, previous }, 'backup holds fewer items than the one before: Redis may have lost data; no backup deleted (restore with endorse restore)');
    } else {
      const deleted = await rotateBackups(d.dir, d.prefix, d.keep);
      d.log.info({ ...status, deleted: deleted.length }, 'backup written');
    }
  } catch (err) {
    status = { at: at.toISOString(), ok: false, error: (err as Error).message, ms: Date.now() - started };
    d.log.error({ err: status.error, dir: d.dir }, 'backup failed');
  }
  await d.redis.hset(statusKey(d.prefix), FIELD, JSON.stringify(status)).catch(() => undefined);
  return status;
}

/**
 * Back up every `everyMinutes` (the first one after one interval, so a worker restarting in a loop
 * does not churn through the rotation). Returns a stop function that waits for a backup under way.
 */
export function startScheduledBackup(d: BackupScheduleDeps): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => backupOnce(d));
  }, d.everyMinutes * 60_000);
  timer.unref();
  d.log.info({ dir: d.dir, everyMinutes: d.everyMinutes, keep: d.keep }, 'scheduled backups on');
  return async () => {
    clearInterval(timer);
    await running;
  };
}
