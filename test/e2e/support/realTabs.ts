// A browser whose tabs behave as on a practice PC: hidden when another tab is in front, throttled
// in the background, frozen and resumed by the browser. Playwright's own browsers treat every page
// as a visible, focused foreground tab (it emulates focus, which Chromium counts as the page being
// watched), so hiding or freezing one has no effect there. Here Debian's Chromium is started by
// the test and reached over CDP without Playwright's page defaults, so its tabs are real tabs:
// a tab opened in front hides the one behind it, and `Page.setWebLifecycleState` freezes a
// hidden tab and its workers (checked by `freeze` and `resume` events in the page).
//
// The browser runs with Chromium's background throttling as shipped (none of Playwright's
// --disable-background-* switches), with the intensive throttling of hidden tabs (timers woken
// once a minute) starting after `intensiveAfterSeconds` instead of 5 minutes.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config';

export interface RealTabs {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** A new tab at `url` (absolute), in front; `beforeLoad` sees the page before it loads (to listen to it). */
  open(url: string, beforeLoad?: (page: Page) => void): Promise<Page>;
  /** Puts another (blank) tab in front of `page`, so `page` is hidden; resolves once it is. */
  hide(page: Page): Promise<Page>;
  /** Brings `page` to the front again; resolves once it is visible. */
  show(page: Page): Promise<void>;
  /**
   * Freezes the hidden `page` (and its workers), as the browser does to a tab long in the
   * background, runs `whileFrozen` (which waits for what the test wants to see meanwhile), then
   * resumes it.
   */
  freeze(page: Page, whileFrozen: () => Promise<void>): Promise<void>;
  /**
   * Discards the hidden `page` as Chromium does a tab long in the background: frozen first
   * (`whileFrozen` runs then), then its renderer is ended without any unload handler running.
   * The tab stays, with its session storage, and loads the page again when next navigated.
   */
  discard(page: Page, whileFrozen: () => Promise<void>): Promise<void>;
  /** Grants this origin the permissions the browser would ask the user for (and no others). */
  grant(origin: string, permissions: readonly ('notifications' | 'screen-wake-lock')[]): Promise<void>;
  close(): Promise<void>;
}

export interface RealTabsOptions {
  /** Seconds a tab is hidden before its timers are woken only once a minute (Chromium: 300). */
  readonly intensiveAfterSeconds?: number;
  /** More Chromium switches (the benchmark's accepted certificate key). */
  readonly args?: readonly string[];
}

function devToolsPort(profile: string): number | null {
  try {
    const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

/** Records the Page Lifecycle events a page goes through, for the test to read. */
const RECORD_LIFECYCLE = `(() => {
  const seen = [];
  Object.defineProperty(window, '__lifecycle', { value: seen });
  for (const type of ['freeze', 'resume', 'visibilitychange']) document.addEventListener(type, () => seen.push(type === 'visibilitychange' ? document.visibilityState : type), true);
})();`;

export async function launchRealTabs(options: RealTabsOptions = {}): Promise<RealTabs> {
  const profile = mkdtempSync(join(tmpdir(), 'scr-real-tabs-'));
  const args = [
    ...CHROMIUM_ARGS,
    '--headless',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    `--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/${options.intensiveAfterSeconds ?? 300}`,
    ...(options.args ?? []),
    'about:blank',
  ];
  const proc: ChildProcess = spawn(CHROMIUM_PATH, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const killBrowser = (): void => {
    if (proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined) proc.kill('SIGKILL');
  };
  process.once('exit', killBrowser);
  try {
    let port: number | null = null;
    await expect.poll(() => (port = devToolsPort(profile)), { message: 'Chromium to open its DevTools port', timeout: 30_000 }).not.toBeNull();
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${String(port)}`, { noDefaults: true });
    const context = browser.contexts()[0];
    if (context === undefined) throw new Error('Chromium started without a browser context');
    await context.addInitScript(RECORD_LIFECYCLE);
    const visibility = (page: Page): Promise<string> => page.evaluate(() => document.visibilityState);
    const blank = context.pages()[0];
    return {
      browser,
      context,
      async open(url, beforeLoad) {
        const page = blank !== undefined && blank.url() === 'about:blank' && !blank.isClosed() ? blank : await context.newPage();
        beforeLoad?.(page);
        await page.goto(url);
        await page.bringToFront();
        return page;
      },
      async hide(page) {
        const cover = await context.newPage();
        await cover.bringToFront();
        await expect.poll(() => visibility(page), { message: 'the tab to be hidden' }).toBe('hidden');
        return cover;
      },
      async show(page) {
        await page.bringToFront();
        await expect.poll(() => visibility(page), { message: 'the tab to be visible' }).toBe('visible');
      },
      async freeze(page, whileFrozen) {
        const cdp = await context.newCDPSession(page);
        try {
          await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
          await whileFrozen();
          await cdp.send('Page.setWebLifecycleState', { state: 'active' });
        } finally {
          await cdp.detach().catch(() => undefined);
        }
      },
      async discard(page, whileFrozen) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
        await whileFrozen();
        const crashed = page.waitForEvent('crash', { timeout: 30_000 });
        // Never answered: the session ends with the renderer; the page's crash event is the answer.
        void cdp.send('Page.crash').catch(() => undefined);
        await crashed;
      },
      async grant(origin, permissions) {
        // Replaces what the origin was granted before: name everything it needs at once.
        await context.grantPermissions([...permissions], { origin });
      },
      async close() {
        // Asked to quit, Chromium writes its profile out and exits; killed if it has not within a bound.
        const cdp = await browser.newBrowserCDPSession().catch(() => null);
        await cdp?.send('Browser.close').catch(() => undefined);
        await browser.close().catch(() => undefined);
        const bound = setTimeout(killBrowser, 15_000);
        await exited;
        clearTimeout(bound);
        process.removeListener('exit', killBrowser);
        rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      },
    };
  } catch (error) {
    killBrowser();
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    throw error;
  }
}

/** The Page Lifecycle events the page has seen since it loaded: 'freeze', 'resume', 'hidden', 'visible'. */
export function lifecycleEvents(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __lifecycle?: string[] }).__lifecycle ?? [])]);
}
