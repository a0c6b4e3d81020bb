import { expect, test } from '@playwright/test';

test('first open → load the demo practice → overview counts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No practice data yet' })).toBeVisible();
  await page.getByLabel('Number of patients').selectOption('1000');
  await page.getByRole('button', { name: 'Load the demo practice' }).click();
  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
});
