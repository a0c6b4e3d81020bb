// Every screen and every state of the app checked with axe-core against WCAG 2.2 A and AA (and
// 2.0 and 2.1): first open, loading, the practice, the Run dialog with the schedule and with
// field errors, a scheduled start, running, paused, Pause Time Reached with its countdown, Resume
// Cancelled, Cancel Upload, Stop Time Reached, completed, Already Run to Completion, Partially
// Completed, Upload Errors, Preview, Messages and a message's detail, Log, Storage, Import with
// its report, Help, Settings with field errors, offline. Zero violations allowed; the last test
// counts the distinct states checked.

import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, statesChecked } from './support/axe';
import { advanceClock, HOUR_MS, localDateTimeIn, localTimeIn, MINUTE_MS } from './support/clock';
import { loadDemoPractice } from './support/practice';

const SIZE = 200;

/** Opens a screen from the main menu (unless it is open): focus lands on its heading, and the page title names it. */
async function openScreen(page: Page, name: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  if ((await link.getAttribute('aria-current')) === 'page') return;
  await link.click();
  await expect(page.locator('#maincontent h1')).toBeFocused();
  await expect(page).toHaveTitle(`${name} – SCR Initial Upload`);
}

async function openRunDialog(page: Page) {
  await openScreen(page, 'Upload');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run the initial upload' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function waitUntilRunning(page: Page): Promise<void> {
  await expect(page.getByTestId('situation-running')).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('patients checked');
}

test.describe.configure({ mode: 'serial' });

