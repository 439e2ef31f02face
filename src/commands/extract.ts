/**
 * `endorse extract FILE...`: the core on raw files, offline. One JSON line per file in input order;
 * a file that cannot be read or parsed still gets a line, with an error.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { analyzeMail } from '../mail/analyze';
import { parseMail } from '../mail/parse';
import { extractLine } from '../mail/report';
import type { AnalysisContext } from '../mail/types';
import { environment } from './env';

async function readInput(file: string): Promise<Buffer> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The appeal's titles and names from a JSON profile (`APPEAL_FILE`), as evidence for understanding; none without one. */
function appealEvidence(file: string | undefined): AnalysisContext['appeal'] {
  if (!file || !file.endsWith('.json')) return undefined;
  const p = JSON.parse(readFileSync(file, 'utf8')) as { titles?: Record<string, string>; shortNames?: string[]; keywords?: string[] };
  return { titles: Object.values(p.titles ?? {}), keywords: [...(p.shortNames ?? []), ...(p.keywords ?? [])] };
}

/** Our own addresses and the appeal profile, if configured, so `extract` decides as the worker would; no other config needed. */
function offlineContext(): AnalysisContext {
  const env = environment();
  const addrs = [env.FROM_ADDRESS, env.IMAP_USER]
    .map((a) => (a ? (/<([^<>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase() : ''))
    .filter((a) => a.includes('@'));
  const appeal = appealEvidence(env.APPEAL_FILE);
  return { ownAddresses: addrs, ownDomains: [...new Set(addrs.map((a) => a.split('@')[1]!))], ...(appeal ? { appeal } : {}) };
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
