/**
 * Bar charts as inline SVG, drawn on the server: no script, no outside file, nothing the CSP has to
 * allow. Colours and text come from classes in our stylesheet (`chart-*`), never style attributes
 * (which the CSP refuses). Each bar carries its numbers in a <title>; the caller puts the same
 * numbers in a table beside the chart for screen readers and print.
 */
import { html, type Html } from '../html';

/** One coloured part of a bar: its value, its stylesheet class and its name in titles. */
export interface Segment {
  value: number;
  cls: string;
  name: string;
}

/** One bar: its label and its segments. */
export interface Bar {
  label: string;
  segments: Segment[];
}

/**
 * How segments share a bar: `overlay` draws each from zero, later ones over earlier ones (a part of
 * a whole: approved inside received); `stack` puts them end to end (parts that add up).
 */
export type BarMode = 'overlay' | 'stack';

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max)!;
}

/** [start, length] of each segment along the value axis, in value units. */
function spans(bar: Bar, mode: BarMode): [number, number][] {
  let at = 0;
  return bar.segments.map((s) => {
    const span: [number, number] = [mode === 'stack' ? at : 0, s.value];
    at += s.value;
    return span;
  });
}

const total = (bar: Bar, mode: BarMode) => (mode === 'stack' ? bar.segments.reduce((n, s) => n + s.value, 0) : Math.max(0, ...bar.segments.map((s) => s.value)));
const titleOf = (bar: Bar) => `${bar.label}: ${bar.segments.map((s) => `${s.value} ${s.name}`).join(', ')}`;
const px = (n: number) => (Math.round(n * 10) / 10).toString();
/** Labels past this many characters are cut in the chart (the title and the table keep them whole). */
const LABEL_CHARS = 28;
const cut = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/**
 * Horizontal bars, one row each, the label on the left and on the right the segments' values
 * (overlay: "5 / 3", as the legend names them) or their sum (stack).
 * @param label what the chart shows, for assistive technology (aria-label of the image)
 */
export function horizontalBars(bars: readonly Bar[], opts: { label: string; mode?: BarMode }): Html {
  const mode = opts.mode ?? 'overlay';
  const row = 24;
  const labelW = Math.min(LABEL_CHARS, Math.max(4, ...bars.map((b) => b.label.length))) * 7 + 12;
  const plotW = 420;
  const width = labelW + plotW + 60;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(1, ...bars.map((b) => total(b, mode)));
  const scale = (v: number) => (v / max) * plotW;
  return html`<svg class="chart" role="img" aria-label="${opts.label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${bars.map((b, i) => {
    const y = 4 + i * row;
    return html`<g><title>${titleOf(b)}</title>
<text class="chart-label" x="${labelW - 6}" y="${px(y + row / 2 + 4)}" text-anchor="end">${cut(b.label)}</text>
${spans(b, mode).map(([from, len], j) => html`<rect class="${b.segments[j]!.cls}" x="${px(labelW + scale(from))}" y="${y + 3}" width="${px(scale(len))}" height="${row - 6}"></rect>`)}
<text class="chart-value" x="${px(labelW + scale(total(b, mode)) + 4)}" y="${px(y + row / 2 + 4)}">${mode === 'stack' ? String(total(b, mode)) : b.segments.map((s) => String(s.value)).join(' / ')}</text></g>`;
  })}
</svg>`;
}

/**
 * Vertical bars along time, one per column (a day), with a value axis and every n-th column
 * labelled so labels never overlap.
 * @param label what the chart shows, for assistive technology (aria-label of the image)
 */
export function columnBars(columns: readonly Bar[], opts: { label: string; mode?: BarMode; columnLabel?: (label: string) => string }): Html {
  const mode = opts.mode ?? 'overlay';
  const step = Math.max(4, Math.min(40, Math.floor(720 / Math.max(1, columns.length))));
  const left = 44;
  const plotH = 180;
  const top = 10;
  const width = left + Math.max(1, columns.length) * step + 10;
  const height = top + plotH + 40;
  const max = niceMax(Math.max(0, ...columns.map((c) => total(c, mode))));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const every = Math.ceil(44 / step);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max).filter((v) => Number.isInteger(v));
  const short = opts.columnLabel ?? ((s: string) => s);
  return html`<svg class="chart" role="img" aria-label="${opts.label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${ticks.map((v) => html`<line class="chart-grid" x1="${left}" x2="${width - 10}" y1="${px(y(v))}" y2="${px(y(v))}"></line><text class="chart-axis" x="${left - 4}" y="${px(y(v) + 4)}" text-anchor="end">${String(v)}</text>`)}
${columns.map((c, i) => {
    const x = left + i * step;
    return html`<g><title>${titleOf(c)}</title>
${spans(c, mode).map(([from, len], j) => html`<rect class="${c.segments[j]!.cls}" x="${px(x + 1)}" y="${px(y(from + len))}" width="${Math.max(1, step - 2)}" height="${px(y(from) - y(from + len))}"></rect>`)}
${i % every === 0 ? html`<text class="chart-axis" x="${px(x + step / 2)}" y="${top + plotH + 16}" text-anchor="middle">${short(c.label)}</text>` : ''}</g>`;
  })}
</svg>`;
}
