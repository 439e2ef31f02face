/**
 * The public list as the appeal's own website uses it, in a real Chromium: a page on another origin
 * (a second server on 127.0.0.1, another port) reads the JSON with fetch and frames the HTML, with no
 * cookie and no login. Only approved signers' public fields arrive.
 */
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { closeAll, item, message, seed, world, type World } from '../integration/web-world';
import { launch, listenLocal } from './chromium';

let w: World;
let browser: Browser;
let site: Server;
let base: string;
let siteBase: string;

beforeAll(async () => {
  w = await world();
  await seed(w, message('p1', '2026-01-01T10:00:00.000Z'), [
    item({ organisation: 'Approved Peace Org', country: 'UA', contactEmail: 'private@approved.example', website: 'approved.example' }),
    item({ organisation: 'Still Pending Org', country: 'PL' }),
    item({ organisation: 'Rejected Org', country: 'FR' }),
  ]);
  await w.store.transition('p1-0', 'approve', 'alice');
  await w.store.transition('p1-2', 'reject', 'alice', 'not real');
  base = await listenLocal(w.app);
  // The appeal's website: its own origin, embedding our list the two ways the README offers.
  site = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Appeal</title>
<iframe id="list" src="${base}/public/signatories.html"></iframe>
<pre id="json">loading</pre>
<script>fetch(${JSON.stringify(`${base}/public/signatories.json`)}).then(r => r.json()).then(j => { document.getElementById('json').textContent = JSON.stringify(j); }, e => { document.getElementById('json').textContent = 'failed: ' + e; });</script>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteAddr = site.address();
  siteBase = `http://127.0.0.1:${typeof siteAddr === 'object' && siteAddr ? siteAddr.port : 0}`;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await closeAll();
});

test('another site reads the JSON and frames the HTML with no cookie: approved public fields only', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${siteBase}/`);
    await page.locator('#json', { hasNotText: 'loading' }).waitFor();
    const text = (await page.textContent('#json'))!;
    expect(text).not.toMatch(/^failed/);
    const json = JSON.parse(text);
    expect(json.signatories).toEqual([{ name: 'Approved Peace Org', type: 'organisation', country: 'UA', countryName: 'Ukraine' }]);
    const frame = page.frameLocator('#list');
    await expect(frame.locator('.endorsement-name').allTextContents()).resolves.toEqual(['Approved Peace Org']);
    const framed = await frame.locator('body').innerHTML();
    for (const hidden of ['Still Pending Org', 'Rejected Org', 'private@approved.example', 'approved.example']) {
      expect(JSON.stringify(json)).not.toContain(hidden);
      expect(framed).not.toContain(hidden);
    }
    expect(await context.cookies()).toEqual([]);
  } finally {
    await context.close();
  }
});
