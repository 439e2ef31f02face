/** A recovery from a Redis reset on the review page's banner and in /healthz's decision (status/health.ts). */
import { alerts, healthFrom } from '../../src/status/health';

const recovery = {
  at: '2026-12-06T22:10:05.000Z', reason: 'the epoch is gone from Redis', folders: { Endorsements: 5 },
  messages: 5, replies: 3, repliesRebuilt: 3, durationMs: 1200,
};

test('a recovery is shown on the banner for a week, after the failing connections, and never fails the report', () => {
  const report = { ...healthFrom({}, null), recovery };
  expect(report.ok).toBe(true);
  const now = Date.parse(recovery.at);
  expect(alerts(report, now + 3600_000)).toEqual([expect.stringContaining('Recovered from a Redis reset at 2026-12-06 22:10 UTC: 5 filed messages')]);
  expect(alerts(report, now + 8 * 24 * 3600_000)).toEqual([]);
  const failing = { ...healthFrom({}, 'connect ECONNREFUSED'), recovery };
  expect(alerts(failing, now)).toHaveLength(2);
  expect(alerts(failing, now)[0]).toMatch(/^Redis/);
});
