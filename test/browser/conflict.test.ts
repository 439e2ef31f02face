/**
 * Two organisers on one item in a real Chromium (two browser contexts, two sessions), against a real
 * Redis and the app on 127.0.0.1: each sees the other on the page (presence, kept fresh by the
 * page's script under the strict CSP); the second to act gets a conflict that shows the first one's
 * change, and nothing is lost: the first change stands and the second one's typing is still in the
 * form, to be applied deliberately. Also the item page's keyboard: j/k, and Enter on a focused link.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, item, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal } from './chromium';

let w: World;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  await w.users.accounts.add('maria', 'maria password 1');
  await seed(w, message('c1', '2026-01-01T10:00:00.000Z'), [item({ organisation: 'Contested Org', country: 'GB' })]);
  await seed(w, message('c2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Second Org', country: 'DE' })]);
  await seed(w, message('c3', '2026-01-03T10:00:00.000Z'), [item({ organisation: 'Third Org', country: 'FR' })]);
  base = await listenLocal(w.app);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeAll();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  // No page fetched from elsewhere, and nothing broke the CSP or raised an error in the console.
  expect(problems.splice(0)).toEqual([]);
});

/** A separate browser session (its own cookies) logged in as `user`. */
async function session(user: string, answer?: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(`${base}/`)) problems.push(`request to ${r.url()}`);
  });
  page.on('console', (m) => {
    // The conflict page itself answers 409, which Chromium logs; anything else is a problem.
    if (m.type() === 'error' && !/status of 409 \(Conflict\)/.test(m.text())) problems.push(`${user}: ${m.text()}`);
  });
  page.on('dialog', (d) => void (d.type() === 'prompt' && answer !== undefined ? d.accept(answer) : d.dismiss()));
  await page.goto(`${base}/login`);
  await page.fill('input[name="user"]', user);
  await page.fill('input[name="password"]', `${user} password 1`);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
  return page;
}

test('two organisers on one item: each sees the other; the second gets a conflict and nothing is lost', async () => {
  const alice = await session('alice');
  const maria = await session('maria');
  await alice.goto(`${base}/items/c1-0`);
  await maria.goto(`${base}/items/c1-0`);
  // Maria's page was rendered after Alice opened hers; Alice's page learns of Maria from its script's ping.
  expect(await maria.textContent('[data-presence]')).toBe('alice is looking at this item.');
  await alice.locator('[data-presence]', { hasText: 'maria is looking at this item.' }).waitFor({ timeout: 15_000 });

  // Alice types a correction; before she saves it, Maria corrects the country and approves.
  await alice.fill('#f-organisation', 'Contested Org e.V.');
  await alice.fill('#f-website', 'contested.example');
  await maria.fill('#f-country', 'Schweden');
  await Promise.all([maria.waitForURL(/done=edit/), maria.click('#edit button[type="submit"]')]);
  await Promise.all([maria.waitForURL(/done=approve/), maria.click('button[value="approve"]')]);
  expect(await w.store.getItem('c1-0')).toMatchObject({ status: 'approved', country: 'SE', organisation: 'Contested Org', version: 3 });

  // Alice saves: refused, with what Maria did; her typing is still there; Maria's approval and country stand.
  await alice.click('#edit button[type="submit"]');
  await alice.waitForSelector('.conflict');
  const notice = (await alice.textContent('.conflict'))!;
  expect(notice).toContain('Not saved: this item changed since you opened it (you saw version 1, it is now 3)');
  expect(notice).toMatch(/maria edit at [0-9: -]+ \(country "GB" → "SE"\)/);
  expect(notice).toMatch(/maria approve at [0-9: -]+ \(status "pending" → "approved"\)/);
  expect(await alice.inputValue('#f-organisation')).toBe('Contested Org e.V.');
  expect(await alice.inputValue('#f-website')).toBe('contested.example');
  expect(await alice.textContent('h1 .status')).toBe('approved');
  expect(await w.store.getItem('c1-0')).toMatchObject({ status: 'approved', country: 'SE', organisation: 'Contested Org', website: 'acme.example', version: 3 });

  // Her form still says GB (what she saw); she takes Maria's country and saves on top of the current version.
  expect(await alice.textContent('#edit')).toContain('maria changed this to “SE” since you loaded the page');
  await alice.fill('#f-country', 'SE');
  await Promise.all([alice.waitForURL(/done=edit/), alice.click('#edit button[type="submit"]')]);
  expect(await w.store.getItem('c1-0')).toMatchObject({ status: 'approved', country: 'SE', organisation: 'Contested Org e.V.', website: 'contested.example', version: 4 });
  const history = (await alice.textContent('table:last-of-type'))!;
  expect(history).toMatch(/alice\s*edit organisation: Contested Org → Contested Org e\.V\.; website: acme\.example → contested\.example/);

  // Maria's page left c1-0 when her approval moved her on: its beacon took her mark off at once.
  for (let i = 0; i < 50 && (await w.store.presence.who('c1-0')).includes('maria'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await w.store.presence.who('c1-0')).toEqual(['alice']);
});

test('a stale r on the item page does not reject what a colleague approved', async () => {
  const alice = await session('alice', 'looks fake');
  const maria = await session('maria');
  await alice.goto(`${base}/items/c2-0`);
  await maria.goto(`${base}/items/c2-0`);
  await Promise.all([maria.waitForURL(/done=approve/), maria.keyboard.press('a')]);
  await alice.keyboard.press('r');
  await alice.waitForSelector('.conflict');
  expect(await alice.textContent('.conflict')).toMatch(/maria approve at/);
  expect(await alice.inputValue('input[name="reason"]')).toBe('looks fake');
  expect(await w.store.getItem('c2-0')).toMatchObject({ status: 'approved' });
  expect((await w.store.getItem('c2-0'))!.reason).toBeUndefined();
});

test('item page keyboard: j/k move through the queue; Enter on a focused link follows that link', async () => {
  await w.store.transition('c1-0', 'reopen', 'setup');
  await w.store.transition('c2-0', 'reopen', 'setup');
  const alice = await session('alice');
  // On the queue, Enter on a focused link (the nav's "Messages") follows it, not the highlighted row.
  await alice.focus('nav a[href="/messages"]');
  await Promise.all([alice.waitForURL(`${base}/messages`), alice.keyboard.press('Enter')]);
  // With nothing focused, Enter opens the highlighted row.
  await alice.goto(`${base}/`);
  const first = await alice.getAttribute('tr.current', 'data-id');
  await Promise.all([alice.waitForURL(`${base}/items/${first}`), alice.keyboard.press('Enter')]);
  await Promise.all([alice.waitForURL(`${base}/items/c2-0`), alice.keyboard.press('j')]);
  await Promise.all([alice.waitForURL(`${base}/items/c3-0`), alice.keyboard.press('j')]);
  await Promise.all([alice.waitForURL(`${base}/items/c2-0`), alice.keyboard.press('k')]);
  expect(first).toBe('c1-0');
});
