// A plain answer when the browser is refused: the app on its own origin (vite preview) pointed
// straight at the loopback Spine with the live gateway's CORS, which answers every request but
// lets no other origin send an upload with a bearer token or read an answer. Test connection
// says the endpoint refuses this browser (not "no network"); a run then stops sending with that
// reason within a minute instead of retrying for hours, and nothing is failed.

import { loadDemoPractice } from './support/practice';
import { demoOutcomes, expect, fmt, saveSpineSettings, startRun, test } from './support/sending';
import { testConnection } from './support/signedJwtSettings';

const SIZE = 200;

test('live gateway CORS from another origin: Test connection says the endpoint refuses this browser; a run stops sending with that reason within a minute, nothing failed', async ({ page, baseURL, startSpine }) => {
  const demo = demoOutcomes(SIZE);
  const spine = await startSpine({ rateLimitPerSecond: 5 });
  expect(spine.config().cors).toBe('live');
  const pageOrigin = new URL(baseURL ?? '').origin;

  await page.goto('/');
  await loadDemoPractice(page, SIZE);
  await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: 5 });

  const result = await testConnection(page);
  await expect(result).toHaveAttribute('data-verdict', 'refused-by-browser');
  await expect(result.getByTestId('connection-headline')).toHaveText(
    `The endpoint refuses this browser: the server at ${spine.url} answered, but does not let this page (${pageOrigin}) send uploads to it or read its answers (CORS). Open the app from the practice server that forwards to the Spine (one origin, see the README), or use an endpoint that allows this page.`,
  );
  await expect(result.getByTestId('connection-check-upload')).toHaveAttribute('data-state', 'failed');

  await startRun(page);
  const startedAt = Date.now();
  const sending = page.getByTestId('sending-text');
  await expect(sending).toContainText(`Sending stopped: Refused by the browser: the server at ${spine.url} answered but refused this page (${pageOrigin}) (CORS)`, { timeout: 60_000 });
  expect(Date.now() - startedAt, 'ms from Run to the reason on screen').toBeLessThan(60_000);
  await expect(sending).toContainText('Sent 0, in flight');
  await expect(sending).toContainText('failed 0');

  // Nothing failed, nothing reached the Spine's upload endpoint (every upload was refused at its
  // preflight), and the run still holds every qualifying patient's message to send.
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByTestId('message-count-total')).toHaveText(fmt(demo.qualifying.length));
  await expect(page.getByTestId('message-count-failed')).toHaveText('0');
  await expect(page.getByTestId('message-count-sent')).toHaveText('0');
  expect(spine.stats().requestsReceived).toBe(0);
});
