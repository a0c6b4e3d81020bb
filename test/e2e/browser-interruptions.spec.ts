// The browser's own interruptions of a run left alone, in a browser whose tabs behave as on a
// practice PC (support/realTabs.ts): the tab frozen mid-send and resumed, the tab discarded and
// reopened, the tab in the background for a long time with its timers throttled. Each time the
// run completes, the loopback Spine stores each qualifying patient exactly once, and the engine
// worker is never replaced. The Spine's gateway limits are set to the rate the app is given
// (10/s, so 600 a minute), for a quick test.

import type { Page } from '@playwright/test';
import type { SpineServer } from '../spine/server';
import { DEAD_WORKER_NOTICED_MS } from '../../src/ui/engine/engineBridge';
import { loadDemoPractice } from './support/practice';
import { launchRealTabs, lifecycleEvents, type RealTabs } from './support/realTabs';
import { demoOutcomes, expect, fmt, saveSpineSettings, startRun, test } from './support/sending';

const ENGINE = /engine\.worker/;

/** Counts the engine workers the page starts (one for its whole life unless the bridge replaces it). */
function countEngineWorkers(page: Page): () => number {
  let started = 0;
  page.on('worker', (w) => {
    if (ENGINE.test(w.url())) started++;
  });
  return () => started;
}

/** Waits until the Spine has received no request for `ms` (only possible while the app is not sending); returns the count then. */
async function quietFor(spine: SpineServer, ms: number): Promise<number> {
  let last = spine.stats().requestsReceived;
  let since = Date.now();
  await expect
    .poll(
      () => {
        const now = spine.stats().requestsReceived;
        if (now !== last) {
          last = now;
          since = Date.now();
        }
        return Date.now() - since;
      },
      { message: `the Spine to hear nothing for ${ms} ms`, intervals: [200], timeout: ms + 30_000 },
    )
    .toBeGreaterThanOrEqual(ms);
  return last;
}

function expectEachStoredOnce(spine: SpineServer, qualifying: readonly { nhsNumber: string | null }[]): void {
  const notOnce = qualifying.map((p) => p.nhsNumber ?? '').filter((n) => spine.bundles(n).length !== 1);
  expect(notOnce, 'patients not stored exactly once').toEqual([]);
  expect(spine.stats().bundlesStored).toBe(qualifying.length);
}

/** Opens the app in a fresh profile, with the demo practice and the Spine in Settings, and starts a run. */
async function runAgainstSpine(tabs: RealTabs, baseURL: string, spine: SpineServer, size: number, rate: number, rememberToken = false): Promise<{ page: Page; workers: () => number }> {
  let workers: () => number = () => 0;
  const page = await tabs.open(`${baseURL}/`, (p) => (workers = countEngineWorkers(p)));
  await loadDemoPractice(page, size);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: rate, rememberToken });
  await startRun(page);
  return { page, workers };
}

