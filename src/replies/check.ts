/**
 * Checks every reply template in every language: it must render with the sample variables, and name
 * no variable the reply service does not pass. The second check reads the template's syntax tree,
 * because Handlebars' strict mode does not see a variable used only inside `{{#if}}`.
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleVars } from './samples';
import { REPLY_TYPES, renderReply, templateFile, templateLanguages, type ReplyType, type TemplateDirs } from './templates';

export { REPLY_TYPES };
const PARTS = ['subject', 'text', 'html'] as const;
const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

type Node = { type: string; [k: string]: unknown };

/** The top-level variable names a template uses (paths like `a.b` count as `a`; `this` and `@data` excluded). */
export function templateVariables(source: string): string[] {
  const names = new Set<string>();
  const path = (p: unknown, isHelper: boolean) => {
    const n = p as { type?: string; parts?: string[]; data?: boolean; original?: string };
    if (n?.type !== 'PathExpression' || n.data || !n.parts?.length) return visit(p);
    if (isHelper && BUILT_IN_HELPERS.has(n.original ?? '')) return;
    names.add(n.parts[0]!);
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    switch (n.type) {
      case 'Program':
        for (const s of n.body as Node[]) visit(s);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const params = (n.params as unknown[]) ?? [];
        const pairs = ((n.hash as { pairs?: { value: unknown }[] } | undefined)?.pairs ?? []).map((p) => p.value);
        path(n.path, params.length > 0 || pairs.length > 0 || n.type === 'BlockStatement');
        for (const p of [...params, ...pairs]) path(p, false);
        visit(n.program);
        visit(n.inverse);
        return;
      }
      default:
        return;
    }
  };
  visit(Handlebars.parse(source));
  return [...names].sort();
}

/** One problem found by checkTemplates, for a person to fix. */
export interface TemplateProblem {
  type: ReplyType;
  language: string;
  problem: string;
}

/** `<lang>.<part>.hbs` files of a folder whose language lacks a subject or a text part: they would be ignored. */
function orphanParts(dir: string, type: ReplyType): TemplateProblem[] {
  const folder = join(dir, type);
  if (!existsSync(folder)) return [];
  const langs = new Set<string>();
  for (const f of readdirSync(folder)) {
    const m = /^(.+)\.(subject|text|html)\.hbs$/.exec(f);
    if (m) langs.add(m[1]!);
  }
  const problems: TemplateProblem[] = [];
  for (const language of [...langs].sort()) {
    const missing = (['subject', 'text'] as const).filter((p) => !existsSync(templateFile(dir, type, language, p)));
    if (missing.length) problems.push({ type, language, problem: `missing part(s) in ${folder}: ${missing.map((p) => `${language}.${p}.hbs`).join(', ')}` });
  }
  return problems;
}

/**
 * Render every template of every type in every language with sample data and list what is wrong:
 * a missing English template, a language with a subject but no text (or the other way round), a
 * variable the service does not pass, a template that fails to parse or render. With several folders
 * (the organisers' own before ours), each folder's files are checked.
 */
export function checkTemplates(templatesDir: TemplateDirs): TemplateProblem[] {
  const dirs = typeof templatesDir === 'string' ? [templatesDir] : templatesDir;
  const problems: TemplateProblem[] = [];
  for (const type of REPLY_TYPES) {
    const vars = sampleVars(type);
    const langs = templateLanguages(type, dirs);
    if (!langs.includes('en')) problems.push({ type, language: 'en', problem: 'missing: English is the fallback and must exist' });
    for (const dir of dirs) problems.push(...orphanParts(dir, type));
    for (const language of langs) {
      for (const dir of dirs) {
        for (const part of PARTS) {
          const file = templateFile(dir, type, language, part);
          if (!existsSync(file)) continue;
          try {
            const unknown = templateVariables(readFileSync(file, 'utf8')).filter((v) => !(v in vars));
            if (unknown.length) problems.push({ type, language, problem: `${part} names unknown variable(s): ${unknown.join(', ')}` });
          } catch (err) {
            problems.push({ type, language, problem: `${part} does not parse: ${(err as Error).message}` });
          }
        }
      }
      try {
        renderReply(type, language, vars, dirs);
      } catch (err) {
        problems.push({ type, language, problem: `does not render: ${(err as Error).message}` });
      }
    }
  }
  return problems;
}
