// Resume: a run of 20,000 patients is reloaded mid-run (after RELOAD_AFTER patients are checked);
// timed from the reload until the Upload screen says the run continued by itself (the engine is
// running it again), and until the resumed run commits its first new checkpoint.

import { expect, test } from '@playwright/test';
import { fmt, loadDemo, readLatestRun, startRun } from './lib/app';
import { BENCH } from './lib/env';
import { openApp } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure } from './lib/stats';

const SIZE = 20_000;
/** Patients checked before the reload: well inside the run. */
const RELOAD_AFTER = 5_000;
/** How often progress is checked (ms). */
const POLL_MS = 20;

async function waitForChecked(read: () => Promise<number>, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checked = await read();
    if (checked >= atLeast) return Date.now();
    if (Date.now() > deadline) throw new Error(`fewer than ${atLeast} patients checked after ${timeoutMs} ms (${checked})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

test('resume after a reload mid-run', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * 300_000);
  const running: number[] = [];
  const firstCheckpoint: number[] = [];
  for (let i = 0; i < BENCH.runs; i++) {
    const app = await openApp(baseURL ?? '');
    try {
      const { page } = app;
      await loadDemo(page, SIZE);
      await startRun(page);
      const checked = async (): Promise<number> => (await readLatestRun(page))?.checked ?? 0;
      await waitForChecked(checked, RELOAD_AFTER, 120_000);
      const t0 = Date.now();
      await page.reload({ waitUntil: 'commit' });
      const seen = await page.waitForFunction(() => (document.querySelector('[data-testid="resumed-automatically"]') ? Date.now() : 0), undefined, { polling: POLL_MS, timeout: 120_000 });
      const runningAt = await seen.jsonValue();
      // The run as the resumed engine found it; its next commit is the first new checkpoint.
      const resumedFrom = await checked();
      const committedAt = await waitForChecked(checked, resumedFrom + 1, 120_000);
      const run = await readLatestRun(page);
      expect(run?.control).toBe('running');
      expect(run?.checked ?? SIZE).toBeLessThan(SIZE);
      running.push(runningAt - t0);
      firstCheckpoint.push(committedAt - t0);
      console.log(`resume #${i + 1}: reloaded at about ${fmt(resumedFrom)} checked; running again after ${runningAt - t0} ms, first new checkpoint after ${committedAt - t0} ms`);
    } finally {
      await app.close();
    }
  }
  const how = `a ${fmt(SIZE)}-patient run reloaded after ${fmt(RELOAD_AFTER)} patients were checked (online, training Spine); from page.reload()`;
  recordFigures([
    figure('resume_ms', 'ms', running, `${how} until the Upload screen shows the run continuing by itself (engine running again)`),
    figure('resume_first_checkpoint_ms', 'ms', firstCheckpoint, `${how} until the resumed run's first new checkpoint is stored (polled every ${POLL_MS} ms)`),
  ]);
});
