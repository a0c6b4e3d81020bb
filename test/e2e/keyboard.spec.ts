// Accessibility basics: the size select and the Load button are reachable with Tab and operable
// with the keyboard alone, and there is one polite live region (role=status), which says what the
// status bar says in a few words. The whole job by keyboard is keyboard-job.spec.ts.

import { expect, test, type Page } from '@playwright/test';

/** Presses Tab until `matches` says the wanted element has focus; fails after 20 presses. */
async function tabTo(page: Page, matches: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await matches()) return;
  }
  throw new Error(`${what} is not reachable with Tab`);
}

test('the size select and Load button work by keyboard alone; one status region', async ({ page }) => {
  await page.goto('/');
  const select = page.getByLabel('Number of patients');
  const button = page.getByRole('button', { name: 'Load the demo practice' });
  await expect(select).toBeVisible();

  const status = page.getByRole('status');
  await expect(status).toHaveCount(1);
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toContainText('No practice data');
  // The status bar's live figures are shown, not read out.
  await expect(page.getByTestId('status-bar')).not.toHaveAttribute('aria-live');
  await expect(page.getByTestId('status-bar')).not.toHaveAttribute('role');

  await tabTo(page, () => select.evaluate((el) => el === document.activeElement), 'the size select');
  await expect(select).toBeFocused();
  await expect(select).toHaveValue('10000');
  await page.keyboard.press('ArrowUp');
  await expect(select).toHaveValue('1000');

  await tabTo(page, () => button.evaluate((el) => el === document.activeElement), 'the Load button');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('patient-count')).toHaveText('1,000');
  await expect(status).toContainText('1,000 patients');
});

test('Skip to main content moves focus to the screen and stays on it', async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Settings – SCR Initial Upload');
});
