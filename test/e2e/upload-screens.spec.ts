// After a run to the training Spine: the completion statistics agree with the domain rules and
// with the training Spine's refusals (Sent + failed on sending = qualifying, nothing left
// Sending), Run is refused with the Already Run to Completion screen, Upload Errors lists the failed patients and exports them as
// CSV, and the preview shows free text from the record as text, never as markup.
import { expect, test } from '@playwright/test';
import { generatePage } from '../../src/demo/generatePatients';
import { checkEligibility } from '../../src/domain/eligibility';
import { trainingHasNoConsent } from '../../src/worker/send/trainingSpine';
import { localToday } from './support/practice';

test('completion, Already Run to Completion, Upload Errors with CSV, and the preview', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByLabel('Number of patients').selectOption('1000');
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  const patients = generatePage({ seed: 20_260_101, asOf: localToday() }, 1, 1000);
  const outcomes = patients.map((p) => checkEligibility(p));
  const qualifying = outcomes.filter((o) => o.outcome === 'qualifies').length;
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  const notRequired = outcomes.filter((o) => o.outcome === 'not-required').length;
  // Qualifying patients the training Spine answers 403 (no consent): they fail on sending.
  const refused = patients.filter((p, i) => outcomes[i]?.outcome === 'qualifies' && p.nhsNumber !== null && trainingHasNoConsent(p.nhsNumber, ['9111231130'])).length;
  expect(refused).toBeGreaterThan(0);

  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText('This action will send a GP Summary Initial Upload for all eligible patients. Do you wish to proceed?');
  await page.getByRole('button', { name: 'Yes, run' }).click();
  const done = page.getByTestId('situation-completed');
  // About 800 messages to the training Spine at its fast speed: 20-30 s on an idle machine, more
  // on a loaded one.
  await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: 180_000 });
  await expect(page.getByTestId('qualifying')).toHaveText(qualifying.toLocaleString('en-GB'));
  await expect(page.getByTestId('stat-failed')).toHaveText(String(failed + refused));
  await expect(page.getByTestId('stat-not-required')).toHaveText(String(notRequired));
  await expect(page.getByTestId('stat-sent')).toHaveText((qualifying - refused).toLocaleString('en-GB'));
  await expect(page.getByTestId('stat-sending')).toHaveText('0');
  await expect(page.getByTestId('stat-unprocessed')).toHaveText('0');

  // Run is not offered again: the Already Run to Completion screen offers Rerun and Failed.
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  const already = page.getByTestId('situation-already-completed');
  await expect(already).toContainText('Already Run to Completion');
  await expect(already.getByRole('button', { name: 'Rerun' })).toBeVisible();
  await expect(already.getByRole('button', { name: 'Failed' })).toBeEnabled();

  await page.getByRole('link', { name: 'Upload Errors', exact: true }).click();
  await expect(page.getByTestId('failure-total')).toHaveText(`${failed} failed patients`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as CSV' }).click();
  const csv = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of csv) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('NHS number,Patient record,Name,Reason,Time');
  expect(lines.length - 1).toBe(failed);

  // The preview of a patient whose record holds text with < and & shows it as text.
  const tricky = patients.find((p) => p.medications.some((m) => m.dose.includes('<do not use on broken skin>')) && checkEligibility(p).outcome === 'qualifies');
  expect(tricky).toBeDefined();
  await page.getByRole('link', { name: 'Preview', exact: true }).click();
  await page.getByLabel('NHS number or patient record id').fill(tricky?.id ?? '');
  await page.getByRole('button', { name: `${tricky?.familyName.toUpperCase()}, ${tricky?.givenName}` }).click();
  const preview = page.getByTestId('preview');
  await expect(preview.getByTestId('preview-outcome')).toHaveText('Qualifies');
  await expect(preview).toContainText('<do not use on broken skin>');
  expect(await preview.locator('do').count()).toBe(0);
});
