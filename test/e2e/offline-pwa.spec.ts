// The PWA: the service worker controls the page and has precached the engine worker, uploads
// bypass it (public/sw-network-routes.js), a reload
// with no network renders the shell and the practice from IndexedDB, and Chromium's
// installability check passes (in a persistent profile: incognito contexts never pass it).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { expectedOverview, expectOverview, loadDemoPractice, readStoredDemo, waitForServiceWorkerControl } from './support/practice';

const WORKER_ASSET = /assets\/engine\.worker-[A-Za-z0-9_-]+\.js/;

test('the service worker controls the page and has precached the engine worker script', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);

  const swText = await page.evaluate(async () => (await fetch('sw.js')).text());
  const listed = swText.match(WORKER_ASSET)?.[0];
  expect(listed, 'sw.js lists an assets/engine.worker-*.js URL').toBeTruthy();

  // It is really in the cache, not just listed.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
    return urls;
  });
  expect(cached.some((u) => WORKER_ASSET.test(u))).toBe(true);

  // And it is the script the page's engine worker actually runs.
  await expect.poll(() => page.workers().map((w) => w.url()).find((u) => WORKER_ASSET.test(u)) ?? null).not.toBeNull();
  const running = page.workers().map((w) => w.url().match(WORKER_ASSET)?.[0]).find((u) => u !== undefined);
  expect(running).toBe(listed);
});

test('uploads and token requests (anything but GET) go straight to the network, not through the service worker; the app\'s files still come through it', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  // Resource Timing says how the router served each request (Chromium 131+): "network" for a
  // static route straight to the network, "" for the fetch handler.
  const sources = await page.evaluate(async () => {
    await fetch('/__upload_probe__', { method: 'POST', body: '{}' }).catch(() => null);
    await fetch('favicon.svg');
    const source = (part: string): string | null => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes(part));
      return entry === undefined ? null : String((entry as PerformanceResourceTiming & { workerMatchedSourceType?: string }).workerMatchedSourceType ?? 'unsupported');
    };
    return { post: source('__upload_probe__'), get: source('favicon.svg') };
  });
  expect(sources).toEqual({ post: 'network', get: '' });
});

test('offline reload: the shell renders and the practice counts come from IndexedDB; the status bar says Offline', async ({ page, context }) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await loadDemoPractice(page);
  const stored = await readStoredDemo(page);
  if (!stored) throw new Error('no practice stored');
  await expect(page.getByTestId('status-bar')).toContainText('Online');

  await context.setOffline(true);
  try {
    // The open page notices at once.
    await expect(page.getByTestId('status-bar')).toContainText('Offline');

    await page.reload();
    await expect(page.getByText('SCR Initial Upload', { exact: true })).toBeVisible();
    await expect(page.getByTestId('patient-count')).toHaveText('1,000');
    await expectOverview(page, expectedOverview(stored.size, stored.asOf, stored.seed));
    await expect(page.getByTestId('status-bar')).toContainText('1,000 patients');
    // The network really is off: the service worker, not the server, served the page.
    expect(await page.evaluate(async () => fetch('/__not-precached__').then(() => 'fetched', () => 'failed'))).toBe('failed');

    // Chromium under Playwright starts a document loaded while offline-emulated with
    // navigator.onLine === true (microsoft/playwright#42174: the emulation is not re-applied to
    // a new document), which a really disconnected PC would not do. Re-apply it, as the OS
    // would report it, and the status bar must say Offline.
    await context.setOffline(false);
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await expect(page.getByTestId('status-bar')).toContainText('Offline');
    await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  } finally {
    await context.setOffline(false);
  }
});

test('the installability check passes in a persistent profile', async ({ baseURL }) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const userDataDir = await mkdtemp(join(tmpdir(), 'scr-install-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toMatch(/manifest\.webmanifest$/);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
});
