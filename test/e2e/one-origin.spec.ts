// One origin, for real: Debian's nginx, configured by deploy/nginx/ exactly as on a practice
// server, serves the built app (dist/) over HTTPS and forwards /spine/fhir/Bundle and
// /spine/token to "the national API": the loopback Spine at its national level with the live
// gateway's CORS (which refuses any other origin), behind HTTPS with a throwaway certificate
// that nginx verifies. Through it the app exchanges a signed JWT for tokens, Test connection
// says the connection works, and an upload runs to completion: every qualifying patient stored
// once, and every request the page made went to its own origin.

import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { makeSelfSignedCertificate } from '../spine/selfSignedCertificate';
import type { SpineServer } from '../spine/server';
import { startHttpsFront, type HttpsFront } from '../support/httpsFront';
import { startNginx, type RunningNginx } from '../support/nginx';
import { loadDemoPractice } from './support/practice';
import { demoOutcomes, expect, fmt, startRun, test as sendingTest } from './support/sending';
import { saveSignedJwtSettings, testConnection } from './support/signedJwtSettings';

const SIZE = 200;
/** The national rate: the gateway's SpikeArrest of 5 a second (one per 200 ms). */
const SPIKE_ARREST = 5;
/**
 * The app's rate: under the SpikeArrest, so that the time a request spends passing through
 * nginx and the HTTPS front rarely brings two within 200 ms of each other (a 429, retried).
 */
const RATE = 4;
const CLIENT_ID = 'one-origin-test-api-key';
/** The national API's FHIR base path, which the configuration forwards to. */
const FHIR_PATH = '/summary-care-record/FHIR/R4';
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

interface PracticeServer {
  /** https://127.0.0.1:PORT: nginx, the app's origin. */
  readonly origin: string;
  readonly nginx: RunningNginx;
  /** A browser context that trusts the server's certificate (as a practice PC trusts its server's). */
  readonly context: BrowserContext;
}

/**
 * `practiceServer(spine)`: nginx in front of dist/ and of the Spine behind HTTPS, and a browser
 * for it. Stopped (nginx by its pid) when the test ends, even when it times out.
 */
const test = sendingTest.extend<{ practiceServer: (spine: SpineServer) => Promise<PracticeServer> }>({
  practiceServer: async ({}, use, testInfo) => {
    const tls = makeSelfSignedCertificate();
    const started: { spine?: SpineServer; front?: HttpsFront; nginx?: RunningNginx; browser?: Browser } = {};
    await use(async (spine) => {
      started.spine = spine;
      const front = (started.front = await startHttpsFront(spine.url, tls, FHIR_PATH));
      const nginx = (started.nginx = await startNginx({ appRoot: DIST, upstreamHost: '127.0.0.1', upstreamPort: front.port, upstreamCa: tls.cert, tls }));
      const browser = (started.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${tls.spkiSha256}`] }));
      return { origin: nginx.origin, nginx, context: await browser.newContext({ baseURL: nginx.origin }) };
    });
    // For a failure's report: what nginx passed on, and what the Spine answered.
    await testInfo.attach('nginx logs', { body: started.nginx?.logs() ?? 'nginx did not start', contentType: 'text/plain' });
    await testInfo.attach('Spine statistics', { body: JSON.stringify(started.spine?.stats() ?? null, null, 2), contentType: 'application/json' });
    await started.browser?.close();
    await started.nginx?.stop();
    await started.front?.close();
  },
});

test('one origin: nginx serves the app and forwards to the national API; a signed-JWT upload completes, each patient stored once, the page contacts only its own origin', async ({ startSpine, practiceServer }) => {
  const demo = demoOutcomes(SIZE);
  test.setTimeout(120_000 + (demo.qualifying.length / RATE) * 1000);
  const spine = await startSpine({ rateLimitPerSecond: SPIKE_ARREST, noConsentNhsNumbers: [], clientId: CLIENT_ID });
  expect(spine.config()).toMatchObject({ level: 'national', cors: 'live' });
  const { origin, nginx, context } = await practiceServer(spine);

  const contacted = new Map<string, number>();
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    const o = new URL(url).origin;
    contacted.set(o, (contacted.get(o) ?? 0) + 1);
  });
  const page = await context.newPage();

  const opened = await page.goto('/');
  expect(opened?.headers()['content-security-policy']).toContain("connect-src 'self'; frame-ancestors 'none'");
  await loadDemoPractice(page, SIZE);
  await saveSignedJwtSettings(page, spine, {
    baseUrl: `${origin}/spine/fhir`,
    tokenUrl: `${origin}/spine/token`,
    // The platform's own token URL, which the assertion must name (the loopback Spine knows
    // itself by this one).
    audience: spine.tokenUrl,
    clientId: CLIENT_ID,
    ratePerSecond: RATE,
  });

  const result = await testConnection(page);
  await expect(result.getByTestId('connection-headline')).toHaveText(`The connection works: this page reaches the Spine at ${origin}, signs in and can send uploads.`);
  for (const id of ['token', 'upload', 'headers']) await expect(result.getByTestId(`connection-check-${id}`)).toHaveAttribute('data-state', 'passed');
  expect(spine.stats().bundlesStored, 'the test message stored nothing').toBe(0);

  await startRun(page);
  const done = page.getByTestId('situation-completed');
  await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: (demo.qualifying.length / RATE) * 1000 + 60_000 });

  // What the Spine received, all through nginx: every qualifying patient stored exactly once.
  const stats = spine.stats();
  expect(stats.bundlesStored).toBe(demo.qualifying.length);
  const notOnce = demo.qualifying.map((p) => p.nhsNumber ?? '').filter((n) => spine.bundles(n).length !== 1);
  expect(notOnce, 'patients not stored exactly once').toEqual([]);
  expect(stats.tokensIssued, 'tokens for the test and the run').toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
  await expect(page.getByTestId('stat-sending')).toHaveText('0');
  const forwarded = nginx.logs().match(/"POST \/spine\/fhir\/Bundle HTTP\/2\.0" 201 /g) ?? [];
  expect(forwarded.length, 'uploads acknowledged through nginx').toBe(demo.qualifying.length);

  // The page, its workers and its service worker contacted nothing but their own origin.
  expect([...contacted.keys()]).toEqual([origin]);
});
