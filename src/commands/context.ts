/**
 * What every command that needs the servers shares: the environment (with `.env`), the validated
 * config, a logger and the container, built once per run and closed at the end.
 */
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config';
import { createContainer, type Container } from '../container';
import { createLogger } from '../log';
import { environment } from './env';

export { environment };

export { UsageError } from './errors';

export function readConfig(): Config {
  return loadConfig(environment());
}

/** Build the container, run `fn`, and always close it. */
export async function withContainer<T>(fn: (c: Container) => Promise<T>): Promise<T> {
  const config = readConfig();
  const c = createContainer(config, createLogger(config.LOG_LEVEL));
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** Who is acting, for history entries: `--by`, else the OS user. */
export function actor(by?: string): string {
  if (by && by.trim()) return by.trim();
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
