// Watches the page's main (UI) thread: every Long Task (a task over 50 ms, reported by
// PerformanceObserver 'longtask') and, with a 10 ms timer, the longest stall any task caused,
// which also covers runs whose tasks all stayed under 50 ms.

import type { Page } from '@playwright/test';

export interface UiReport {
  /** Durations of the Long Tasks seen (ms). */
  readonly longTasks: readonly number[];
  /** Longest lateness of the 10 ms timer (ms): the longest the thread was busy with something. */
  readonly maxTimerDelayMs: number;
  /** How long the probe watched (ms). */
  readonly watchedMs: number;
}

interface ProbeState {
  longTasks: number[];
  maxTimerDelayMs: number;
  startedAt: number;
  stop(): void;
}

type ProbeGlobal = typeof globalThis & { scrBenchUiProbe?: ProbeState };

/** Period of the stall-detecting timer (ms). */
const TIMER_MS = 10;

export async function startUiProbe(page: Page): Promise<void> {
  await page.evaluate((timerMs) => {
    const g = globalThis as ProbeGlobal;
    const state: ProbeState = { longTasks: [], maxTimerDelayMs: 0, startedAt: performance.now(), stop: () => undefined };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    let expected = performance.now() + timerMs;
    const timer = setInterval(() => {
      const now = performance.now();
      state.maxTimerDelayMs = Math.max(state.maxTimerDelayMs, now - expected);
      expected = now + timerMs;
    }, timerMs);
    state.stop = () => {
      observer.disconnect();
      clearInterval(timer);
    };
    g.scrBenchUiProbe = state;
  }, TIMER_MS);
}

export async function stopUiProbe(page: Page): Promise<UiReport> {
  return page.evaluate(() => {
    const state = (globalThis as ProbeGlobal).scrBenchUiProbe;
    if (!state) throw new Error('the UI probe was not started in this page');
    // Long Task entries are delivered asynchronously: take what has arrived, then stop.
    state.stop();
    return { longTasks: state.longTasks, maxTimerDelayMs: state.maxTimerDelayMs, watchedMs: performance.now() - state.startedAt };
  });
}
