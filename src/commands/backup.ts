/**
 * `endorse backup [--out FILE]` and `endorse restore FILE [--force] [--other-prefix]`: the organisers'
 * decisions and everything else Redis holds that matters, to a JSON-lines file and back (src/backup).
 * Data goes where asked, the summary to standard error.
 */
import { access, constants, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dumpBackup } from '../backup/dump';
import { backupFileName, writeBackupFile } from '../backup/files';
import type { BackupHeader, Counts } from '../backup/format';
import { BackupPrefixError, checkRestorable, restoreBackup } from '../backup/restore';
import { startScheduledBackup } from '../backup/schedule';
import type { Container } from '../container';
import { readConfig, UsageError, withContainer } from './context';

const NAMES: Record<keyof Counts, string> = { message: 'messages', item: 'items', inbox: 'questions', key: 'other keys' };

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);

/**
 * Write a backup: to standard output (CONTRACT.md) without --out or with `--out -`; to FILE
 * atomically with mode 0600; into a folder (an existing one, or a name ending in /) as a new
 * timestamped file, as the scheduled backups are named.
 */
export async function backupCommand(opts: { out?: string }): Promise<void> {
  const file = opts.out === undefined || opts.out === '-' ? null : await target(opts.out);
  await withContainer(async (c) => {
    const prefix = c.config.QUEUE_PREFIX;
    const started = Date.now();
    const path = file?.dir ? join(file.dir, backupFileName(prefix, new Date())) : file?.path;
    const r = path ? await writeBackupFile(c.redis, prefix, path) : await dumpBackup(c.redis, prefix, process.stdout);
    const what = (Object.keys(NAMES) as (keyof Counts)[]).map((t) => `${r.counts[t]} ${NAMES[t]}`).join(', ');
    process.stderr.write(`backup of prefix "${prefix}": ${what}; ${size(r.bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s${path ? ` → ${path}` : ''}\n`);
  });
}

/** `--out`: a folder (existing, or named with a trailing /) or a file. */
async function target(out: string): Promise<{ dir?: string; path?: string }> {
  if (out.endsWith('/')) return { dir: out };
  const st = await stat(out).catch(() => null);
  return st?.isDirectory() ? { dir: out } : { path: out };
}

/** Restore FILE (see src/backup/restore.ts for what wins where) and print what it did. */
export async function restoreCommand(file: string, opts: { force?: boolean; otherPrefix?: boolean }): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let header: BackupHeader;
  try {
    header = await checkRestorable(file, readConfig().QUEUE_PREFIX, opts);
  } catch (err) {
    if (err instanceof BackupPrefixError) throw new UsageError(err.message);
    throw err;
  }
  await withContainer(async (c) => {
    const r = await restoreBackup(c.redis, c.config.QUEUE_PREFIX, file, opts, header);
    process.stderr.write(`restored ${file} (prefix "${r.header.prefix}", made ${r.header.createdAt}) into prefix "${c.config.QUEUE_PREFIX}":\n`);
    for (const t of Object.keys(NAMES) as (keyof Counts)[]) {
      process.stderr.write(`  ${NAMES[t]}: ${r.added[t]} added, ${r.replaced[t]} replaced, ${r.kept[t]} kept${t === 'item' ? ' (the higher version wins)' : ''}\n`);
    }
    if (r.merged || r.expired) process.stderr.write(`  ${r.merged} indexes gained missing entries; ${r.expired} keys had expired since the backup and were left out\n`);
    process.stderr.write('Start the worker: its start-up repair queues the replies still owed; a reply whose sent-record came back is not sent again.\n');
  });
}

/** The long-running worker's scheduled backups, when BACKUP_DIR and BACKUP_EVERY_MINUTES say so; returns a stop function. */
export function startBackups(c: Container): () => Promise<void> {
  const { BACKUP_DIR: dir, BACKUP_EVERY_MINUTES: everyMinutes, BACKUP_KEEP: keep, QUEUE_PREFIX: prefix } = c.config;
  if (!dir || everyMinutes === 0) return async () => undefined;
  return startScheduledBackup({ redis: c.redis, prefix, log: c.log, dir, everyMinutes, keep });
}
