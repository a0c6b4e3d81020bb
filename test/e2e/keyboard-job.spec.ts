// The whole job by keyboard alone: load the demo practice, check the settings, Run with a daily
// pause window, Pause, Resume, the pause time reached and Resume now, completion, the Messages
// screen filtered to the failed messages, one failed message reprocessed, and the log downloaded.
// Every action is a key press (Tab, Shift+Tab, Enter, Space, arrows, typing); the test only
// takes the network away while the run is to stay running, and moves the engine's clock to the
// pause time.

import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { advanceClock, HOUR_MS, localTimeIn, MINUTE_MS } from './support/clock';
import { arrowSelect, openScreenByKeyboard, pressButton, tabTo, typeTime } from './support/keyboard';

test('the whole job by keyboard alone', async ({ page, context }) => {
  // Hundreds of key presses, each waited for: more time than a test that clicks.
  test.slow();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No practice data yet', level: 1 })).toBeVisible();

  // Load the demo practice: 200 patients.
  const size = page.getByLabel('Number of patients');
  await tabTo(page, size, 'the size select');
  await arrowSelect(page, size, '200');
  await pressButton(page, page.getByRole('button', { name: 'Load the demo practice' }), 'Load the demo practice');
  await expect(page.getByTestId('patient-count')).toHaveText('200');

  // Settings: training, realistic speed, then back to fast; saved.
  await openScreenByKeyboard(page, 'Settings');
  await tabTo(page, page.getByRole('radio', { name: 'Fast' }), 'the training speed');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('radio', { name: 'Realistic' })).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Fast' })).toBeChecked();
  await pressButton(page, page.getByRole('button', { name: 'Save settings' }), 'Save settings');
  await expect(page.getByTestId('settings-notice')).toContainText('Settings saved. Messages go to the training Spine');

  // Run with a pause window. Offline, sending waits, so the run is still running for Pause.
  await context.setOffline(true);
  await openScreenByKeyboard(page, 'Upload');
  await pressButton(page, page.getByRole('button', { name: 'Run', exact: true }), 'Run');
  const dialog = page.getByRole('dialog', { name: 'Run the initial upload' });
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('radio', { name: 'No: run until it finishes' }), 'the stop or pause question');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Pause at a time and resume at a time' })).toBeChecked();
  const pauseAt = await localTimeIn(page, HOUR_MS);
  const resumeAt = await localTimeIn(page, 3 * HOUR_MS);
  await tabTo(page, dialog.getByLabel('Pause time'), 'Pause time');
  await typeTime(page, dialog.getByLabel('Pause time'), pauseAt);
  await tabTo(page, dialog.getByLabel('Resume time'), 'Resume time');
  await typeTime(page, dialog.getByLabel('Resume time'), resumeAt);
  await pressButton(page, dialog.getByRole('button', { name: 'Yes, run' }), 'Yes, run');
  await expect(page.getByTestId('situation-running')).toBeVisible();
  await expect(page.getByTestId('schedule-status')).toContainText(pauseAt);

  // Pause, then Resume.
  await pressButton(page, page.getByRole('button', { name: 'Pause', exact: true }), 'Pause');
  const partial = page.getByTestId('situation-partially-completed');
  await expect(partial).toContainText('was paused');
  await pressButton(page, partial.getByRole('button', { name: 'Resume' }), 'Resume');
  await expect(page.getByTestId('situation-running')).toBeVisible();

  // The pause time comes: Resume now.
  await advanceClock(page, HOUR_MS + MINUTE_MS);
  const pauseTime = page.getByTestId('situation-pause-time-reached');
  await expect(pauseTime).toBeVisible();
  await pressButton(page, pauseTime.getByRole('button', { name: 'Resume now' }), 'Resume now');
  await expect(page.getByTestId('situation-running')).toBeVisible();

  // Back online: the run completes.
  await context.setOffline(false);
  const completed = page.getByTestId('situation-completed');
  await expect(completed).toContainText('National Summary Initial Upload completed successfully', { timeout: 60_000 });

  // Messages: the failed ones, one opened and reprocessed.
  await openScreenByKeyboard(page, 'Messages');
  const state = page.getByLabel('State', { exact: true });
  await tabTo(page, state, 'the State filter');
  await arrowSelect(page, state, 'failed');
  const firstFailed = page.getByTestId('message-table').getByRole('button').first();
  await expect(page.getByTestId('message-table').locator('tbody tr').first().locator('td').nth(1)).toHaveText('Failed');
  await pressButton(page, firstFailed, 'the first failed message');
  const detail = page.getByTestId('message-detail');
  await expect(detail.getByRole('heading', { level: 2 }).first()).toBeFocused();
  await pressButton(page, detail.getByRole('button', { name: 'Reprocess' }), 'Reprocess');
  await expect(page.getByTestId('reprocess-result')).toHaveText('1 failed message is queued to be sent again, with the same request id.');

  // The log, downloaded.
  await openScreenByKeyboard(page, 'Log');
  const download = page.waitForEvent('download');
  await pressButton(page, page.getByRole('button', { name: 'Download the log' }), 'Download the log');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^scr-initial-upload-log-\d{4}-\d{2}-\d{2}\.txt$/);
  const text = await readFile((await file.path()) ?? '', 'utf8');
  expect(text).toMatch(/completed/i);
  expect(text).toMatch(/paus/i);
});
