/**
 * The sandbox in a real browser: a page bundled with esbuild registers msw's service worker
 * with sandboxHandlers() (the README's setup, examples/msw-browser.ts), and the typed client at
 * its default base URL takes a gated session from creation to its cost. Headless Chromium clicks
 * through it; the page's DOM is asserted and a screenshot kept in reports/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_BASE_URL } from '../../src/index.ts';

const SCREENSHOT = 'reports/msw-browser.png';

/** The page, its bundle and msw's worker script, on loopback: a service worker needs a secure origin, which 127.0.0.1 is. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const bundle = await build({
    entryPoints: ['test/msw/browser/page.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, string> = {
    '/': readFileSync('test/msw/browser/page.html', 'utf8'),
    '/page.js': bundle.outputFiles[0]!.text,
    '/mockServiceWorker.js': readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8'),
  };
  const server = createServer((request, response) => {
    const body = files[request.url ?? ''];
    if (body === undefined) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': request.url === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('msw: the sandbox in a service worker, in Chromium', function () {
  this.timeout(120_000);
  let served: { server: Server; origin: string };
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Every request to the Coord API the browser made, and whether the service worker answered it. */
  const apiResponses: { url: string; fromServiceWorker: boolean }[] = [];

  before(async () => {
    served = await servePage();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.url().startsWith(DEFAULT_BASE_URL))
        apiResponses.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() });
    });
  });
  after(async () => {
    await browser?.close();
    served?.server.closeAllConnections();
    await new Promise((resolve) => served?.server.close(resolve));
  });

  it('starts the sandbox behind a service worker that controls the page', async () => {
    await page.goto(served.origin);
    await page.locator('#park:enabled').waitFor();
    assert.equal(await page.textContent('#status'), 'Sandbox ready: a service worker answers for the Coord API.');
  });

  it('creates a session at the gated lot: awaiting redemption, its barcode shown', async () => {
    await page.click('#park');
    await page.locator('#session:visible').waitFor();
    assert.equal(await page.textContent('#state'), 'awaiting_redemption');
    assert.equal(await page.textContent('#location'), 'gate-7');
    assert.match((await page.textContent('#barcode'))!, /^CRD-[\w-]+$/);
    assert.equal(await page.textContent('#barcode-format'), 'qr');
    assert.equal(await page.textContent('#cost'), '—');
    assert.ok(await page.isEnabled('#gate'));
  });

  it('after the simulated gate scan the session has ended, with its cost', async () => {
    await page.click('#gate');
    await page.locator('#state[data-state="ended"]').waitFor();
    assert.equal(await page.textContent('#cost'), '6.00 USD');
    assert.ok(await page.isDisabled('#gate'));
    const barcode = await page.textContent('#barcode');
    assert.deepEqual(await page.locator('#timeline li').allTextContents(), [
      `Created session 1: awaiting_redemption, barcode ${barcode}`,
      'Barcode scanned at the gate, in and out 90 minutes later',
      'Session 1: ended, cost 6.00 USD',
    ]);
    assert.equal(await page.textContent('#error'), '');
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('every Coord API request was answered by the service worker; no page error', () => {
    assert.deepEqual(pageErrors, []);
    assert.ok(apiResponses.length >= 3, `${apiResponses.length} API responses`);
    assert.deepEqual(
      apiResponses.filter((response) => !response.fromServiceWorker),
      [],
    );
  });
});
