// A run left alone for hours, in a browser whose tabs behave as on a practice PC
// (support/realTabs.ts): the screen wake lock is held while the run is active and taken again
// when the tab comes back to the front; closing the tab that runs the job asks first; the tab
// title and the app badge show progress and clear on completion; the opted-in desktop
// notifications say when the login expired and when the run completed.
//
// What headless Chromium cannot show, and so is read from the page instead: there is no screen
// to keep on (the wake lock is granted by the test as the user's browser would, and the page's
// own WakeLockSentinel objects say whether it is held), no installed app to carry a badge (the
// calls to navigator.setAppBadge are recorded), and no desktop for the notifications (the
// Notification objects the page creates are recorded).

import { loadDemoPractice } from './support/practice';
import { launchRealTabs } from './support/realTabs';
import { demoOutcomes, expect, saveSpineSettings, startRun, test } from './support/sending';

/** Records the wake lock sentinels, badge calls and notifications the page makes, calling through. */
const RECORD = `(() => {
  const seen = { wake: [], badge: [], notes: [] };
  Object.defineProperty(window, '__leftAlone', { value: seen });
  if (navigator.wakeLock) {
    const request = navigator.wakeLock.request.bind(navigator.wakeLock);
    navigator.wakeLock.request = async (type) => { const s = await request(type); seen.wake.push(s); return s; };
  }
  if (navigator.setAppBadge) {
    const set = navigator.setAppBadge.bind(navigator);
    const clear = navigator.clearAppBadge.bind(navigator);
    navigator.setAppBadge = (n) => { seen.badge.push(n === undefined ? 'flag' : n); return set(n); };
    navigator.clearAppBadge = () => { seen.badge.push('clear'); return clear(); };
  }
  const Native = window.Notification;
  if (Native) {
    window.Notification = class extends Native {
      constructor(title, options) { super(title, options); seen.notes.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || '' }); }
    };
  }
})();`;

interface Seen {
  /** Each wake lock taken: whether it has been released since. */
  readonly wake: boolean[];
  readonly badge: (number | 'clear' | 'flag')[];
  readonly notes: { title: string; body: string; tag: string }[];
}

test('left alone: wake lock held and taken again, a question before closing, progress in the title and badge, notifications for an expired login and the completion', async ({ baseURL, startSpine }) => {
  const SIZE = 200;
  const RATE = 5;
  const demo = demoOutcomes(SIZE);
  test.setTimeout(240_000 + (demo.qualifying.length / RATE) * 1000);
  const spine = await startSpine({ rateLimitPerSecond: RATE, cors: 'open' });
  const tabs = await launchRealTabs();
  try {
    const origin = new URL(baseURL ?? '').origin;
    await tabs.grant(origin, ['notifications', 'screen-wake-lock']);
    await tabs.context.addInitScript(RECORD);
    const page = await tabs.open(`${origin}/`);
    const seen = (): Promise<Seen> =>
      page.evaluate(() => {
        const s = (window as unknown as { __leftAlone: { wake: { released: boolean }[]; badge: Seen['badge']; notes: Seen['notes'] } }).__leftAlone;
        return { wake: s.wake.map((w) => w.released), badge: [...s.badge], notes: [...s.notes] };
      });

    await loadDemoPractice(page, SIZE);
    await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE });
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    expect(await page.evaluate(() => Notification.permission), `notifications for ${page.url()}`).toBe('granted');
    const optIn = page.getByLabel('Tell me on this computer when the upload completes or needs someone');
    await optIn.click();
    await expect(optIn).toBeChecked();
    await startRun(page);

    // Progress in front of the screen's title, and on the badge.
    await expect.poll(() => page.title()).toMatch(/^\(\d{1,3}%\) /);
    await expect.poll(async () => (await seen()).badge.some((b) => typeof b === 'number')).toBe(true);
    // The screen is kept on while the run is active.
    await expect.poll(async () => (await seen()).wake).toEqual([false]);

    // Another tab in front: the browser lets the wake lock go; back in front, it is taken again.
    await tabs.hide(page);
    await expect.poll(async () => (await seen()).wake).toEqual([true]);
    await tabs.show(page);
    await expect.poll(async () => (await seen()).wake).toEqual([true, false]);

    // Closing the tab that runs the job asks first; staying keeps it running.
    const questions: string[] = [];
    page.on('dialog', (dialog) => {
      questions.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => questions).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    await expect(page.getByTestId('situation-running')).toBeVisible();

    // The login expires mid-run: sending pauses, and the desktop is told.
    await expect.poll(() => spine.stats().bundlesStored, { timeout: 60_000 }).toBeGreaterThan(20);
    spine.expireTokens();
    await expect.poll(async () => (await seen()).notes.map((n) => n.title), { timeout: 60_000 }).toContain('Upload paused: the login has expired');
    // A new token: sending goes on to the end.
    await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE });
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await expect(page.getByTestId('situation-completed')).toContainText('National Summary Initial Upload completed successfully', { timeout: (demo.qualifying.length / RATE) * 1000 + 60_000 });

    // Completed: the title and badge are cleared, the wake lock let go, and the desktop told once.
    await expect.poll(() => page.title()).not.toMatch(/^\(/);
    await expect.poll(async () => (await seen()).badge.at(-1)).toBe('clear');
    await expect.poll(async () => (await seen()).wake.every((released) => released)).toBe(true);
    await expect.poll(async () => (await seen()).notes.filter((n) => n.title === 'SCR Initial Upload completed')).toHaveLength(1);
    const done = (await seen()).notes.find((n) => n.title === 'SCR Initial Upload completed');
    expect(done?.body).toContain(`${demo.qualifying.length.toLocaleString('en-GB')} messages sent, 0 failed`);
    // Nothing can be closed without asking any more: the job is over.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(questions).toEqual(['beforeunload']);
  } finally {
    await tabs.close();
  }
});
