/**
 * `endorse extract FILE...`: the core on raw files, offline. One JSON line per file in input order;
 * a file that cannot be read or parsed still gets a line, with an error.
 */
import { readFile } from 'node:fs/promises';
import { analyzeMail } from '../mail/analyze';
import { parseMail } from '../mail/parse';
import { extractLine } from '../mail/report';
import type { AnalysisContext } from '../mail/types';
import { loadAppealProfile } from '../appeal/load';
import { AppealProfileError, appealEvidence, type AppealProfile } from '../appeal/profile';
import { environment } from './env';
import { UsageError } from './errors';

async function readInput(file: string): Promise<Buffer> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Our own addresses and the appeal profile, if one is configured (APPEAL_FILE or APPEAL_TITLE, read
 * as the worker reads them), so `extract` decides as the worker would; no other setting is needed.
 * @throws UsageError for a profile that cannot be read or is malformed (exit 2)
 */
function offlineContext(): AnalysisContext {
  const env = environment();
  let profile: AppealProfile | null = null;
  if (env.APPEAL_FILE?.trim() || env.APPEAL_TITLE?.trim()) {
    try {
      profile = loadAppealProfile(env);
    } catch (err) {
      if (err instanceof AppealProfileError) throw new UsageError(err.message);
      throw err;
    }
  }
  const addrs = [env.FROM_ADDRESS, env.IMAP_USER]
    .map((a) => (a ? (/<([^<>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase() : ''))
    .filter((a) => a.includes('@'))
    .concat(profile?.ownAddresses ?? []);
  const own = [...new Set(addrs)];
  return { ownAddresses: own, ownDomains: [...new Set(own.map((a) => a.split('@')[1]!))], ...(profile ? { appeal: appealEvidence(profile) } : {}) };
}

export async function extractCommand(files: string[]): Promise<void> {
  const ctx = offlineContext();
  let unreadable = 0;
  for (const file of files) {
    let line: object;
    try {
      const raw = await readInput(file);
      const mail = await parseMail(raw);
      line = extractLine(file, mail, analyzeMail(mail, ctx));
    } catch (err) {
      const reason = `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
      process.stderr.write(`endorse: ${reason}\n`);
      unreadable++;
      line = { file, messageId: null, kind: 'question', acknowledge: false, language: null, endorsements: [], reasons: [reason], error: reason };
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  if (unreadable) throw new Error(`${unreadable} of ${files.length} file(s) could not be read`);
}
