/**
 * The environment commands read: process.env with `.env` from the working directory beneath it (real
 * variables win). Its own module so that offline commands (`extract`) need not load the servers' code.
 */
import { config as loadDotenv } from 'dotenv';

export function environment(): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  loadDotenv({ processEnv: fromFile, quiet: true });
  return { ...fromFile, ...process.env };
}
