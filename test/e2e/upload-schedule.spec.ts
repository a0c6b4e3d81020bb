// Browser tests of the schedule through each of its screens, with time controlled: the browser
// tests run against a test build whose engine clock can be moved forward (window.scrTestClock,
// VITE_TEST_CLOCK=1). The browser is kept offline while the clock moves, so sending waits and the
// run is still running when its stop or pause time comes; back online, it finishes.

import { expect, test, type Page } from '@playwright/test';
import { loadDemoPractice } from './support/practice';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The browser's local wall-clock time `ms` from now, as `HH:MM`. */
async function localTimeIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }, ms);
}

/** Moves the engine's clock forward (test builds only). */
async function advanceClock(page: Page, ms: number): Promise<void> {
  const result = await page.evaluate(async (by) => {
    const clock = (window as unknown as { scrTestClock?: { advance(ms: number): Promise<{ ok: boolean }> } }).scrTestClock;
    if (clock === undefined) return { ok: false };
    return clock.advance(by);
  }, ms);
  expect(result.ok, 'this is a test build (VITE_TEST_CLOCK=1)').toBe(true);
}

async function openRunDialog(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Run the initial upload' })).toBeVisible();
}

async function waitUntilAllChecked(page: Page): Promise<void> {
  await expect(page.getByTestId('situation-running')).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('patients checked');
}

test.describe('the upload schedule', () => {
  test('Stop Time Reached: the upload stops at its stop time and Resume finishes it', async ({ page, context }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await context.setOffline(true);
    await openRunDialog(page);
    await page.getByLabel('Stop at a time').check();
    await page.getByLabel('Stop time').fill(await localTimeIn(page, 2 * HOUR_MS));
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await waitUntilAllChecked(page);
    await expect(page.getByTestId('schedule-status')).toContainText(/stops at/i);

    await advanceClock(page, 2 * HOUR_MS + MINUTE_MS);
    await expect(page.getByTestId('situation-stop-time-reached')).toBeVisible();
    await page.getByRole('link', { name: 'Log', exact: true }).click();
    await expect(page.getByText(/stopped by the schedule \(stop time reached\)/)).toBeVisible();

    await context.setOffline(false);
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.getByTestId('situation-stop-time-reached').getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('situation-completed')).toBeVisible();
    await expect(page.getByTestId('stat-unprocessed')).toHaveText('0');
    await expect(page.getByTestId('stat-sending')).toHaveText('0');
  });

  test('Pause Time Reached, then Resume Cancelled: the automatic resume does not happen; Resume by hand finishes', async ({ page, context }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await context.setOffline(true);
    await openRunDialog(page);
    await page.getByLabel('Pause at a time and resume at a time').check();
    await page.getByLabel('Pause time').fill(await localTimeIn(page, HOUR_MS));
    await page.getByLabel('Resume time').fill(await localTimeIn(page, 3 * HOUR_MS));
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await waitUntilAllChecked(page);

    await advanceClock(page, HOUR_MS + MINUTE_MS);
    const paused = page.getByTestId('situation-pause-time-reached');
    await expect(paused).toBeVisible();
    await expect(paused).toContainText('resumes by itself');
    await paused.getByRole('button', { name: 'Cancel the automatic resume' }).click();
    await expect(page.getByTestId('situation-resume-cancelled')).toBeVisible();

    // The resume time passes: it stays paused.
    await advanceClock(page, 2 * HOUR_MS + MINUTE_MS);
    await expect(page.getByTestId('situation-resume-cancelled')).toBeVisible();
    await expect(page.getByTestId('situation-running')).toHaveCount(0);

    await context.setOffline(false);
    await page.getByTestId('situation-resume-cancelled').getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('situation-completed')).toBeVisible();
  });

  test('Pause Time Reached resumes by itself at the resume time', async ({ page, context }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await context.setOffline(true);
    await openRunDialog(page);
    await page.getByLabel('Pause at a time and resume at a time').check();
    await page.getByLabel('Pause time').fill(await localTimeIn(page, HOUR_MS));
    await page.getByLabel('Resume time').fill(await localTimeIn(page, 2 * HOUR_MS));
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await waitUntilAllChecked(page);
    await advanceClock(page, HOUR_MS + MINUTE_MS);
    await expect(page.getByTestId('situation-pause-time-reached')).toBeVisible();

    await context.setOffline(false);
    await advanceClock(page, HOUR_MS);
    await expect(page.getByTestId('situation-completed')).toBeVisible();
  });

  test('a start time: the upload waits, says so, and starts by itself', async ({ page }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await openRunDialog(page);
    await page.getByLabel('At a date and time').check();
    const startAt = await page.evaluate(() => {
      const d = new Date(Date.now() + 3_600_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
    });
    await page.getByLabel('Start date').fill(startAt.date);
    await page.getByLabel('Start time').fill(startAt.time);
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await expect(page.getByTestId('situation-scheduled')).toContainText(startAt.time);
    await expect(page.getByTestId('schedule-status')).toBeVisible();

    await advanceClock(page, HOUR_MS + MINUTE_MS);
    await expect(page.getByTestId('situation-completed')).toBeVisible();
  });

  test('a schedule that makes no sense is refused in the form and nothing starts', async ({ page }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await openRunDialog(page);
    await page.getByLabel('Pause at a time and resume at a time').check();
    await page.getByLabel('Pause time').fill('18:00');
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await expect(page.getByRole('dialog').locator('.nhsuk-error-summary')).toBeVisible();
    await expect(page.getByRole('dialog')).toContainText(/resume time/i);
    await page.getByRole('button', { name: 'Go back' }).click();
    await expect(page.getByTestId('situation-running')).toHaveCount(0);
    await expect(page.getByTestId('schedule-status')).toHaveCount(0);
  });

  test('Cancel Upload: asks first, stops at a checkpoint, and the run is partially completed and resumable', async ({ page, context }) => {
    await page.goto('/');
    await loadDemoPractice(page, 200);
    await context.setOffline(true);
    await openRunDialog(page);
    await page.getByRole('button', { name: 'Yes, run' }).click();
    await waitUntilAllChecked(page);
    await page.getByRole('button', { name: 'Cancel Upload' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the upload' }).click();
    await expect(page.getByTestId('situation-partially-completed')).toBeVisible();
    await context.setOffline(false);
    await page.getByTestId('situation-partially-completed').getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('situation-completed')).toBeVisible();
  });
});
