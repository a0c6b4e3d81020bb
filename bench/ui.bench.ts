// The UI thread during a run of 10,000 patients: the longest task and the number of tasks over
// 50 ms, from the Long Tasks API in the page, from "Yes, run" until every patient is checked and
// then UI_SENDING_SECONDS more while the training Spine (the default settings) takes messages,
// so both checking and sending updates reach the screen. The Upload screen is showing throughout.

import { test } from '@playwright/test';
import { fmt, loadDemo, startRun, waitAllChecked } from './lib/app';
import { BENCH } from './lib/env';
import { openApp } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure } from './lib/stats';
import { startUiProbe, stopUiProbe, type UiReport } from './lib/uiProbe';

const SIZE = 10_000;
/** Seconds watched after the last patient is checked, while messages are sent. */
const UI_SENDING_SECONDS = 10;
/** A Long Task is one over this (ms), as the Long Tasks API defines it. */
const LONG_TASK_MS = 50;

test('UI thread during a 10,000-patient run', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * 300_000);
  const reports: UiReport[] = [];
  for (let i = 0; i < BENCH.runs; i++) {
    const app = await openApp(baseURL ?? '');
    try {
      await loadDemo(app.page, SIZE);
      await app.page.getByRole('link', { name: 'Upload', exact: true }).click();
      await startUiProbe(app.page);
      await startRun(app.page);
      await waitAllChecked(app.page, 600_000);
      await app.page.waitForTimeout(UI_SENDING_SECONDS * 1000);
      const report = await stopUiProbe(app.page);
      reports.push(report);
      const longest = Math.max(0, ...report.longTasks);
      console.log(`UI #${i + 1}: ${report.longTasks.length} long tasks, longest ${longest.toFixed(0)} ms, longest timer stall ${report.maxTimerDelayMs.toFixed(0)} ms, watched ${(report.watchedMs / 1000).toFixed(1)} s`);
    } finally {
      await app.close();
    }
  }
  const watched = `from "Yes, run" on the Upload screen until all ${fmt(SIZE)} patients are checked plus ${UI_SENDING_SECONDS} s of sending to the training Spine (default settings)`;
  recordFigures([
    figure(
      'ui_longest_task_ms',
      'ms',
      reports.map((r) => (r.longTasks.length > 0 ? Math.max(...r.longTasks) : r.maxTimerDelayMs)),
      `longest Long Task (PerformanceObserver 'longtask') on the page's main thread, ${watched}; a run with no task over ${LONG_TASK_MS} ms counts its longest stall seen by a 10 ms timer instead (then under ${LONG_TASK_MS} ms)`,
    ),
    figure('ui_tasks_over_50ms', 'tasks', reports.map((r) => r.longTasks.length), `Long Tasks (over ${LONG_TASK_MS} ms) on the main thread, ${watched}`),
    figure('ui_max_timer_delay_ms', 'ms', reports.map((r) => r.maxTimerDelayMs), `longest lateness of a 10 ms setInterval on the main thread, ${watched}: how long the page could not react at worst`),
  ]);
});
