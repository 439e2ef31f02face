/**
 * The refresh token on disk: `endorse auth` writes it, the worker reads it, and writes it again when
 * the provider rotates it (Microsoft issues a new one with each refresh; the old one ages out).
 * Owner-only (0600), written to a temporary file and renamed, so a crash never leaves half a token.
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** The token in `path`, without surrounding whitespace. */
export function readRefreshToken(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** Replace the file's content with `token`, readable by its owner only. */
export function writeRefreshToken(path: string, token: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
