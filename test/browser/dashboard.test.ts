/**
 * The campaign dashboard in a real Chromium against a real Redis: after logging in, the per-day and
 * per-country numbers it shows equal those counted here from the export (the JSON download of every
 * status, and the messages list to tell withdrawal requests apart), in UTC and in Kyiv time picked
 * with the keyboard; no CSP violation, nothing fetched from elsewhere, no sideways scrolling on a phone,
 * and a print layout without the navigation.
 */
import type { Browser } from 'playwright-core';
import { closeAll, item, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal, watchedPage, type Watched } from './chromium';

let w: World;
let browser: Browser;
let base: string;
const watched: Watched[] = [];

const COUNTRIES = ['UA', 'PL', 'DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'SE', 'CZ', 'AT', 'BE', 'DK', 'FI', 'IE', null];

beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('alice', 'alice password 1');
  // 60 messages over six days, every 2 h 25 min, so several land in the hour before midnight UTC
  // (the next day in Kyiv); more countries than the chart names; some approved, some rejected;
  // every seventh a withdrawal request, which is not an endorsement.
  for (let i = 0; i < 60; i++) {
    const at = new Date(Date.parse('2026-04-01T00:40:00Z') + i * 145 * 60_000).toISOString();
    const withdrawal = i % 7 === 3;
    const n = i % 5 === 0 ? 2 : 1;
    const items = Array.from({ length: n }, (_, j) => item({
      organisation: `Org ${i}.${j}`, country: COUNTRIES[(i * 3 + j) % COUNTRIES.length]!, kind: withdrawal ? 'withdrawal' : 'endorsement',
    }));
    const ids = await seed(w, message(`d${i}`, at, { kind: withdrawal ? 'withdrawal' : 'endorsement' }), items);
    if (withdrawal) continue;
    for (const id of ids) {
      if (i % 3 === 0) await w.store.transition(id, 'approve', 'alice');
      else if (i % 4 === 1) await w.store.transition(id, 'reject', 'alice');
    }
  }
  base = await listenLocal(w.app);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeAll();
});

afterEach(() => {
  for (const v of watched.splice(0)) {
    expect(v.requests.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(v.dialogs).toEqual([]);
  }
});

async function loggedIn(): Promise<Watched> {
  const v = await watchedPage(browser);
  watched.push(v);
  await v.page.goto(`${base}/dashboard`);
  await v.page.fill('input[name="user"]', 'alice');
  await v.page.fill('input[name="password"]', 'alice password 1');
  await Promise.all([v.page.waitForURL(`${base}/dashboard`), v.page.click('button[type="submit"]')]);
  return v;
}

interface ExportRow { id: string; status: string; country: string | null; receivedAt: string }

/** The export of every status, minus withdrawal requests (their messages' kind, from the messages list). */
async function exported(v: Watched): Promise<ExportRow[]> {
  const rows = (await (await v.page.request.get(`${base}/export/endorsements.json?status=all`)).json()) as ExportRow[];
  const messages = (await (await v.page.request.get(`${base}/api/messages`)).json()) as { kind: string; endorsementIds: string[] }[];
  const requests = new Set(messages.filter((m) => m.kind === 'withdrawal').flatMap((m) => m.endorsementIds));
  expect(requests.size).toBeGreaterThan(0);
  return rows.filter((r) => !requests.has(r.id));
}

/** Received and approved per key, counted from export rows. */
function tally(rows: ExportRow[], key: (r: ExportRow) => string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const r of rows) {
    const t = (out[key(r)] ??= [0, 0]);
    t[0]++;
    if (r.status === 'approved') t[1]++;
  }
  return out;
}

/** A table's rows as shown: the row's data attribute to its numbers. */
async function shown(v: Watched, tableId: string, attr: string): Promise<Record<string, [number, number]>> {
  const cells = await v.page.locator(`#${tableId} tbody tr`).evaluateAll((trs, a) =>
    trs.map((tr) => [tr.getAttribute(a), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]), attr);
  return Object.fromEntries(cells.map(([k, r, ap]) => [k, [Number(r), Number(ap)]]));
}

