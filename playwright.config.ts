// Browser tests: the built app (the service worker exists only in a build) served by
// `vite preview`, driven in Debian's Chromium. Test tools never download a browser here.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PORT = 4173;

/**
 * Specs that must have the machine to themselves: one keeps both cores busy on purpose and
 * asserts no 429, one compares the time left on screen with the real time, one drives real tabs
 * through the browser's own freezing and throttling, and the crash test kills whole browsers at
 * moments of the run it draws (a neighbour would shift where they fall). The rest wait on conditions and pass with a
 * neighbour, so `npm test` runs them two at a time (most of their time is spent sending at the
 * Spine's rate, not computing) and then these alone.
 */
export const RUN_ALONE = [/send-loopback\.spec\.ts$/, /run-control\.spec\.ts$/, /browser-interruptions\.spec\.ts$/, /crash\.spec\.ts$/];

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: process.env['E2E_REPORT'] ?? 'reports/e2e-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'shared', testIgnore: RUN_ALONE },
    { name: 'alone', testMatch: RUN_ALONE },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
