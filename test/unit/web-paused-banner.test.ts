/** The queue page's banner when replies wait: a provider's quota refusal says why in its words; our breaker, in numbers. */
import { pausedBanner } from '../../src/web/views/queue';

test('a quota pause names the server\'s reason and when sending resumes', () => {
  const out = pausedBanner({ paused: true, until: '2026-12-07T09:00:00.000Z', sentLastHour: 0, reason: 'daily quota: 550 5.4.5 Daily user sending limit exceeded' }, 'tok').value;
  expect(out).toContain('550 5.4.5 Daily user sending limit exceeded');
  expect(out).not.toContain('limit ?');
});

test('the hourly breaker says its numbers', () => {
  const out = pausedBanner({ paused: true, until: '2026-12-07T09:00:00.000Z', sentLastHour: 200, maxPerHour: 200 }, 'tok').value;
  expect(out).toContain('200 sent in the last hour, limit 200');
});
