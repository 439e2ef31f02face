/**
 * Marks where each extracted field came from in the message text: every snippet's first occurrence
 * (case-insensitive) becomes a <mark>, overlaps merged. All text between and inside is escaped.
 */
import { html, type Html } from './html';

/** `text` as escaped HTML with the first occurrence of each snippet wrapped in <mark>. */
export function highlight(text: string, snippets: string[]): Html {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const s of snippets) {
    const needle = s.trim().toLowerCase();
    if (needle.length < 2) continue;
    const at = lower.indexOf(needle);
    if (at >= 0) ranges.push([at, at + needle.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const parts: Html[] = [];
  let pos = 0;
  for (const [a, b] of merged) {
    parts.push(html`${text.slice(pos, a)}<mark>${text.slice(a, b)}</mark>`);
    pos = b;
  }
  parts.push(html`${text.slice(pos)}`);
  return html`${parts}`;
}
