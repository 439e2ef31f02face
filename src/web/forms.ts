/**
 * What a reviewer may type into an item's fields, checked by zod for both the item page's form and
 * the API: empty means "none", a country is an ISO 3166-1 alpha-2 code, a website a bare domain.
 */
import { z } from 'zod';

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
      .transform((s) => s.toUpperCase() || null)
      .refine((s) => s === null || /^[A-Z]{2}$/.test(s), 'must be a two-letter country code such as GB or UA')
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
