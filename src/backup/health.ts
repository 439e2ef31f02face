/**
 * What `endorse doctor` says about backups: when the last scheduled one was written, and whether it
 * failed or is overdue. A pure function of the settings and the recorded status, so it is tested
 * without a worker.
 */
import type { CheckOutcome } from '../status/probe';
import type { BackupStatus } from './schedule';

/** Settings that matter here. */
export interface BackupSettings {
  BACKUP_DIR?: string;
  BACKUP_EVERY_MINUTES: number;
}

/**
 * The doctor's line about backups, or null when none are configured and none were ever recorded
 * (nothing to say: the README's Operations section recommends them).
 */
export function describeBackups(s: BackupSettings, last: BackupStatus | null, now = new Date()): CheckOutcome | null {
  const on = Boolean(s.BACKUP_DIR) && s.BACKUP_EVERY_MINUTES > 0;
  if (!on && !last) return null;
  if (!on) return { result: 'warn', detail: `scheduled backups are off (BACKUP_DIR unset or BACKUP_EVERY_MINUTES=0); the last one was at ${last!.at}`, advice: 'set BACKUP_DIR so the worker keeps backing up the organisers\' decisions' };
  if (!last) return { result: 'ok', detail: `every ${s.BACKUP_EVERY_MINUTES} min into ${s.BACKUP_DIR}; none written yet (the first comes one interval after the worker starts)` };
  if (!last.ok) return { result: 'FAIL', detail: `the last backup, at ${last.at}, failed: ${last.error ?? 'unknown error'}`, advice: `check that ${s.BACKUP_DIR} exists, is writable and has room` };
  const ageMin = (now.getTime() - Date.parse(last.at)) / 60_000;
  const detail = `last backup at ${last.at} (${last.items ?? 0} items, ${last.messages ?? 0} messages) → ${last.file ?? '?'}`;
  if (ageMin > 2 * s.BACKUP_EVERY_MINUTES + 5) return { result: 'warn', detail: `${detail}: ${Math.round(ageMin)} min ago, overdue`, advice: 'is the worker running? It writes a backup every BACKUP_EVERY_MINUTES' };
  return { result: 'ok', detail };
}
