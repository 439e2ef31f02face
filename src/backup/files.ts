/**
 * Backup files on disk: written whole or not at all (a temporary file, fsync, rename), readable by
 * the owner only (they hold password hashes and the reply secret), named by prefix and time so the
 * newest sort last, and rotated to the newest N.
 */
import type Redis from 'ioredis';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dumpBackup, type DumpResult } from './dump';

/** Owner read and write only. */
export const BACKUP_MODE = 0o600;

/** `endorse-<prefix>-<UTC time>.jsonl`; the time sorts as text. */
export function backupFileName(prefix: string, at: Date): string {
  return `endorse-${prefix}-${at.toISOString().replace(/[-:]/g, '').replace('.', '')}.jsonl`;
}

/** The backup files of `prefix` in `dir`, oldest first. */
export async function listBackups(dir: string, prefix: string): Promise<string[]> {
  const head = `endorse-${prefix}-`;
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  return names.filter((n) => n.startsWith(head) && /^\d{8}T\d{9}Z\.jsonl$/.test(n.slice(head.length))).sort().map((n) => join(dir, n));
}

/**
 * Write a backup of `prefix` to `file`: into a temporary file beside it (mode 0600), flushed to
 * disk, then renamed over `file`, so `file` is always a complete backup or absent.
 */
export async function writeBackupFile(redis: Redis, prefix: string, file: string): Promise<DumpResult & { file: string }> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp, { flags: 'wx', mode: BACKUP_MODE });
  try {
    await once(out, 'open');
    const result = await dumpBackup(redis, prefix, out);
    out.end();
    await once(out, 'close');
    await fsyncPath(tmp);
    await rename(tmp, file);
    // The rename itself survives a power loss only once the folder is flushed.
    await fsyncPath(dirname(file));
    return { ...result, file };
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

async function fsyncPath(path: string): Promise<void> {
  const h = await open(path, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** A temporary file older than this was left by a write that crashed: it is deleted with the rotation. */
const STALE_TMP_MS = 3600_000;

/**
 * Delete all but the newest `keep` backups of `prefix` in `dir`, and temporary files a crashed
 * write left behind; returns the backups deleted.
 */
export async function rotateBackups(dir: string, prefix: string, keep: number): Promise<string[]> {
  const files = await listBackups(dir, prefix);
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) await rm(f, { force: true });
  const head = `.endorse-${prefix}-`;
  for (const n of await readdir(dir)) {
    if (!n.startsWith(head) || !n.endsWith('.tmp')) continue;
    const st = await stat(join(dir, n)).catch(() => null);
    if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) await rm(join(dir, n), { force: true });
  }
  return old;
}
