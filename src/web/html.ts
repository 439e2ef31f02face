/**
 * The page templates' one rule: every interpolated value is escaped unless it is already `Html`
 * built by this tag. Sender text (names, subjects, bodies) can therefore never become markup.
 */
import { escapeHtml } from '../review/export';

/** Markup built by `html` (or `raw`): passed through unescaped when interpolated. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
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
