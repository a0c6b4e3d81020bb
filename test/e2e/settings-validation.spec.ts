// Settings that make no sense are refused as a whole: the NHS error summary lists each problem as
// a link to its field, each field shows its own error, and nothing is stored — after a reload
// the upload still goes to the training Spine.

import { expect, test } from '@playwright/test';
import { tokenField } from './support/sending';

const BASE_URL_ERROR = 'The base URL must start with https:// (http:// is allowed only for localhost, 127.0.0.1 or [::1])';
const TOKEN_ERROR = 'Enter the access token';
const URID_ERROR = 'Enter the NHSD-Session-URID: the national service refuses an upload without it';
const RATE_ERROR = 'The number of requests per second must be a number more than 0 and at most 100';

test('an http address that is not local, no NHSD-Session-URID, no token and a rate of 0: errors at the summary and the fields, nothing stored', async ({ page }) => {
  await page.goto('/#/settings');
  const training = page.getByRole('radio', { name: 'Training — nothing leaves this browser' });
  const spineMode = page.getByRole('radio', { name: 'A Spine over HTTP' });
  await expect(training).toBeChecked();

  await spineMode.check();
  const baseUrl = page.getByLabel('Base URL', { exact: true });
  const rate = page.getByLabel('Requests per second', { exact: true });
  await baseUrl.fill('http://example.org');
  await page.getByRole('radio', { name: 'Access token', exact: true }).check();
  await expect(tokenField(page)).toHaveValue('');
  await rate.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();

  const summary = page.getByTestId('settings-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(summary.getByRole('link')).toHaveText([BASE_URL_ERROR, URID_ERROR, TOKEN_ERROR, RATE_ERROR]);
  await expect(page.getByTestId('settings-notice')).toHaveCount(0);

  // Each field carries its error, announced with it.
  const urid = page.getByLabel('NHSD-Session-URID', { exact: true });
  for (const [field, message] of [[baseUrl, BASE_URL_ERROR], [urid, URID_ERROR], [tokenField(page), TOKEN_ERROR], [rate, RATE_ERROR]] as const) {
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(new RegExp(`Error:\\s+${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }
  // What is right is not marked.
  await expect(page.getByLabel('Requests at once', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  // A summary link takes the focus to its field.
  await summary.getByRole('link', { name: TOKEN_ERROR }).click();
  await expect(tokenField(page)).toBeFocused();

  // Nothing was stored: a reload shows the training Spine, with no Spine address kept.
  await page.reload();
  await expect(training).toBeChecked();
  await expect(spineMode).not.toBeChecked();
  await expect(page.getByRole('radio', { name: 'Fast' })).toBeChecked();
  await expect(baseUrl).toHaveValue('');
  await expect(page.getByTestId('settings-error-summary')).toHaveCount(0);
});
