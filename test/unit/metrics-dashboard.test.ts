/**
 * The Grafana dashboard in monitoring/ asks only for metrics the program exposes (a renamed metric
 * would leave a panel silently empty), through the dashboard's data source variable, with unique
 * panel ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { createStoreMetrics } from '../../src/metrics/collectors';
import { renderMetrics } from '../../src/metrics/registry';
import { createReviewStore } from '../../src/review/store';
import { parseExposition } from '../helpers/prometheus';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '../../monitoring/grafana/endorsement-inbox.json'), 'utf8')) as { panels: Panel[]; templating: { list: { name: string; type: string }[] } };

/** Every metric declared, from an exposition with Redis out of reach (names and types are declared all the same). */
async function declared(): Promise<Set<string>> {
  const down = new Proxy({}, { get: (_t, n) => (n === 'then' ? undefined : () => Promise.reject(new Error('down'))) }) as unknown as Redis;
  const text = await renderMetrics(createStoreMetrics({ redis: down, prefix: 'd', store: createReviewStore(down, 'd'), queues: [], timeoutMs: 50 }));
  return new Set(Object.keys(parseExposition(text).types));
}

test('every metric a panel asks for is one the program exposes', async () => {
  const names = await declared();
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  expect(exprs.length).toBeGreaterThan(20);
  const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bendorse_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))));
  for (const name of used) expect([name, names.has(name)]).toEqual([name, true]);
  // The store counts, the queues, the lag, the connections and the durations all have a panel.
  for (const name of ['endorse_messages', 'endorse_items', 'endorse_replies', 'endorse_replies_suppressed', 'endorse_queue_jobs',
    'endorse_queue_oldest_waiting_age_seconds', 'endorse_intake_lag_uids', 'endorse_connection_state', 'endorse_stage_duration_seconds']) {
    expect([name, used.has(name)]).toEqual([name, true]);
  }
});

test('panels use the data source variable and have unique ids', () => {
  expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }));
  const ids = dashboard.panels.map((p) => p.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect([p.title, p.datasource?.uid]).toEqual([p.title, '${datasource}']);
});
