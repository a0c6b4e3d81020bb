// A browser the benchmark can let go of while it measures, as a practice PC's browser runs with
// no DevTools client attached. Playwright attaches to every page and worker and reports each of
// their requests over the DevTools protocol; measured the same hour on this VM, five minutes each,
// a run with Playwright attached sent at 0.935 of the limit with 17 × 429 (fetch to the gateway
// 99 % within 14 ms), and the same run with Playwright detached after Run at 0.966 with 7 × 429
// (99 % within 9 ms). So the sending figures are measured detached.
//
// Debian's Chromium is started by the bench with the same switches as the browser tests, an
// on-disk profile (a practice PC keeps IndexedDB on disk) and a DevTools port; Playwright connects
// over it to drive the app, disconnects for the window, and connects again to read the outbox.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { benchCertificate } from './tls';

export interface DetachableBrowser {
  /** The app's page while attached. */
  page(): Page;
  /** Disconnects Playwright; the browser and the app run on untouched. */
  detach(): Promise<void>;
  /** Connects again; the app's page as it is now. */
  attach(): Promise<Page>;
  /** Ends the browser and removes its profile. */
  close(): Promise<void>;
}

function devToolsPort(profile: string): number {
  try {
    const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    return Number.isInteger(port) && port > 0 ? port : 0;
  } catch {
    return 0;
  }
}

/** Starts Chromium, opens the app at `baseURL` and waits for its service worker (as openApp). */
export async function openDetachableApp(baseURL: string): Promise<DetachableBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'scr-bench-detachable-'));
  const args = [...CHROMIUM_ARGS, '--headless', `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--ignore-certificate-errors-spki-list=${benchCertificate().spkiSha256}`, '--window-size=1280,900', 'about:blank'];
  const proc: ChildProcess = spawn(CHROMIUM_PATH, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const kill = (): void => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  process.once('exit', kill);
  let browser: Browser | null = null;
  let page: Page | null = null;
  const connect = async (): Promise<Page> => {
    const port = devToolsPort(profile);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${String(port)}`, { noDefaults: true });
    const found = browser.contexts()[0]?.pages()[0];
    if (found === undefined) throw new Error('Chromium has no page to drive');
    page = found;
    return found;
  };
  const close = async (): Promise<void> => {
    // Asked to quit, Chromium ends its renderers and writes its profile out; killed if it has not
    // within a bound (or could not be asked).
    const cdp = browser === null ? null : await browser.newBrowserCDPSession().catch(() => null);
    await cdp?.send('Browser.close').catch(() => undefined);
    await browser?.close().catch(() => undefined);
    const bound = setTimeout(kill, cdp === null ? 0 : 15_000);
    await exited;
    clearTimeout(bound);
    process.removeListener('exit', kill);
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      // A profile left in the temporary folder is not worth failing a measurement for.
      console.warn(`could not remove ${profile}: ${String(error)}`);
    }
  };
  try {
    await expect.poll(() => devToolsPort(profile), { message: 'Chromium to open its DevTools port', timeout: 30_000 }).toBeGreaterThan(0);
    const first = await connect();
    await first.goto(`${baseURL}/`);
    await first.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    page: () => {
      if (page === null) throw new Error('the bench is detached from the browser');
      return page;
    },
    detach: async () => {
      await browser?.close();
      browser = null;
      page = null;
    },
    attach: connect,
    close,
  };
}
