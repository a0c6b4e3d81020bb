// Signed-JWT settings filled in as a practice administrator would: "A Spine over HTTP", Create
// signing key, register the public key shown (here: with the loopback Spine, as one would with
// the API platform), use its key ID, the token URL and audience, then Save. And Settings' Test
// connection, pressed and read.

import { expect, type Locator, type Page } from '@playwright/test';
import type { SpineServer } from '../../spine/server';
import { TEST_SESSION_URID } from './sending';

export interface SignedJwtFormInput {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  /** The assertion's aud, when the token URL is not the platform's own. */
  readonly audience?: string;
  readonly clientId: string;
  readonly ratePerSecond: number;
}

export async function saveSignedJwtSettings(page: Page, spine: SpineServer, input: SignedJwtFormInput): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'A Spine over HTTP' }).check();
  await page.getByLabel('Base URL', { exact: true }).fill(input.baseUrl);
  await page.getByLabel('NHSD-Session-URID', { exact: true }).fill(TEST_SESSION_URID);
  await page.getByRole('radio', { name: 'Signed JWT (application-restricted)' }).check();
  await page.getByRole('button', { name: 'Create signing key' }).click();
  const kid = (await page.getByTestId('signing-key-kid').innerText()).trim();
  const jwks = JSON.parse(await page.getByLabel('Public key to register (JWKS)').inputValue()) as { keys: unknown[] };
  expect(jwks.keys).toHaveLength(1);
  spine.registerKey(jwks.keys[0]);
  await page.getByLabel('Key ID (kid)', { exact: true }).fill(kid);
  await page.getByLabel('Token URL', { exact: true }).fill(input.tokenUrl);
  await page.getByLabel('Token audience (aud)', { exact: true }).fill(input.audience ?? '');
  await page.getByLabel('Client ID (API key)', { exact: true }).fill(input.clientId);
  await page.getByLabel('Requests per second', { exact: true }).fill(String(input.ratePerSecond));
  await page.getByRole('radio', { name: 'Short' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toHaveText(`Settings saved. Messages go to ${input.baseUrl}/Bundle.`);
}

/** Presses Test connection (in Settings) and returns the result once it shows. */
export async function testConnection(page: Page): Promise<Locator> {
  const panel = page.getByTestId('test-connection');
  await panel.getByRole('button', { name: 'Test connection' }).click();
  const result = panel.getByTestId('connection-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  return result;
}
