/**
 * The page templates' one rule: every interpolated value is escaped unless it is already `Html`
 * built by this tag. Sender text (names, subjects, bodies) can therefore never become markup, and
 * its bidirectional control characters are shown as visible markers instead of reordering what the
 * reviewer reads ("invoice\u202Efdp.exe" would otherwise display as "invoiceexe.pdf").
 */
import { escapeHtml } from '../review/escape';

/** Markup built by `html` (or `raw`): passed through unescaped when interpolated. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Unicode's explicit bidi controls (UAX #9): embeddings, overrides, isolates and the marks. */
const BIDI_NAMES: Readonly<Record<string, string>> = {
  '\u202A': 'LRE', '\u202B': 'RLE', '\u202C': 'PDF', '\u202D': 'LRO', '\u202E': 'RLO',
  '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI', '\u200E': 'LRM', '\u200F': 'RLM', '\u061C': 'ALM',
};
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `s` with each bidi control character replaced by a visible marker such as ⟨RLO⟩. */
export function showBidi(s: string): string {
  return s.replace(BIDI, (c) => `\u27E8${BIDI_NAMES[c]}\u27E9`);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return showBidi(escapeHtml(String(v)));
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; arrays are joined; null/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup (our own constants only, never data). */
export function raw(s: string): Html {
  return new Html(s);
}

/** A URL path with query parameters, each part encoded. */
export function href(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const q = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return q.length ? `${path}?${q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : path;
}
