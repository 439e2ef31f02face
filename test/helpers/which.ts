/** Find a system binary, or fail with what to install. */
import { accessSync, constants } from 'node:fs';

export function which(bin: string, install: string, extra: string[] = ['/usr/sbin', '/usr/local/sbin']): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extra];
  for (const d of dirs) {
    try {
      accessSync(`${d}/${bin}`, constants.X_OK);
      return `${d}/${bin}`;
    } catch {
      /* next */
    }
  }
  throw new Error(`${bin} not found: ${install} (or run the services with docker-compose.yml)`);
}
