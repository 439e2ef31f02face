/**
 * What `npm run eval` and `npm run eval:extract` share: where the repository and the labelled corpora
 * are (the project's dev and dev2, or each `--corpus DIR`), their labels and message files, and how a
 * share is printed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadAppealProfile } from '../src/appeal/load';
import { appealEvidence } from '../src/appeal/profile';
import type { AnalysisContext } from '../src/mail/types';
import type { DevLabel } from './eval-score';

/** The repository root, from src or from dist. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** "97.9% (94/96)", or "n/a" for an empty denominator. */
export function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}% (${n}/${d})` : 'n/a';
}

/** The labelled corpora: each `--corpus DIR` in `argv` (a folder with labels.json), else dev and dev2. */
export function corpora(argv: readonly string[] = process.argv): Array<{ name: string; dir: string }> {
  const given: Array<{ name: string; dir: string }> = [];
  argv.forEach((a, i) => {
    const dir = argv[i + 1];
    if (a === '--corpus' && dir) given.push({ name: dir, dir: resolve(dir) });
  });
  if (given.length) return given;
  const root = repoRoot();
  return [
    { name: 'dev', dir: join(root, 'test/fixtures/corpus') },
    { name: 'dev2', dir: join(root, 'test/fixtures/corpus-dev2') },
  ];
}

/** The folder holding a corpus's `.eml` files: its `messages/` when there is one, else itself. */
export function messagesDir(dir: string): string {
  const inner = join(dir, 'messages');
  return existsSync(inner) ? inner : dir;
}

/** Every `.eml` file of a corpus, sorted. */
export function messagesOf(dir: string): string[] {
  const base = messagesDir(dir);
  return readdirSync(base).filter((f) => f.endsWith('.eml')).sort().map((f) => join(base, f));
}

/** A corpus's labels.json. */
export function labelsOf(dir: string): DevLabel[] {
  return JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as DevLabel[];
}

/** The shipped appeal profile: its titles and short names are evidence understanding uses. */
export const PROFILE = loadAppealProfile({ APPEAL_FILE: join(repoRoot(), 'profiles/peace-for-ukraine.json') });
/** What the worker passes the core for the shipped profile's mailbox. */
export const CTX: AnalysisContext = { ownAddresses: ['info@ukraine-solidarity.eu'], ownDomains: ['ukraine-solidarity.eu'], appeal: appealEvidence(PROFILE) };