test('per-day and per-country totals equal the export\'s, in UTC and in Kyiv', async () => {
  const v = await loggedIn();
  const { page } = v;
  expect(await page.textContent('h1')).toBe('Campaign dashboard');
  const rows = await exported(v);

  const days = await shown(v, 'days-table', 'data-day');
  const utc = tally(rows, (r) => r.receivedAt.slice(0, 10));
  // Every day the export has, with its numbers; days between without endorsements show zeros.
  for (const [day, t] of Object.entries(utc)) expect([day, days[day]]).toEqual([day, t]);
  expect(Object.values(days).reduce((n, [r]) => n + r, 0)).toBe(rows.length);
  expect(Object.keys(days).length).toBeGreaterThanOrEqual(Object.keys(utc).length);

  const countries = await shown(v, 'countries-table', 'data-country');
  const byCountry = tally(rows, (r) => r.country ?? 'none');
  const named = Object.keys(countries).filter((c) => c !== 'other' && c !== 'none');
  for (const c of [...named, 'none']) expect([c, countries[c]]).toEqual([c, byCountry[c]]);
  // The countries not named are summed as "other", and none of them has more than a named one.
  const rest = Object.keys(byCountry).filter((c) => c !== 'none' && !named.includes(c));
  expect(rest.length).toBeGreaterThan(0);
  expect(countries.other).toEqual(rest.reduce<[number, number]>((s, c) => [s[0] + byCountry[c]![0], s[1] + byCountry[c]![1]], [0, 0]));
  expect(Math.max(...rest.map((c) => byCountry[c]![0]))).toBeLessThanOrEqual(Math.min(...named.map((c) => countries[c]![0])));

  // Kyiv time, chosen with the keyboard.
  await page.focus('input[name="tz"]');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Europe/Kyiv');
  await Promise.all([page.waitForURL(/tz=Europe%2FKyiv/), page.keyboard.press('Enter')]);
  const kyivDays = await shown(v, 'days-table', 'data-day');
  const kyiv = tally(rows, (r) => new Date(r.receivedAt).toLocaleDateString('en-CA', { timeZone: 'Europe/Kyiv' }));
  expect(kyiv).not.toEqual(utc);
  for (const [day, t] of Object.entries(kyiv)) expect([day, kyivDays[day]]).toEqual([day, t]);
  expect(Object.values(kyivDays).reduce((n, [r]) => n + r, 0)).toBe(rows.length);
});

test('the charts are drawn and named for assistive technology; each bar names its numbers', async () => {
  const v = await loggedIn();
  const { page } = v;
  const labels = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => [s.getAttribute('role'), s.getAttribute('aria-label'), s.getBoundingClientRect().height > 0]));
  expect(labels).toHaveLength(5);
  for (const [role, label, visible] of labels) {
    expect(role).toBe('img');
    expect(label).toBeTruthy();
    expect(visible).toBe(true);
  }
  // The first day's bar says what the table says.
  const [firstDay] = Object.entries(await shown(v, 'days-table', 'data-day'));
  expect(await page.locator('#per-day svg g title').first().textContent()).toBe(`${firstDay![0]}: ${firstDay![1][0]} received, ${firstDay![1][1]} approved`);
  // The bars are coloured by the stylesheet (the CSP allows no style attribute).
  const fill = await page.evaluate<string>("getComputedStyle(document.querySelector('#per-day rect.chart-approved')).fill");
  expect(fill).not.toBe('rgb(0, 0, 0)');
  // Keyboard: the chart regions can be focused (to scroll a wide chart), in page order.
  await page.focus('input[name="tz"]');
  const focused: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate<string>("document.activeElement.getAttribute('aria-label') || document.activeElement.tagName"));
  }
  const at = (label: string) => focused.findIndex((f) => f.startsWith(label));
  expect(at('Endorsements per day: chart')).toBeGreaterThan(0);
  expect(at('Numbers by day')).toBeGreaterThan(at('Endorsements per day: chart'));
  expect(at('By country: chart')).toBeGreaterThan(at('Numbers by day'));
});

test('a phone-sized screen: no sideways scrolling of the page, the wide chart scrolls in its box', async () => {
  const v = await loggedIn();
  await v.page.setViewportSize({ width: 375, height: 740 });
  await v.page.goto(`${base}/dashboard`);
  const overflow = await v.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await v.page.evaluate<boolean>("(function (b) { return b.scrollWidth > b.clientWidth; })(document.querySelector('#by-country .chart-scroll'))")).toBe(true);
});

test('printed: no navigation or form, every day\'s row unclipped', async () => {
  const v = await loggedIn();
  await v.page.emulateMedia({ media: 'print' });
  expect(await v.page.evaluate<string>("getComputedStyle(document.querySelector('header.top nav')).display")).toBe('none');
  expect(await v.page.evaluate<string>("getComputedStyle(document.querySelector('form.dash-tz')).display")).toBe('none');
  expect(await v.page.evaluate<string>("getComputedStyle(document.querySelector('#per-day-card .dash-table-box')).overflowY")).toBe('visible');
});
