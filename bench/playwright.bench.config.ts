// Playwright configuration for the benchmarks (`npm run bench`; not part of CI): the app built
// into reports/bench-dist and served on BENCH_PORT (4174, so the browser tests can use 4173 at
// the same time), the same Chromium as the browser tests, one bench file at a time.
// Each bench opens its own on-disk browser profiles (lib/profile.ts); figures are collected by
// lib/results.ts and written to bench/results.json by lib/globalTeardown.ts.

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { BENCH_PORT } from './lib/env';

const baseURL = `http://127.0.0.1:${BENCH_PORT}`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  // Each bench sets its own limit from the sizes and repetitions asked for.
  timeout: 4 * 3_600_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../reports/bench-output',
  globalSetup: './lib/globalSetup.ts',
  globalTeardown: './lib/globalTeardown.ts',
  use: {
    baseURL,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --outDir reports/bench-dist --host 127.0.0.1 --port ${BENCH_PORT} --strictPort`,
    cwd: '..',
    url: baseURL,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
