/**
 * The worker's stop within a grace period: parts stop together; what outlives the deadline is named;
 * the default grace ends before docker-compose's stop_grace_period sends SIGKILL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishWithin } from '../../src/commands/stop-grace';
import { loadConfig } from '../../src/config';

const after = (ms: number, fail = false) => () => new Promise<void>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('boom')) : resolve()), ms));

test('all parts finish in time: nothing left, and they ran at once, not one after another', async () => {
  const t0 = Date.now();
  const r = await finishWithin(2000, { a: after(150), b: after(150), c: after(150) });
  expect(r).toEqual({ left: [], failed: [] });
  expect(Date.now() - t0).toBeLessThan(400);
});

test('a part that outlives the grace is named, and the wait ends at the deadline', async () => {
  const t0 = Date.now();
  const r = await finishWithin(200, { quick: after(10), slow: after(5000) });
  expect(r.left).toEqual(['slow']);
  expect(Date.now() - t0).toBeLessThan(1000);
});

test('a part that fails counts as finished, with its error', async () => {
  const r = await finishWithin(1000, { bad: after(10, true), good: after(10) });
  expect(r).toEqual({ left: [], failed: [{ part: 'bad', err: 'boom' }] });
});

test('the default STOP_GRACE_SECONDS ends at least 5 s before docker-compose\'s stop_grace_period for the worker', () => {
  const compose = readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8');
  const worker = compose.slice(compose.indexOf('\n  worker:'), compose.indexOf('\n  web:'));
  const m = /^\s+stop_grace_period: (\d+)s$/m.exec(worker);
  expect(m).not.toBeNull();
  const config = loadConfig({
    IMAP_HOST: 'imap.example.org', IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org',
    FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Stop the war',
  });
  expect(config.STOP_GRACE_SECONDS + 5).toBeLessThanOrEqual(Number(m![1]));
});