test('a tab frozen by the browser mid-send, then resumed: nothing goes while frozen, the run completes, each patient stored once, the same engine worker throughout', async ({ baseURL, startSpine }) => {
  const SIZE = 200;
  const RATE = 10;
  const demo = demoOutcomes(SIZE);
  test.setTimeout(180_000 + (demo.qualifying.length / RATE) * 1000);
  const spine = await startSpine({ rateLimitPerSecond: RATE, quotaPerMinute: RATE * 60, cors: 'open' });
  const tabs = await launchRealTabs();
  try {
    const { page, workers } = await runAgainstSpine(tabs, baseURL ?? '', spine, SIZE, RATE);
    await expect.poll(() => spine.stats().bundlesStored, { timeout: 60_000 }).toBeGreaterThan(30);
    await tabs.hide(page);
    let heardWhileFrozen = -1;
    await tabs.freeze(page, async () => {
      // Frozen: the engine worker is frozen with its page, so the Spine hears nothing. Long
      // enough for the bridge's heartbeat to have judged the worker dead, were it not careful.
      heardWhileFrozen = await quietFor(spine, DEAD_WORKER_NOTICED_MS);
    });
    expect(heardWhileFrozen).toBeLessThan(demo.qualifying.length);
    await tabs.show(page);
    expect(await lifecycleEvents(page)).toEqual(expect.arrayContaining(['hidden', 'freeze', 'resume', 'visible']));

    await expect(page.getByTestId('situation-completed')).toContainText('National Summary Initial Upload completed successfully', { timeout: (demo.qualifying.length / RATE) * 1000 + 60_000 });
    expectEachStoredOnce(spine, demo.qualifying);
    await expect(page.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
    expect(workers(), 'engine workers started').toBe(1);
  } finally {
    await tabs.close();
  }
});

test('a tab discarded by the browser mid-send (frozen, then its page ended without unload) and opened again: the run continues by itself and completes, each patient stored once', async ({ baseURL, startSpine }) => {
  const SIZE = 200;
  const RATE = 10;
  const demo = demoOutcomes(SIZE);
  test.setTimeout(180_000 + (demo.qualifying.length / RATE) * 1000);
  const spine = await startSpine({ rateLimitPerSecond: RATE, quotaPerMinute: RATE * 60, cors: 'open' });
  const tabs = await launchRealTabs();
  try {
    // The access token is remembered on this computer: the tab comes back as a new page here
    // (Playwright cannot navigate a page whose renderer it saw end), without the old tab's session.
    const { page } = await runAgainstSpine(tabs, baseURL ?? '', spine, SIZE, RATE, true);
    await expect.poll(() => spine.stats().bundlesStored, { timeout: 60_000 }).toBeGreaterThan(30);
    await tabs.hide(page);
    // Chromium freezes a background tab before discarding it; discarding ends the page
    // without running its unload handlers (no beforeunload question), its worker with it.
    await tabs.discard(page, async () => {
      await quietFor(spine, 1_000);
    });
    expect(spine.stats().bundlesStored).toBeLessThan(demo.qualifying.length);

    // The user comes back to it: the app loads again.
    const again = await tabs.open(`${baseURL ?? ''}/#/upload`);
    await expect(again.getByTestId('resumed-automatically')).toBeVisible({ timeout: 60_000 });
    await expect(again.getByTestId('situation-completed')).toContainText('National Summary Initial Upload completed successfully', { timeout: (demo.qualifying.length / RATE) * 1000 + 60_000 });
    expectEachStoredOnce(spine, demo.qualifying);
    await expect(again.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
  } finally {
    await tabs.close();
  }
});

test('a tab in the background for the whole send, its timers throttled to once a minute: sending goes on throughout, nothing lost or sent twice, the same engine worker', async ({ baseURL, startSpine }) => {
  const SIZE = 1_000;
  const RATE = 10;
  const demo = demoOutcomes(SIZE);
  test.setTimeout(240_000 + (demo.qualifying.length / RATE) * 1000);
  const spine = await startSpine({ rateLimitPerSecond: RATE, quotaPerMinute: RATE * 60, cors: 'open' });
  // Chromium wakes a hidden tab's timers once a minute after it has been hidden for a while
  // (5 minutes as shipped; 5 seconds here, so the whole send runs under it).
  const tabs = await launchRealTabs({ intensiveAfterSeconds: 5 });
  try {
    const { page, workers } = await runAgainstSpine(tabs, baseURL ?? '', spine, SIZE, RATE);
    await tabs.hide(page);
    const hiddenAt = Date.now();
    // Every message is acknowledged while the tab is still in the background.
    await expect.poll(() => spine.stats().bundlesStored, { timeout: (demo.qualifying.length / RATE) * 2000 + 60_000, intervals: [1_000] }).toBe(demo.qualifying.length);
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');

    // Sending went on all the while, whatever the page's own timers did: a sender woken by the
    // page would have gone quiet for a minute at a time. (The rate itself is measured by the
    // benchmark, on a machine kept quiet: send_background_tab_ratio_to_limit.)
    const arrivals = spine.bundles().map((b) => Date.parse(b.receivedAt)).filter((t) => t >= hiddenAt);
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
    expect(arrivals.length).toBeGreaterThan(demo.qualifying.length / 2);
    expect(Math.max(...gaps), 'longest time without a message stored while hidden (ms)').toBeLessThan(20_000);

    await tabs.show(page);
    await expect(page.getByTestId('situation-completed')).toContainText('National Summary Initial Upload completed successfully', { timeout: 60_000 });
    expectEachStoredOnce(spine, demo.qualifying);
    expect(workers(), 'engine workers started').toBe(1);
  } finally {
    await tabs.close();
  }
});
