// The locked-down page: a Content Security Policy with no inline script and no eval, the page
// connecting only to itself, the worker governed by the server's policy, no third-party
// scripts or fonts, and no policy violation while a whole run is sent to the training Spine.

import { expect, test } from '@playwright/test';
import { loadDemoPractice } from './support/practice';

test('the page runs a whole upload under its Content Security Policy, contacting nothing but itself', async ({ page, context, baseURL }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const appOrigin = new URL(baseURL ?? '').origin;
  const otherOrigins = new Set<string>();
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== appOrigin) otherOrigins.add(url.origin);
  });

  const response = await page.goto('/');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).toContain("connect-src 'self'");
  expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // No inline script anywhere in the page.
  expect(await page.locator('script:not([src])').count()).toBe(0);

  await loadDemoPractice(page, 200);
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-completed')).toBeVisible();
  for (const screen of ['Messages', 'Preview', 'Log', 'Import', 'Settings', 'Storage']) {
    await page.getByRole('link', { name: screen, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  // The worker script is served with the header policy that governs its connections.
  const workerUrl = page.workers()[0]?.url();
  expect(workerUrl).toBeDefined();
  const workerResponse = await page.request.get(workerUrl ?? '');
  expect(workerResponse.headers()['content-security-policy']).toMatch(/connect-src 'self' https:/);

  expect(violations).toEqual([]);
  expect([...otherOrigins]).toEqual([]);
});
