/**
 * The appeal profile: what the program knows about the appeal it runs the inbox of (its title in each
 * language, short names, keywords, own addresses, signatories URL, reply-language fallbacks), as data
 * in a YAML or JSON file (`APPEAL_FILE`) so one program serves any appeal. Pure: the caller reads the file.
 */
import { z } from 'zod';
import type { AppealEvidence } from '../mail/types';
import { parseYaml } from './yaml';

/** The profile file is malformed; `message` names the file and the field. */
export class AppealProfileError extends Error {
  override name = 'AppealProfileError';
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;
const language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(LANGUAGE_TAG, 'must be a language code such as "fr" or "pt-br"');
const text = z.string({ message: 'must be text' }).trim().min(1, 'must not be empty');
const address = z
  .string({ message: 'must be text' })
  .trim()
  .toLowerCase()
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be a bare address such as info@example.org');

const schema = z.strictObject({
  /** A short name for the profile, for logs. */
  id: text.optional(),
  /** The appeal's title per language code; at least one. */
  titles: z
    .record(language, text, { error: (i) => (i.code === 'invalid_type' ? 'must map language codes to titles' : undefined) })
    .refine((t) => Object.keys(t).length > 0, 'must hold at least one title'),
  /** Short names people use for the appeal ("Peace for Ukraine"). */
  shortNames: z.array(text, { message: 'must be a list of names' }).default([]),
  /** Words that point to the appeal in a mail (used as weak evidence only). */
  keywords: z.array(text, { message: 'must be a list of words' }).default([]),
  /** Our own addresses besides FROM_ADDRESS and IMAP_USER: never replied to. */
  ownAddresses: z.array(address, { message: 'must be a list of addresses' }).default([]),
  /** Where the list of signatories is published, named in confirmations. */
  signatoriesUrl: text.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL').optional(),
  /** For a reply language without templates, the language to reply in instead (e.g. `lb: de`). */
  replyLanguageFallback: z
    .record(language, language, { error: (i) => (i.code === 'invalid_type' ? 'must map language codes to language codes' : undefined) })
    .default({}),
});

/** A validated appeal profile; language codes are lower-case, addresses lower-case. */
export type AppealProfile = z.output<typeof schema>;

/** Where an issue is, as `titles.fr` or `ownAddresses[1]`, or `(top level)`. */
function fieldPath(path: readonly PropertyKey[]): string {
  const s = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return s || '(top level)';
}

/**
 * Validate parsed data as a profile.
 * @param source names the file in error messages.
 * @throws AppealProfileError naming the source and every bad field.
 */
export function validateAppealProfile(data: unknown, source: string): AppealProfile {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.map((k) => fieldPath([...i.path, k])).join(', ')}`;
    // A bad key of a map: zod keeps the key's own problem inside.
    if (i.code === 'invalid_key') return `${fieldPath(i.path)} ${i.issues[0]?.message ?? i.message}`;
    return `${fieldPath(i.path)} ${i.message}`;
  });
  throw new AppealProfileError(`${source}: ${[...new Set(problems)].join('; ')}`);
}

/**
 * Parse and validate a profile file's text: JSON when the name ends in `.json`, YAML otherwise.
 * @throws AppealProfileError naming the file, and the line or the field.
 */
export function parseAppealProfile(source: string, file: string): AppealProfile {
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(source) : parseYaml(source, file);
  } catch (err) {
    throw new AppealProfileError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateAppealProfile(data, file);
}

/** The profile of an appeal known only by its English title (APPEAL_TITLE alone). */
export function profileFromTitle(title: string): AppealProfile {
  return validateAppealProfile({ titles: { en: title } }, 'APPEAL_TITLE');
}

/** The title to show where no language applies (the web page, logs): English, else the first given. */
export function displayTitle(profile: AppealProfile): string {
  return profile.titles.en ?? Object.values(profile.titles)[0]!;
}

/** What understanding may use of the profile: every distinct title, and the short names and keywords. */
export function appealEvidence(profile: AppealProfile): AppealEvidence {
  return {
    titles: [...new Set(Object.values(profile.titles))],
    keywords: [...new Set([...profile.shortNames, ...profile.keywords])],
  };
}
