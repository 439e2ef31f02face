/**
 * The dashboard's SVG charts and page body: one bar per row with its numbers in a <title>, bar
 * lengths in proportion, no style attributes or scripts (the CSP would refuse them), labels escaped,
 * and every chart's numbers in a table.
 */
import { KINDS, type Kind } from '../../src/mail/types';
import { campaignStats } from '../../src/review/campaign-stats';
import { dashboardBody } from '../../src/web/views/dashboard';
import { columnBars, horizontalBars, niceMax } from '../../src/web/views/svg-charts';

test('niceMax rounds up to 1, 2 or 5 times a power of ten', () => {
  expect([0, 1, 3, 7, 10, 11, 180, 201, 999].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 500, 1000]);
});

test('horizontal bars: lengths in proportion, overlay from zero, stack end to end, titles carry the numbers', () => {
  const svg = horizontalBars([
    { label: 'Ukraine', segments: [{ value: 10, cls: 'a', name: 'received' }, { value: 5, cls: 'b', name: 'approved' }] },
    { label: 'Poland', segments: [{ value: 4, cls: 'a', name: 'received' }, { value: 1, cls: 'b', name: 'approved' }] },
  ], { label: 'By country' }).value;
  expect([...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(['Ukraine: 10 received, 5 approved', 'Poland: 4 received, 1 approved']);
  const widths = [...svg.matchAll(/<rect class="(\w)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])] as const);
  expect(widths).toHaveLength(4);
  const [u, ua, p] = widths;
  expect(ua![1]).toBe(u![1]); // overlay: both start at the axis
  expect(ua![2] / u![2]).toBeCloseTo(0.5, 2);
  expect(p![2] / u![2]).toBeCloseTo(0.4, 2);

  const stacked = horizontalBars([{ label: 'Ack', segments: [{ value: 3, cls: 'a', name: 'sent' }, { value: 1, cls: 'b', name: 'failed' }] }], { label: 'x', mode: 'stack' }).value;
  const [s1, s2] = [...stacked.matchAll(/x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(s2![0]).toBeCloseTo(s1![0]! + s1![1]!, 1);
  expect(s1![1]! / s2![1]!).toBeCloseTo(3, 1);
});

test('column bars: one group per column, labels thinned, no style attribute, hostile labels escaped', () => {
  const cols = Array.from({ length: 60 }, (_, i) => ({ label: `<b>${i}</b>`, segments: [{ value: i, cls: 'chart-received', name: 'received' }] }));
  const svg = columnBars(cols, { label: 'Per day' }).value;
  expect(svg.match(/<g>/g)).toHaveLength(60);
  expect(svg).not.toMatch(/style=|<script|<b>/);
  expect(svg).toContain('&#60;b&#62;59&#60;/b&#62;: 59 received');
  const labels = svg.match(/text-anchor="middle"/g)!.length;
  expect(labels).toBeGreaterThan(5);
  expect(labels).toBeLessThan(60);
});

test('the page body has every chart with its table of numbers', () => {
  const kinds = { ...(Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>), endorsement: 3, spam: 2 };
  const stats = campaignStats({
    kinds, acknowledgements: { sent: 2, failed: 1, none: 4 }, written: { 'needs-information': {}, answer: {} },
    items: [
      { kind: 'endorsement', status: 'approved', receivedAt: '2026-02-01T09:00:00Z', country: 'UA', signerType: 'organisation', organisation: 'A', name: null },
      { kind: 'endorsement', status: 'pending', receivedAt: '2026-02-03T09:00:00Z', country: 'PL', signerType: 'organisation', organisation: 'B', name: null },
    ],
  });
  const body = dashboardBody(stats).value;
  expect(body.match(/<svg class="chart"/g)).toHaveLength(5);
  expect(body).not.toMatch(/style=|<script/);
  for (const id of ['days-table', 'countries-table', 'kinds-table', 'funnel-table', 'replies-table']) expect(body).toContain(`id="${id}"`);
  expect(body).toMatch(/<tr data-day="2026-02-02"><th scope="row">2026-02-02<\/th><td class="num">0<\/td><td class="num">0<\/td><\/tr>/);
  expect(body).toMatch(/<tr data-country="UA"><th scope="row">Ukraine<\/th><td class="num">1<\/td><td class="num">1<\/td><\/tr>/);
  expect(body).toMatch(/<tr data-reply="acknowledgement">.*data-outcome="sent">2<.*data-outcome="failed">1</);
});

test('an empty campaign: no bars to draw, every count 0, no NaN anywhere', () => {
  const kinds = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const body = dashboardBody(campaignStats({ kinds, acknowledgements: {}, written: { 'needs-information': {}, answer: {} }, items: [] })).value;
  expect(body).not.toMatch(/NaN|Infinity|undefined/);
  expect(body.match(/No endorsements yet\./g)).toHaveLength(2);
  expect(body).toMatch(/<tr data-step="approved"><th scope="row">Approved<\/th><td class="num">0<\/td><td class="num">–<\/td><\/tr>/);
});
