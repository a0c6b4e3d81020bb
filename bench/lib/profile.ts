// A fresh on-disk browser profile per measurement. Playwright's usual contexts are incognito,
// and Chromium keeps an incognito profile's IndexedDB in memory; a practice PC keeps it on disk,
// so every figure here is measured in a persistent profile in a new temporary directory,
// removed afterwards. Same Chromium binary and flags as the browser tests.

import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { benchCertificate } from './tls';

export interface Profile {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the browser and deletes the profile directory. */
  close(): Promise<void>;
}

export async function openProfile(baseURL: string): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'scr-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    // The loopback Spine's HTTPS front uses a throwaway certificate: accept that key only.
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${benchCertificate().spkiSha256}`],
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app and waits until its service worker has installed (it precaches the shell on
 * the first visit; that download must not overlap a measurement).
 */
export async function openApp(baseURL: string): Promise<Profile> {
  const profile = await openProfile(baseURL);
  await profile.page.goto('/');
  await profile.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  return profile;
}