test('before a run: first open, loading, the practice, the Run dialog, a scheduled start, every screen, Settings with field errors, offline', async ({ page, context }) => {
  // Many screens, each checked whole: more time than one feature's test on a busy machine.
  test.slow();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No practice data yet', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, 'first open: no practice data');

  // The largest demo practice takes long enough to load for its progress to be checked.
  await page.getByLabel('Number of patients').selectOption('100000');
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByRole('heading', { name: 'Loading the demo practice', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, 'loading the demo practice');
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await loadDemoPractice(page, SIZE);
  await expectNoAxeViolations(page, 'the practice');

  await openScreen(page, 'Upload');
  await expectNoAxeViolations(page, 'Upload: not run yet');
  const dialog = await openRunDialog(page);
  await dialog.getByLabel('Pause at a time and resume at a time').check();
  await expectNoAxeViolations(page, 'Run dialog with the schedule');
  await dialog.getByRole('button', { name: 'Yes, run' }).click();
  await expect(dialog.locator('.nhsuk-error-summary')).toBeFocused();
  await expectNoAxeViolations(page, 'Run dialog with field errors');
  await dialog.getByLabel('At a date and time').check();
  const startAt = await localDateTimeIn(page, HOUR_MS);
  await dialog.getByLabel('Start date').fill(startAt.date);
  await dialog.getByLabel('Start time').fill(startAt.time);
  await dialog.getByLabel('No: run until it finishes').check();
  await dialog.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-scheduled')).toBeVisible();
  await expectNoAxeViolations(page, 'Upload scheduled');
  await page.getByRole('button', { name: 'Cancel the scheduled start' }).click();
  await expect(page.getByTestId('situation-scheduled')).toHaveCount(0);

  await openScreen(page, 'Messages');
  await expectNoAxeViolations(page, 'Messages: no run yet');
  await openScreen(page, 'Preview');
  await page.getByTestId('patient-list').getByRole('button').first().click();
  await expect(page.getByTestId('preview-outcome')).toBeVisible();
  await expectNoAxeViolations(page, 'Preview of a patient');
  await openScreen(page, 'Log');
  await expectNoAxeViolations(page, 'Log');
  await openScreen(page, 'Storage');
  await expect(page.getByTestId('storage-used')).not.toHaveText('Unknown');
  await expectNoAxeViolations(page, 'Storage');
  await openScreen(page, 'Import');
  await expectNoAxeViolations(page, 'Import');
  await page.getByRole('main').getByRole('link', { name: 'The practice extract format', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('Help: the practice extract – SCR Initial Upload');
  await expectNoAxeViolations(page, 'Help: the practice extract');

  await openScreen(page, 'Settings');
  await expectNoAxeViolations(page, 'Settings: training');
  await page.getByLabel('A Spine over HTTP').check();
  await page.getByRole('radio', { name: 'Access token' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-error-summary')).toBeFocused();
  await expectNoAxeViolations(page, 'Settings with field errors');

  await context.setOffline(true);
  await openScreen(page, 'Practice');
  await expect(page.getByTestId('status-bar')).toContainText('Offline');
  await expectNoAxeViolations(page, 'offline');
  await context.setOffline(false);
});

test('a run: running, paused, Pause Time Reached, Resume Cancelled, Cancel Upload, completed, Already Run to Completion, Upload Errors, Messages, a message, Log, Import with its report', async ({ page, context }) => {
  test.slow();
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  // Offline, sending waits: the run stays running while its states are checked.
  await context.setOffline(true);
  const dialog = await openRunDialog(page);
  await dialog.getByLabel('Pause at a time and resume at a time').check();
  await dialog.getByLabel('Pause time').fill(await localTimeIn(page, HOUR_MS));
  await dialog.getByLabel('Resume time').fill(await localTimeIn(page, 3 * HOUR_MS));
  await dialog.getByRole('button', { name: 'Yes, run' }).click();
  await waitUntilRunning(page);
  // Each progress bar is named by its own label.
  await expect(page.getByRole('progressbar', { name: /^Patients checked: / })).toHaveCount(1);
  await expect(page.getByRole('progressbar', { name: /^Messages sent/ })).toHaveCount(1);
  // The status region says the phase, not the figures.
  await expect(page.getByRole('status')).toHaveText('Initial upload running. All patients checked; 0% of messages answered. Sending waits for the network. This computer is offline; the app keeps working.');
  await expectNoAxeViolations(page, 'running');
  await page.locator('summary', { hasText: 'Change when the upload stops or pauses' }).click();
  await expectNoAxeViolations(page, 'running, changing the schedule');

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const partial = page.getByTestId('situation-partially-completed');
  await expect(partial).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Initial upload paused. Resume continues it.');
  await expectNoAxeViolations(page, 'paused: Partially Completed');

  await partial.getByRole('button', { name: 'Resume' }).click();
  await waitUntilRunning(page);
  await advanceClock(page, HOUR_MS + MINUTE_MS);
  const paused = page.getByTestId('situation-pause-time-reached');
  await expect(paused).toBeVisible();
  await expect(paused.getByTestId('schedule-countdown')).toBeVisible();
  await expectNoAxeViolations(page, 'Pause Time Reached with its countdown');
  await paused.getByRole('button', { name: 'Cancel the automatic resume' }).click();
  const cancelled = page.getByTestId('situation-resume-cancelled');
  await expect(cancelled).toBeVisible();
  await expectNoAxeViolations(page, 'Resume Cancelled');

  await cancelled.getByRole('button', { name: 'Resume' }).click();
  await waitUntilRunning(page);
  await page.getByRole('button', { name: 'Cancel Upload' }).click();
  await expect(page.getByRole('dialog', { name: 'Cancel the upload' })).toBeVisible();
  await expectNoAxeViolations(page, 'Cancel Upload: the question');
  await page.getByRole('button', { name: 'Yes, cancel the upload' }).click();
  await expect(partial).toBeVisible();

  await context.setOffline(false);
  await partial.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('situation-completed')).toBeVisible();
  await expectNoAxeViolations(page, 'completed');

  // Once a run has completed, Run is answered (or replaced) by Already Run to Completion.
  const run = page.getByRole('button', { name: 'Run', exact: true });
  if ((await run.count()) > 0) {
    await run.click();
    await page.getByRole('button', { name: 'Yes, run' }).click();
  }
  await expect(page.getByTestId('situation-already-completed')).toBeVisible();
  await expectNoAxeViolations(page, 'Already Run to Completion');

  await openScreen(page, 'Upload Errors');
  await expect(page.getByTestId('failure-table')).toBeVisible();
  await expectNoAxeViolations(page, 'Upload Errors');

  await openScreen(page, 'Messages');
  await expect(page.getByTestId('message-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Messages', exact: true })).toHaveCount(1);
  await expectNoAxeViolations(page, 'Messages');
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Failed' });
  await page.getByTestId('message-table').getByRole('button').first().click();
  await expect(page.getByTestId('message-detail')).toBeVisible();
  await expect(page.getByTestId('spine-summary')).toBeVisible();
  await expectNoAxeViolations(page, "a message's detail");
  await page.getByRole('button', { name: 'Reprocess' }).click();
  await expect(page.getByTestId('reprocess-result')).toBeVisible();
  await expectNoAxeViolations(page, 'a message reprocessed');

  await openScreen(page, 'Log');
  await expect(page.getByTestId('log-table')).toBeVisible();
  await expectNoAxeViolations(page, 'Log with a run');

  // Import the practice's own export with two bad lines: the summary and the report.
  await openScreen(page, 'Import');
  const files: { name: string; mimeType: string; buffer: Buffer }[] = [];
  page.on('download', (d) => {
    void d.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      files.push({ name: d.suggestedFilename(), mimeType: 'application/fhir+ndjson', buffer: Buffer.concat(chunks) });
    });
  });
  await page.getByRole('button', { name: 'Download the practice data (NDJSON)' }).click();
  await expect.poll(() => files.map((f) => f.name)).toContain('Patient.ndjson');
  await expect.poll(() => files.length).toBeGreaterThanOrEqual(3);
  files.push({ name: 'Notes.ndjson', mimeType: 'application/fhir+ndjson', buffer: Buffer.from('this is not json\n{"resourceType":"Basic","id":"x1"}\n') });
  await page.getByTestId('import-files-input').setInputFiles(files);
  await expect(page.getByRole('dialog', { name: 'Replace the practice data' })).toBeVisible();
  await expectNoAxeViolations(page, 'Import: replace the practice data?');
  await page.getByRole('button', { name: 'Yes, import' }).click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expectNoAxeViolations(page, 'Import with its report');
});

test('Stop Time Reached', async ({ page, context }) => {
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await context.setOffline(true);
  const dialog = await openRunDialog(page);
  await dialog.getByLabel('Stop at a time').check();
  await dialog.getByLabel('Stop time').fill(await localTimeIn(page, 2 * HOUR_MS));
  await dialog.getByRole('button', { name: 'Yes, run' }).click();
  await waitUntilRunning(page);
  await advanceClock(page, 2 * HOUR_MS + MINUTE_MS);
  await expect(page.getByTestId('situation-stop-time-reached')).toBeVisible();
  await expectNoAxeViolations(page, 'Stop Time Reached');
  await context.setOffline(false);
});

test('menu links keep their contrast when hovered and focused (visited links look the same: browsers hide :visited from scripts, the stylesheet sets it)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const upload = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload', exact: true });
  await upload.hover();
  // White (the design system writes it rgba(255, 255, 255, 0.99) on hover, for Safari).
  await expect(upload).toHaveCSS('color', /^rgba?\(255, 255, 255(, 0\.99)?\)$/);
  await expectNoAxeViolations(page, 'a menu link hovered');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const practice = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practice', exact: true });
  await expect(practice).toBeFocused();
  await expect(practice).toHaveCSS('background-color', 'rgb(255, 235, 59)');
  await expect(practice).toHaveCSS('color', 'rgb(33, 43, 50)');
  await expectNoAxeViolations(page, 'a menu link focused');
});

test('at least 20 distinct screen states were checked, none with a violation', () => {
  expect([...statesChecked()].length, [...statesChecked()].join('\n')).toBeGreaterThanOrEqual(20);
});
