/** How long sending pauses after a quota or rate refusal (breaker.ts quotaPauseUntil) and the paced hourly limit. */
import { pacedMaxPerHour, quotaPauseUntil } from '../../src/replies/breaker';

const now = Date.parse('2026-12-06T12:00:00Z');
const HOUR = 3600_000;

test('a rate limit pauses a quarter of an hour', () => {
  expect(quotaPauseUntil('rate', now)).toBe(now + HOUR / 4);
});

test('a daily quota pauses until our oldest send of the day leaves the rolling window', () => {
  expect(quotaPauseUntil('day', now, now - 20 * HOUR)).toBe(now + 4 * HOUR);
});

test('a daily quota pauses at least an hour and at most a day', () => {
  expect(quotaPauseUntil('day', now, now - 24 * HOUR + 60_000)).toBe(now + HOUR);
  expect(quotaPauseUntil('day', now, now + 5 * HOUR)).toBe(now + 24 * HOUR);
});

test('a daily quota with no send on record tries again after an hour', () => {
  expect(quotaPauseUntil('day', now)).toBe(now + HOUR);
});

test('even pacing keeps the hourly limit to a 24th of the daily one', () => {
  expect(pacedMaxPerHour(200, 1000, 'even')).toBe(42);
  expect(pacedMaxPerHour(20, 1000, 'even')).toBe(20);
  expect(pacedMaxPerHour(200, 1000, 'off')).toBe(200);
});
