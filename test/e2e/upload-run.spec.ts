import { expect, test } from '@playwright/test';

test('run the demo practice to the end', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Number of patients').selectOption('1000');
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-completed')).toBeVisible();
  await expect(page.getByTestId('stat-unprocessed')).toHaveText('0');
  console.log(await page.getByTestId('run-statistics').innerText());
});
