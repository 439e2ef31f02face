/**
 * Header maps for InboundMail: lower-case names, decoded string values, in order of appearance.
 * mailparser hands back a mix of strings, address objects, dates and parameter objects; the rest of
 * the core wants plain strings it can match with a regex.
 */
import type { ParsedMail } from 'mailparser';

export type HeaderMap = Record<string, string[]>;

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
