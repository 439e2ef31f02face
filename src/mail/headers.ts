/**
 * Header maps for InboundMail: lower-case names, decoded string values, in order of appearance.
 * mailparser hands back a mix of strings, address objects, dates and parameter objects; the rest of
 * the core wants plain strings it can match with a regex.
 */
import type { ParsedMail } from 'mailparser';

export type HeaderMap = Record<string, string[]>;

/**
 * How much of a header the core reads. A display name of 200k spaces is RFC-valid (encoded words
 * may be folded without limit) and every later regular expression pays for each character, so
 * values are cut before anything else looks at them. RFC 5322 2.1.1 lines are at most 998
 * characters; only a folded References list is longer, and it is kept as a list of IDs.
 */
export const HEADER_CAPS = {
  /** A display name (From, Reply-To, To, Cc). */
  name: 256,
  /** The Subject. */
  subject: 998,
  /** Any other header value (References is read from its own list, capped by count). */
  value: 2000,
  /** Values kept per header name (Received, Authentication-Results...). */
  values: 100,
  /** Message-IDs kept from References. */
  references: 100,
} as const;

/**
 * Cut `value` to `max` characters; when it was longer, say so in `capped` (a fact for the reasons
 * reviewers read, e.g. `From display name cut to 256 of 200000 characters`).
 */
export function capText(value: string, max: number, what: string, capped: string[]): string {
  if (value.length <= max) return value;
  capped.push(`${what} cut to ${max} of ${value.length} characters`);
  return value.slice(0, max);
}

/** Cap the number of values per header and the length of each (see HEADER_CAPS). */
export function capHeaders(h: HeaderMap, capped: string[]): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, values] of Object.entries(h)) {
    if (values.length > HEADER_CAPS.values) capped.push(`${k}: ${HEADER_CAPS.values} of ${values.length} headers kept`);
    out[k] = values.slice(0, HEADER_CAPS.values).map((v) => capText(v, HEADER_CAPS.value, `${k} header`, capped));
  }
  return out;
}

/** Unfold a raw header line (RFC 5322 2.2.3) and drop its name. */
function rawValue(line: string): string {
  const i = line.indexOf(':');
  return (i >= 0 ? line.slice(i + 1) : line).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function stringify(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as { text?: unknown; value?: unknown; params?: Record<string, string> };
    if (typeof o.text === 'string') return o.text;
    if (typeof o.value === 'string') {
      const params = Object.entries(o.params ?? {}).map(([k, p]) => `; ${k}=${p}`).join('');
      return o.value + params;
    }
  }
  return null;
}

/** Build the header map from mailparser's output: decoded values where it decoded them, raw otherwise. */
export function headersFromParsed(p: ParsedMail): HeaderMap {
  const raw: HeaderMap = {};
  for (const { key, line } of p.headerLines ?? []) {
    const k = key.toLowerCase();
    (raw[k] ??= []).push(rawValue(line));
  }
  const out: HeaderMap = {};
  for (const [k, values] of Object.entries(raw)) {
    const parsed = p.headers.get(k);
    if (values.length === 1 && !(parsed instanceof Date)) {
      const s = stringify(parsed);
      // mailparser turns `Return-Path: <>` into an empty address list; keep the raw `<>` then.
      out[k] = [s || values[0]!];
    } else if (Array.isArray(parsed) && parsed.length === values.length && parsed.every((x) => typeof x === 'string')) {
      out[k] = parsed as string[];
    } else {
      out[k] = values;
    }
  }
  return out;
}

/** Headers straight from the raw bytes (for messages mailparser could not read). */
export function rawHeaderBlock(bytes: Buffer): HeaderMap {
  const text = bytes.toString('latin1', 0, Math.min(bytes.length, 256_000));
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const out: HeaderMap = {};
  for (const line of head.split(/\r?\n(?![ \t])/)) {
    const m = /^([!-9;-~]{1,100}):/.exec(line);
    if (m) (out[m[1]!.toLowerCase()] ??= []).push(rawValue(line));
  }
  return out;
}
