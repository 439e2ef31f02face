/**
 * What the worker remembers of Redis outside Redis (STATE_DIR): the epoch it last saw, the highest
 * checkpoint Redis acknowledged, and the watched folder's start record. A fresh process compares it
 * with Redis to tell a Redis that lost state from one that kept it; the start record lets a rebuild
 * apply INTAKE_START exactly as it was first chosen. Written atomically (temp file, then rename).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StartRecord } from '../intake/start';

/** The state file's contents. */
export interface RememberedState {
  epoch: string;
  checkpoint: number;
  /** The watched folder's start record as it was in Redis, once one was seen. */
  start?: StartRecord;
  /** ISO time of the write. */
  at: string;
}

/** The state file of one appeal (QUEUE_PREFIX), in `dir`. */
export function stateFile(dir: string, prefix: string): string {
  return join(dir, `epoch-${prefix.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

/** The remembered state, or null when there is no (readable) file. */
export async function readState(file: string): Promise<RememberedState | null> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as RememberedState;
    return typeof v.epoch === 'string' && typeof v.checkpoint === 'number' ? v : null;
  } catch {
    return null;
  }
}

/** Replace the state file (creating its folder). */
export async function writeState(file: string, state: RememberedState): Promise<void> {
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
