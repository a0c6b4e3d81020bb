// Importing a practice extract in the browser: the demo practice is downloaded in the import
// format from the Import screen, one bad line and one truncated last line are added, and the
// files are imported through the file input. The summary and the report (on screen and as a
// CSV download) show every bad line with its file, line and reason, and every valid line is in.
// Then the practice data is deleted: the log stays.

import { readFile, writeFile, mkdtemp, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import { loadDemoPractice } from './support/practice';

const SIZE = 200;

test('import through the file input: progress, summary, every bad line reported, the report downloaded', async ({ page }) => {
  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await page.getByRole('link', { name: 'Import', exact: true }).click();

  // Download the practice in the import format: one NDJSON file per resource type.
  const dir = await mkdtemp(join(tmpdir(), 'scr-extract-'));
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Download the practice data (NDJSON)' }).click();
  await expect.poll(() => downloads.length).toBeGreaterThanOrEqual(3);
  await expect.poll(() => downloads.map((d) => d.suggestedFilename())).toContain('Patient.ndjson');
  const paths: string[] = [];
  for (const d of downloads) {
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    paths.push(path);
  }
  const patientFile = join(dir, 'Patient.ndjson');
  const patientLines = (await readFile(patientFile, 'utf8')).split('\n').filter((l) => l !== '').length;
  expect(patientLines).toBe(SIZE);
  // A line that is not JSON, then a last line cut short.
  await appendFile(patientFile, 'this is not json\n{"resourceType":"Patient","id":"cut-sh');
  const notes = join(dir, 'Notes.ndjson');
  await writeFile(notes, '{"resourceType":"Basic","id":"x1"}\n');
  paths.push(notes);

  await page.getByTestId('import-files-input').setInputFiles(paths);
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await expect(page.getByTestId('import-summary-result')).toContainText(`${SIZE} patients`);
  await expect(page.getByTestId('import-summary-problems')).toContainText('3 errors (not imported)');

  // Errors: the three bad lines. Warnings: the demo's invalid NHS numbers, imported as recorded.
  const rows = page.getByTestId('import-report-row');
  const errors = rows.filter({ hasText: 'Error: not imported' });
  await expect(errors).toHaveCount(3);
  await expect(errors.filter({ hasText: 'Patient.ndjson' }).filter({ hasText: String(SIZE + 1) })).toContainText('not valid JSON');
  await expect(errors.filter({ hasText: 'Patient.ndjson' }).filter({ hasText: String(SIZE + 2) })).toContainText('cut short');
  await expect(errors.filter({ hasText: 'Notes.ndjson' })).toContainText('"Basic" is not one the extract uses');
  const warnings = rows.filter({ hasText: 'Warning' });
  for (const text of await warnings.allInnerTexts()) expect(text).toContain('NHS number');

  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('import-report-download').click();
  const csv = await readFile((await (await csvDownload).path()) ?? '', 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('File,Line,Severity,Reason code,Reason');
  const errorLines = lines.slice(1).filter((l) => l.split(',')[2] === 'error');
  expect(errorLines.map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['Notes.ndjson,1', `Patient.ndjson,${SIZE + 1}`, `Patient.ndjson,${SIZE + 2}`]);
  expect(lines.length - 1).toBe(await rows.count());

  // The practice screen shows the imported practice.
  await page.getByRole('link', { name: 'Practice', exact: true }).click();
  await expect(page.getByTestId('patient-count')).toHaveText(SIZE.toLocaleString('en-GB'));

  // Delete the practice data: asks first; afterwards there is none, and the log is kept.
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Delete practice data' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByRole('link', { name: 'Practice', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No practice data yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Log', exact: true }).click();
  await expect(page.getByText(/Practice extract imported: 200 patients/)).toBeVisible();
  await expect(page.getByText(/Practice data deleted from this browser/)).toBeVisible();
});

test('a large import shows its progress and can be cancelled, leaving the previous practice in use', async ({ page }) => {
  const size = 10_000;
  await page.goto('/');
  await loadDemoPractice(page, size);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  const dir = await mkdtemp(join(tmpdir(), 'scr-extract-large-'));
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

  await page.getByTestId('import-files-input').setInputFiles(paths);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('Importing the practice extract');
  await progress.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('Import cancelled');
  await expect(page.getByTestId('import-summary-result')).toContainText('The previous practice data is unchanged');
  await page.getByRole('link', { name: 'Practice', exact: true }).click();
  await expect(page.getByTestId('patient-count')).toHaveText(size.toLocaleString('en-GB'));
});
