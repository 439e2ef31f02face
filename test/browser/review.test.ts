/**
 * The review page in a real Chromium, against a real Redis and the app listening on 127.0.0.1: log
 * in, triage with the keyboard (j/k, a, r, e), edit a field, approve, export; hostile sender input
 * runs nothing; and no page fetches anything from anywhere but our own origin.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { closeAll, item, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal, watchedPage, type Watched } from './chromium';

let w: World;
let browser: Browser;
let base: string;
const watched: Watched[] = [];

beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  await seed(w, message('b1', '2026-01-01T10:00:00.000Z'), [item({ organisation: 'First Org', country: 'GB' })]);
  await seed(w, message('b2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Second Org', country: 'DE' })]);
  await seed(w, message('b3', '2026-01-03T10:00:00.000Z'), [item({ organisation: 'Third Org', country: 'FR' })]);
  await seed(w, message('h1', '2026-01-04T10:00:00.000Z', {
    subject: '<img src=x onerror="alert(\'subject\')">',
    from: '"<script>alert(1)</script>" <evil@evil.example>',
    text: '<script>alert("body")</script>\n<a href="javascript:alert(\'link\')">click me</a>\n<img src="https://tracker.example/pixel.gif">\n<link rel="stylesheet" href="https://tracker.example/x.css">\n<style>@import url(https://tracker.example/y.css)</style>',
  }), [item({ organisation: '<img src="https://tracker.example/o.gif" onerror="alert(\'org\')">Hostile', country: 'UA',
    evidence: { organisation: { source: 'body', confidence: 0.9, snippet: '<script>alert("body")</script>' } } })]);
  await seed(w, message('b4', '2026-01-05T10:00:00.000Z'), [item({ organisation: 'Fourth Org', country: 'PL' })]);
  await seed(w, message('b5', '2026-01-06T10:00:00.000Z'), [item({ organisation: 'Fifth Org', country: 'SE' })]);
  base = await listenLocal(w.app);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeAll();
});

afterEach(() => {
  // Whatever a test did, no page asked anything of another origin, and nothing raised a dialog it did not expect.
  for (const v of watched.splice(0)) {
    expect(v.requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(v.dialogs).toEqual([]);
  }
});

async function loggedIn(answer: { prompt?: string } = {}): Promise<Watched> {
  const v = await watchedPage(browser, answer);
  watched.push(v);
  await v.page.goto(`${base}/`);
  expect(new URL(v.page.url()).pathname).toBe('/login');
  await v.page.fill('input[name="user"]', 'alice');
  await v.page.fill('input[name="password"]', 'alice password 1');
  await Promise.all([v.page.waitForURL(`${base}/`), v.page.click('button[type="submit"]')]);
  return v;
}

const currentId = (v: Watched) => v.page.getAttribute('tr.current', 'data-id');

test('log in, triage with the keyboard: j/k move, a approves, r rejects with a reason', async () => {
  const v = await loggedIn({ prompt: 'not a real organisation' });
  const { page } = v;
  expect(await currentId(v)).toBe('b1-0');
  await page.keyboard.press('j');
  expect(await currentId(v)).toBe('b2-0');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  expect(await currentId(v)).toBe('b2-0');

  await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press('a')]);
  expect((await w.store.getItem('b2-0'))!.status).toBe('approved');
  expect(await page.textContent('.notice')).toBe('Approved.');

  // The same row position now holds the next pending item.
  expect(await currentId(v)).toBe('b3-0');
  await Promise.all([page.waitForURL(/done=reject/), page.keyboard.press('r')]);
  expect((await w.store.getItem('b3-0'))!).toMatchObject({ status: 'rejected', reason: 'not a real organisation' });
  expect(await page.locator('tr[data-id]').count()).toBe(4);
});

test('e opens the item to edit; a saved field and an approval from the item page', async () => {
  const v = await loggedIn();
  const { page } = v;
  expect(await currentId(v)).toBe('b1-0');
  await Promise.all([page.waitForURL(/\/items\/b1-0#edit$/), page.keyboard.press('e')]);
  await page.keyboard.press('e');
  expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-organisation');
  await page.fill('#f-organisation', 'First Org (corrected)');
  await page.fill('#f-country', 'ie');
  await Promise.all([page.waitForURL(/done=edit/), page.click('#edit button[type="submit"]')]);
  expect((await w.store.getItem('b1-0'))!).toMatchObject({ organisation: 'First Org (corrected)', country: 'IE' });
  expect(await page.textContent('h1')).toContain('First Org (corrected)');

  // Approving from the item page goes on to the next pending item in the queue's order.
  await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press('a')]);
  expect((await w.store.getItem('b1-0'))!.status).toBe('approved');
  expect(new URL(page.url()).pathname).toBe('/items/h1-0');
  await page.goto(`${base}/items/b1-0`);
  expect(await page.textContent('table')).toMatch(/alice\s*approve/);
});

test('export: the CSV download holds the approved signers', async () => {
  const v = await loggedIn();
  const { page } = v;
  await page.click('nav a[href="/export"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/export/endorsements.csv"]')]);
  const path = await download.path();
  const csv = readFileSync(path, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]!.startsWith('id,status,signerType,organisation')).toBe(true);
  expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['b1-0', 'b2-0']);
  expect(await page.textContent('pre.mail')).toContain('<li><span class="endorsement-name">First Org (corrected)</span>');
});

test('hostile sender input: nothing runs and nothing is fetched on the queue, item and message pages', async () => {
  const v = await loggedIn();
  const { page } = v;
  for (const path of ['/?status=all', '/items/h1-0', '/messages', '/messages/h1']) {
    await page.goto(`${base}${path}`);
    await page.waitForLoadState('load');
  }
  // The sender's markup is on the page as text a reviewer can read.
  expect(await page.textContent('pre.mail')).toContain('<script>alert("body")</script>');
  expect(await page.locator('pre.mail a, pre.mail img, pre.mail script, h1 img').count()).toBe(0);
  await page.goto(`${base}/items/h1-0`);
  expect(await page.textContent('h1')).toContain('<img src="https://tracker.example/o.gif" onerror="alert(\'org\')">Hostile');
  expect(await page.textContent('pre.mail mark')).toBe('<script>alert("body")</script>');
});

test('the queue dashboard renders from our own origin only', async () => {
  const v = await loggedIn();
  const { page } = v;
  await page.goto(`${base}/admin/queues`);
  await page.getByText('reply', { exact: false }).first().waitFor({ timeout: 15_000 });
  // Its remote web-font link is blocked by the CSP: the afterEach check finds no request to another origin.
});

test('a phone-sized screen gets the same queue, without horizontal scrolling', async () => {
  const v = await loggedIn();
  await v.page.setViewportSize({ width: 375, height: 740 });
  await v.page.goto(`${base}/?status=all`);
  const overflow = await v.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
});

test('bulk approval: x selects rows from the keyboard, "Approve selected" approves exactly those', async () => {
  const v = await loggedIn();
  const { page } = v;
  const ids = await page.locator('tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  expect(ids).toEqual(['h1-0', 'b4-0', 'b5-0']);
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await Promise.all([page.waitForURL(/done=bulk/), page.click('.bulkbar button')]);
  expect((await w.store.getItem('b4-0'))!.status).toBe('approved');
  expect((await w.store.getItem('b5-0'))!.status).toBe('approved');
  expect((await w.store.getItem('h1-0'))!.status).toBe('pending');
  expect(await page.textContent('.notice')).toBe('Approved the selected items.');
});
