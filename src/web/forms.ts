/**
 * What a reviewer may type into an item's fields, checked by zod for both the item page's form and
 * the API: empty means "none", a country is a code or a name in any language (stored as its ISO
 * 3166-1 alpha-2 code), a website a bare domain.
 */
import { z } from 'zod';
import { countryCode } from '../mail/country-name';
import { HttpError } from './errors';

/** What the country field says when it cannot read what was typed. */
export const COUNTRY_HELP = 'is not a country we know: type its name in any language (Sweden, Schweden, Швеция) or its code (SE, SWE)';

const text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).transform((s) => s.replace(/\s+/g, ' ').trim() || null).nullable();

/** Corrections to an item's extracted fields; fields left out stay as they are. */
export const itemEditSchema = z
  .object({
    signerType: z.enum(['organisation', 'individual']).optional(),
    organisation: text(300).optional(),
    name: text(300).optional(),
    country: z
      .string()
      .trim()
      .max(100, 'must be at most 100 characters')
      .transform((s, ctx) => {
        if (!s) return null;
        const code = countryCode(s);
        if (!code) ctx.addIssue({ code: 'custom', message: COUNTRY_HELP });
        return code ?? z.NEVER;
      })
      .nullable()
      .optional(),
    website: z
      .string()
      .trim()
      .transform((s) => s.replace(/^https?:\/\//i, '').split('/')[0]!.toLowerCase() || null)
      .refine((s) => s === null || /^[a-z0-9.-]+\.[a-z]{2,}$/.test(s), 'must be a domain such as example.org')
      .nullable()
      .optional(),
    contactName: text(300).optional(),
    contactEmail: z
      .string()
      .trim()
      .transform((s) => s.toLowerCase() || null)
      .refine((s) => s === null || /^[^\s@<>]+@[^\s@<>.]+(?:\.[^\s@<>.]+)+$/.test(s), 'must be an email address')
      .nullable()
      .optional(),
  })
  .strict();

/** A validated correction, ready for the store's editItem. */
export type ItemEditInput = z.output<typeof itemEditSchema>;

/**
 * The item version a writer saw, as a form field or JSON body field. Absent or empty means "no
 * check" (older scripts that post without one keep working; every form the pages render carries it).
 */
export const versionField = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').optional());

/**
 * The version a client states: `version` from the body, else the `If-Match` header (`3`, `"3"` or
 * `W/"3"`, as the ETag we send); `*` (any) or neither means no check. Both given must agree.
 * @throws HttpError 400 for a malformed header or a disagreement
 */
export function statedVersion(ifMatch: string | string[] | undefined, fromBody: number | undefined): number | undefined {
  const header = [ifMatch ?? []].flat().join(',').trim();
  let fromHeader: number | undefined;
  if (header && header !== '*') {
    const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header);
    if (!m) throw new HttpError(400, 'invalid_request', 'Invalid request: If-Match must be the item version, such as "3"');
    fromHeader = Number(m[1]);
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new HttpError(400, 'invalid_request', `Invalid request: If-Match says version ${fromHeader} but the body says ${fromBody}`);
  }
  return fromBody ?? fromHeader;
}
