// Control of an unattended run and honest figures, in the browser:
// - Pause from the second tab: the tab that runs the job pauses at a checkpoint; both tabs show
//   Partially Completed, the status bar says you paused it, and the log says so once;
// - Discard an unfinished run, then Import: Discard asks first, drops the unsent messages, keeps
//   what was acknowledged, and the Import that was refused goes through;
// - the time left the Upload screen shows while sending (against the loopback Spine at the
//   national 5 a second) is within 25% of the time the rest of the run really takes.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { loadDemoPractice } from './support/practice';
import { countOf, demoOutcomes, expect, fmt, saveSpineSettings, startRun, test } from './support/sending';

async function logLines(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Log', exact: true }).click();
  const table = page.getByTestId('log-table');
  await expect(table).toBeVisible();
  return table.locator('tbody tr').allInnerTexts();
}

/** Seconds in "about 1 min 5 s", "about 40 s", "about 2 h 3 min". */
function secondsOf(text: string): number {
  const m = /^about (?:(\d+) h )?(?:(\d+) min ?)?(?:(\d+) s)?$/.exec(text.trim());
  if (m === null) throw new Error(`not a measured time left: ${text}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

test('Pause from the second tab: the tab running the upload pauses it at a checkpoint; both tabs say you paused it, and the log says it once', async ({ page, context }) => {
  await page.goto('/');
  await loadDemoPractice(page, 200);
  const second = await context.newPage();
  await second.goto('/#/upload');
  // Offline, sending waits: the run stays running once every patient is checked.
  await context.setOffline(true);
  await startRun(page);
  await expect(page.getByTestId('status-bar')).toContainText('all 200 patients checked');

  const running = second.getByTestId('situation-running');
  await expect(running.getByRole('heading', { name: /in progress in another tab/ })).toBeVisible();
  await expect(running).toContainText('Pause and Cancel Upload are carried out there');
  await running.getByRole('button', { name: 'Pause' }).click();

  for (const tab of [page, second]) {
    const partial = tab.getByTestId('situation-partially-completed');
    await expect(partial).toContainText('was paused by you after checking 200 of 200 patients');
    await expect(tab.getByTestId('status-bar')).toContainText('Paused by you at 200 of 200 patients');
  }
  await expect.poll(async () => (await logLines(second)).filter((l) => /paused|stopped|cancelled/.test(l))).toEqual([expect.stringContaining('paused by the user')]);

  // Resumed from the second tab, which runs it now; Cancel Upload in the first tab reaches it there.
  await second.getByRole('link', { name: 'Upload', exact: true }).click();
  await second.getByTestId('situation-partially-completed').getByRole('button', { name: 'Resume' }).click();
  await expect(second.getByTestId('situation-running')).toBeVisible();
  await expect(page.getByTestId('situation-running').getByRole('heading', { name: /in progress in another tab/ })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel Upload' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the upload' }).click();
  for (const tab of [page, second]) await expect(tab.getByTestId('situation-partially-completed')).toContainText('was cancelled by you');
  await expect.poll(async () => (await logLines(page)).filter((l) => l.includes('cancelled by the user'))).toHaveLength(1);
});

test('Discard an unfinished run, then Import: asked first, the unsent messages dropped, what was acknowledged kept, and the import goes through', async ({ page, context }) => {
  const SIZE = 200;
  const demo = demoOutcomes(SIZE);
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  // The practice in the import format, for the import afterwards.
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  const dir = await mkdtemp(join(tmpdir(), 'scr-discard-'));
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Download the practice data (NDJSON)' }).click();
  await expect.poll(() => downloads.map((d) => d.suggestedFilename())).toContain('Patient.ndjson');
  await expect.poll(() => downloads.length).toBeGreaterThanOrEqual(3);
  const paths: string[] = [];
  for (const d of downloads) {
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    paths.push(path);
  }

  await context.setOffline(true);
  await startRun(page);
  await expect(page.getByTestId('status-bar')).toContainText(`all ${SIZE} patients checked`);
  await page.getByRole('button', { name: 'Cancel Upload' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the upload' }).click();
  const partial = page.getByTestId('situation-partially-completed');
  await expect(partial).toContainText('was cancelled by you');
  await context.setOffline(false);

  // Unfinished: the import is refused, and Run is not offered.
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByText('An upload run is unfinished: resume or finish it before replacing the practice data.')).toBeVisible();
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);

  // Discard asks first; going back changes nothing.
  await page.getByRole('button', { name: 'Discard this run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discard this run' });
  await expect(dialog).toContainText(`The ${fmt(demo.qualifying.length)} messages not yet sent are dropped and will not be sent; the 0 messages the Spine acknowledged stay on record.`);
  await dialog.getByRole('button', { name: 'No, go back' }).click();
  await expect(partial).toBeVisible();
  await page.getByRole('button', { name: 'Discard this run' }).click();
  await page.getByRole('dialog', { name: 'Discard this run' }).getByRole('button', { name: 'Yes, discard this run' }).click();

  const discarded = page.getByTestId('situation-discarded');
  await expect(discarded).toContainText('Run discarded');
  await expect(discarded.getByTestId('discarded-dropped')).toHaveText(`${fmt(demo.qualifying.length)} unsent messages were dropped`);
  await expect(discarded.getByTestId('stat-sent')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('was discarded at 200 of 200 patients');
  await expect
    .poll(async () => (await logLines(page)).filter((l) => l.includes('discarded by the user')))
    .toEqual([expect.stringContaining(`${fmt(demo.qualifying.length)} unsent messages were dropped`)]);

  // The import goes through now (it asks first: the upload used the current data).
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByTestId('import-files-input').setInputFiles(paths);
  await page.getByRole('button', { name: 'Yes, import' }).click();
  await expect(page.getByTestId('import-summary-result')).toContainText(`${SIZE} patients`);
  // Run is offered for it (nothing ever completed), and Delete practice data is possible too.
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Upload operations' }).getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Delete practice data' })).toBeEnabled();
});

test('while sending at 5 a second, the time left on the Upload screen is within 25% of the time the rest really takes', async ({ page, startSpine }) => {
  // About 165 qualifying patients: over half a minute of sending at the national rate.
  test.setTimeout(300_000);
  const SIZE = 200;
  const demo = demoOutcomes(SIZE);
  // The national limit at the gateway (one request per 200 ms) and answers in 100–300 ms.
  const spine = await startSpine({ rateLimitPerSecond: 5, cors: 'open', noConsentNhsNumbers: [], latencyMs: { min: 100, max: 300 } });
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: 5 });
  await startRun(page);

  // Mid-send: a third of the messages acknowledged.
  const sent = page.getByTestId('stat-sent');
  await expect.poll(async () => countOf(sent), { timeout: 120_000, intervals: [250] }).toBeGreaterThanOrEqual(Math.round(demo.qualifying.length / 3));
  const eta = page.getByTestId('stat-eta');
  await expect(eta).toHaveText(/^about /);
  const estimate = secondsOf(await eta.innerText());
  const readAt = Date.now();
  await expect(page.getByTestId('stat-rate')).toHaveText(/^\d+ messages acknowledged a minute$/);
  const perMinute = Number((await page.getByTestId('stat-rate').innerText()).split(' ')[0]);
  // Never above the limit, 300 a minute.
  expect(perMinute).toBeGreaterThan(0);
  expect(perMinute).toBeLessThanOrEqual(300);

  await expect(page.getByTestId('situation-completed')).toBeVisible({ timeout: 180_000 });
  const actual = (Date.now() - readAt) / 1000;
  expect(spine.stats().bundlesStored).toBe(demo.qualifying.length);
  test.info().annotations.push({ type: 'time left', description: `estimated ${estimate} s at ${perMinute} a minute; took ${actual.toFixed(1)} s` });
  expect(Math.abs(estimate - actual) / actual, `estimated ${estimate} s, took ${actual.toFixed(1)} s`).toBeLessThanOrEqual(0.25);
});
