/**
 * Reply templates on disk: `<dir>/<type>/<lang>.subject.hbs`, `.text.hbs`, `.html.hbs`, rendered with
 * Handlebars. Several folders may be given (the organisers' own first, ours last): per language the
 * first folder that has it wins, so organisers override or add a language by adding files; a missing
 * language falls back to the one the appeal profile names for it, else English. Strict mode makes a template naming an unknown variable fail.
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The reply types the program sends (one folder each under templates/replies), and `answer`: an
 * organiser's own words, sent as written, so it has no template.
 */
export type ReplyType = 'acknowledgement' | 'confirmation' | 'withdrawal' | 'needs-information' | 'answer';

/** Every reply type, in the order `templates check` reports them. */
export const REPLY_TYPES: readonly ReplyType[] = ['acknowledgement', 'confirmation', 'withdrawal', 'needs-information'];

/** One template folder, or several searched in order (the organisers' own before ours). */
export type TemplateDirs = string | readonly string[];

const dirList = (dirs: TemplateDirs): readonly string[] => (typeof dirs === 'string' ? [dirs] : dirs);

/** A rendered reply; `language` is the template's language (for Content-Language). */
export interface RenderedReply {
  language: string;
  subject: string;
  text: string;
  html: string;
}

/** No template for this type, not even in English. */
export class TemplateNotFoundError extends Error {
  override name = 'TemplateNotFoundError';
}

export const FALLBACK_LANGUAGE = 'en';

// A private instance: helpers or partials registered elsewhere cannot change what replies say.
const hbs = Handlebars.create();
const cache = new Map<string, { mtimeMs: number; fn: Handlebars.TemplateDelegate }>();

function compiled(path: string, html: boolean): Handlebars.TemplateDelegate {
  const mtimeMs = statSync(path).mtimeMs;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.fn;
  // Subject and plain text are not HTML: escaping there would turn "AT&T" into "AT&amp;T".
  const fn = hbs.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: !html });
  cache.set(path, { mtimeMs, fn });
  return fn;
}

/** Languages whose detected code differs from the template folder's: Bokmål and Nynorsk read Norwegian (`no`). */
const BUILT_IN_FALLBACKS: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };

/** Per language without templates, the language to reply in instead (e.g. `lb: de`), from the appeal profile. */
export type LanguageFallbacks = Readonly<Record<string, string>>;

/**
 * Candidate template languages for a detected language: `pt-BR` -> `pt-br`, `pt`, then the fallback
 * the profile names for either (else a built-in one), then English.
 */
function candidates(language: string | null | undefined, fallbacks: LanguageFallbacks): string[] {
  const tag = (language ?? '').trim().toLowerCase().replace(/_/g, '-');
  const own = tag ? [tag, tag.split('-')[0]!] : [];
  const out = [...own];
  for (const l of own) {
    const instead = Object.hasOwn(fallbacks, l) ? fallbacks[l] : Object.hasOwn(BUILT_IN_FALLBACKS, l) ? BUILT_IN_FALLBACKS[l] : undefined;
    if (instead) out.push(instead.toLowerCase());
  }
  out.push(FALLBACK_LANGUAGE);
  return [...new Set(out)].filter((l) => /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/.test(l));
}

/** Path of one part (`subject`, `text`, `html`) of one template. */
export const templateFile = (dir: string, type: string, lang: string, name: string) => join(dir, type, `${lang}.${name}.hbs`);
const part = templateFile;

/** The languages that have a template of this type in any of the folders (a subject and a text part at least), sorted. */
export function templateLanguages(type: ReplyType, templatesDir: TemplateDirs): string[] {
  const langs = new Set<string>();
  for (const dir of dirList(templatesDir)) {
    const folder = join(dir, type);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder)) {
      const l = /^(.+)\.subject\.hbs$/.exec(f)?.[1];
      if (l && existsSync(part(dir, type, l, 'text'))) langs.add(l);
    }
  }
  return [...langs].sort();
}

/** The template a reply in `language` uses: the first candidate language that has one, and its folder. */
function templateFor(type: ReplyType, language: string | null, dirs: readonly string[], fallbacks: LanguageFallbacks): { lang: string; dir: string } | undefined {
  for (const l of candidates(language, fallbacks)) {
    const dir = dirs.find((d) => existsSync(part(d, type, l, 'subject')) && existsSync(part(d, type, l, 'text')));
    if (dir) return { lang: l, dir };
  }
  return undefined;
}

/** The language a reply of this type to mail in `language` is written in (null: no template at all). */
export function replyLanguage(type: ReplyType, language: string | null, templatesDir: TemplateDirs, fallbacks: LanguageFallbacks = {}): string | null {
  return templateFor(type, language, dirList(templatesDir), fallbacks)?.lang ?? null;
}

/** A plain-text body as HTML, for a language whose folder has no `.html.hbs` (and for an organiser's answer). */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${Handlebars.escapeExpression(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n') + '\n';
}

/**
 * Render one reply in the best available language: the detected one, its base language, the
 * fallback named for it, else English. Every variable a template names must be in `vars` (use null
 * for "absent"); `vars` may be a function of the chosen language, for words that depend on it (the
 * appeal's title, a country's name).
 * @throws TemplateNotFoundError when not even the English template exists; Handlebars errors on a missing variable.
 */
export function renderReply(
  type: ReplyType, language: string | null, vars: Record<string, unknown> | ((language: string) => Record<string, unknown>),
  templatesDir: TemplateDirs, fallbacks: LanguageFallbacks = {},
): RenderedReply {
  const dirs = dirList(templatesDir);
  const found = templateFor(type, language, dirs, fallbacks);
  if (!found) throw new TemplateNotFoundError(`no ${type} template in ${dirs.map((d) => join(d, type)).join(' or ')} (not even ${FALLBACK_LANGUAGE})`);
  const { lang, dir: templatesDirUsed } = found;
  const values = typeof vars === 'function' ? vars(lang) : vars;
  // One line: a template's trailing newline or a sender's folded subject must not end up in the header.
  const subject = compiled(part(templatesDirUsed, type, lang, 'subject'), false)(values).replace(/\s+/g, ' ').trim();
  const text = compiled(part(templatesDirUsed, type, lang, 'text'), false)(values);
  const htmlPath = part(templatesDirUsed, type, lang, 'html');
  const html = existsSync(htmlPath) ? compiled(htmlPath, true)(values) : textToHtml(text);
  return { language: lang, subject, text, html };
}
