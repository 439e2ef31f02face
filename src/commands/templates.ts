/**
 * `endorse templates check`: renders every reply template in every language with sample data, so an
 * organiser who edits or adds templates (TEMPLATES_DIR) learns about a typo before a sender does.
 * Needs no server and no other setting. Problems go to standard error and the exit code is 1.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config';
import { replyTemplateDirs } from '../container';
import { checkTemplates } from '../replies/check';
import { REPLY_TYPES, templateLanguages } from '../replies/templates';
import { environment } from './context';

/** One template problem or more: the command's runtime failure (exit code 1). */
export class TemplateCheckError extends Error {
  override name = 'TemplateCheckError';
}

/**
 * Check the templates: ours, under the organisers' own folder when TEMPLATES_DIR names one.
 * Prints the languages of each reply type on standard output.
 * @throws ConfigError when TEMPLATES_DIR is not a folder; TemplateCheckError naming the count of problems.
 */
export async function templatesCheckCommand(env: Record<string, string | undefined> = environment()): Promise<void> {
  const own = env.TEMPLATES_DIR?.trim() || undefined;
  if (own && !(existsSync(own) && statSync(own).isDirectory())) throw new ConfigError(`TEMPLATES_DIR must be a folder that exists (${resolve(own)} is not)`);
  const dirs = replyTemplateDirs(own);
  const problems = checkTemplates(dirs);
  for (const p of problems) process.stderr.write(`${p.type}/${p.language}: ${p.problem}\n`);
  for (const type of REPLY_TYPES) {
    const langs = templateLanguages(type, dirs);
    process.stdout.write(`${type}: ${langs.length} language(s): ${langs.join(' ')}\n`);
  }
  if (problems.length) throw new TemplateCheckError(`${problems.length} template problem(s) in ${dirs.join(', ')}`);
}
