// Time in the browser tests: wall-clock times as the schedule form takes them, and moving the
// engine's clock forward (test builds only: VITE_TEST_CLOCK=1 gives window.scrTestClock).

import { expect, type Page } from '@playwright/test';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** The browser's local wall-clock time `ms` from now, as `HH:MM`. */
export async function localTimeIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }, ms);
}

/** The browser's local date and time `ms` from now, as `YYYY-MM-DD` and `HH:MM`. */
export async function localDateTimeIn(page: Page, ms: number): Promise<{ date: string; time: string }> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
  }, ms);
}

/** Moves the engine's clock forward by `ms`. */
export async function advanceClock(page: Page, ms: number): Promise<void> {
  const result = await page.evaluate(async (by) => {
    const clock = (window as unknown as { scrTestClock?: { advance(ms: number): Promise<{ ok: boolean }> } }).scrTestClock;
    if (clock === undefined) return { ok: false };
    return clock.advance(by);
  }, ms);
  expect(result.ok, 'this is a test build (VITE_TEST_CLOCK=1)').toBe(true);
}
