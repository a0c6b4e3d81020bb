// Playwright configuration for the benchmarks: the same built app and Chromium as the browser
// tests, one worker, long timeouts, console output kept.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 1_800_000,
  reporter: [['list']],
  outputDir: '../reports/bench-output',
  webServer: { ...(Array.isArray(base.webServer) ? base.webServer[0] : base.webServer), cwd: '..' } as NonNullable<typeof base.webServer> & object,
});
