// Sending survives what a long upload meets: the network going away (sending waits, checking
// carries on, and it picks up again by itself) and an access token that expires (sending waits
// for a login; a new token in Settings lets it finish). Against the loopback Spine, which
// records what it stored: in the end every qualifying patient is stored exactly once and
// nothing has failed.

import type { Page } from '@playwright/test';
import type { SpineServer } from '../spine/server';
import { loadDemoPractice } from './support/practice';
import { demoOutcomes, expect, fmt, saveSpineSettings, startRun, test, tokenField, type DemoOutcomes } from './support/sending';

const SIZE = 1_000;
/** Requests per second and at once: fast enough to finish soon, slow enough to interrupt. */
const RATE = 50;
const CONCURRENCY = 10;
const OFFLINE_HOLD = 'Sending waits for the network: this computer is offline. Checking and queueing carry on.';
const LOGIN_HOLD = /Sending waits for a login \(.+\)\. Enter a new access token in Settings; nothing is lost meanwhile\./;

/** The run completed with every message acknowledged, and the Spine stored each patient once. */
async function expectAllStoredOnce(page: Page, spine: SpineServer, demo: DemoOutcomes): Promise<void> {
  const done = page.getByTestId('situation-completed');
  await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: 60_000 });
  await expect(done.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
  await expect(done.getByTestId('stat-sending')).toHaveText('0');
  // Only the patients the checks failed; no message failed.
  await expect(done.getByTestId('stat-failed')).toHaveText(fmt(demo.checkFailed));
  await expect(done.getByTestId('count-By reason-Failed on sending (see Messages)')).toHaveCount(0);

  const stats = spine.stats();
  expect(stats.bundlesStored).toBe(demo.qualifying.length);
  expect(stats.duplicatesRefused.psisDuplicates).toBe(0);
  const notOnce = demo.qualifying.map((p) => p.nhsNumber ?? '').filter((n) => spine.bundles(n).length !== 1);
  expect(notOnce, 'patients not stored exactly once').toEqual([]);
}

test('offline mid-send: sending waits for the network while checking carries on; back online the run completes, each patient stored once', async ({ page, context, startSpine }) => {
  const demo = demoOutcomes(SIZE);
  // Latency keeps requests in flight; no rate limit at the Spine (pacing is not the subject here).
  const spine = await startSpine({ rateLimitPerSecond: 0, quotaPerMinute: 0, cors: 'open', noConsentNhsNumbers: [], latencyMs: { min: 50, max: 150 } });
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE, concurrency: CONCURRENCY });
  await startRun(page);
  await expect.poll(() => spine.stats().bundlesStored, { timeout: 30_000, intervals: [50] }).toBeGreaterThanOrEqual(40);

  const status = page.getByTestId('status-bar');
  await context.setOffline(true);
  try {
    await expect(status).toContainText('Offline — the app keeps working');
    await expect(status).toContainText(OFFLINE_HOLD);
    await expect(page.getByTestId('sending-text')).toContainText(OFFLINE_HOLD);
    // Checking goes on to the last patient while nothing is sent; the run is not complete.
    await expect(status).toContainText(`all ${fmt(SIZE)} patients checked`);
    await expect(page.getByTestId('stat-unprocessed')).toHaveText('0');
    await expect(page.getByTestId('stat-queued')).toHaveText(fmt(demo.qualifying.length));
    const stored = spine.stats().bundlesStored;
    expect(stored).toBeLessThan(demo.qualifying.length);
    const received = spine.stats().requestsReceived;
    // Nothing can show that no request goes out except time passing: a two-second window,
    // long enough for a hundred requests at this rate.
    await page.waitForTimeout(2_000);
    expect(spine.stats().requestsReceived, 'requests the Spine received while the browser was offline').toBe(received);
    await expect(page.getByTestId('situation-running')).toBeVisible();
    // Nothing is in flight while offline: the unsent messages wait to be sent.
    await expect(page.getByTestId('stat-sending')).toHaveText('0');
    await expect(page.getByTestId('stat-waiting')).not.toHaveText('0');
  } finally {
    await context.setOffline(false);
  }

  await expect(status).toContainText('Online');
  await expect(status).not.toContainText('Sending waits for the network');
  await expectAllStoredOnce(page, spine, demo);
});

test('a 401 holds sending until a new access token is saved in Settings; then the run completes with nothing failed', async ({ page, startSpine }) => {
  const demo = demoOutcomes(SIZE);
  const spine = await startSpine({ rateLimitPerSecond: 0, quotaPerMinute: 0, cors: 'open', noConsentNhsNumbers: [], latencyMs: { min: 20, max: 60 } });
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE, concurrency: CONCURRENCY });
  await startRun(page);
  await expect.poll(() => spine.stats().bundlesStored, { timeout: 30_000, intervals: [50] }).toBeGreaterThanOrEqual(40);

  // The token expires during the upload: the Spine answers 401.
  spine.expireTokens();
  const status = page.getByTestId('status-bar');
  await expect(status).toContainText(LOGIN_HOLD);
  await expect(page.getByTestId('sending-text')).toContainText(LOGIN_HOLD);
  expect(spine.stats().byStatus['401'] ?? 0).toBeGreaterThan(0);
  const storedWhileHeld = spine.stats().bundlesStored;
  expect(storedWhileHeld).toBeLessThan(demo.qualifying.length);
  await expect(page.getByTestId('stat-failed')).toHaveText(fmt(demo.checkFailed));

  // A new token, entered in Settings while the run waits.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByText('A token is held already: leave this empty to keep it, or paste a new one.')).toBeVisible();
  await tokenField(page).fill(spine.issueToken().access_token);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toHaveText(`Settings saved. Messages go to ${spine.url}/Bundle.`);
  await expect(status).not.toContainText('Sending waits for a login');
  await expect.poll(() => spine.stats().bundlesStored).toBeGreaterThan(storedWhileHeld);

  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await expectAllStoredOnce(page, spine, demo);
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByTestId('message-count-failed')).toHaveText('0');
  await expect(page.getByTestId('message-count-sent')).toHaveText(fmt(demo.qualifying.length));
});
