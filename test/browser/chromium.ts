/**
 * Debian's Chromium driven by playwright-core (no downloaded browser builds), with the flags that
 * keep it from calling home, and a recorder of every request a page makes, so a test can check
 * that nothing was fetched from outside.
 */
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { which } from '../helpers/which';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launch headless Chromium from the system package. */
export async function launch(): Promise<Browser> {
  const bin = which('chromium', 'apt-get install chromium (scripts/setup.js does it as root on Debian)');
  return chromium.launch({ executablePath: bin, args: CHROMIUM_ARGS, headless: true });
}

export interface Watched {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Every alert/confirm/prompt text that was not expected by the test. */
  dialogs: string[];
  /** Console messages of level error (CSP violations appear here). */
  errors: string[];
}

/** A new page with its requests, dialogs and console errors recorded. Prompts are answered by `answer`. */
export async function watchedPage(browser: Browser, answer: { prompt?: string } = {}): Promise<Watched> {
  const page = await browser.newPage();
  const w: Watched = { page, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('dialog', async (d) => {
    if (d.type() === 'prompt' && answer.prompt !== undefined) await d.accept(answer.prompt);
    else {
      w.dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss();
    }
  });
  return w;
}

/** Serve `app` on a free port of 127.0.0.1; its base URL, e.g. http://127.0.0.1:41234. */
export async function listenLocal(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}
