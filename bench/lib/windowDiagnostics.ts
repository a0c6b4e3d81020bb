// Where a measurement window's time went, in one line for the log: how busy the bench's own event
// loop was (it hosts the loopback Spine and its HTTPS front, and drives the browser), the CPU time
// of every thread of this process and the browser's (processCpu.ts), and when asked for, the
// engine worker's CPU profile (BENCH_PROFILE_WORKER=file.cpuprofile: workerProfile.ts) and a
// Chromium trace of some categories summed by event (BENCH_TRACE=IndexedDB,...: browserTrace.ts).
// The profile and the trace cost CPU themselves: figures measured with them are lower.

import { performance } from 'node:perf_hooks';
import { describeTrace, traceBrowser } from './browserTrace';
import { cpuBetween, describeCpu, snapshotCpu } from './processCpu';
import type { Profile } from './profile';
import { describeProfile, profileWorker } from './workerProfile';
import { WorkerSession } from './workerSession';

export interface WindowDiagnostics {
  /** Ends the window (`seconds` long, as measured) and describes it. */
  stop(seconds: number): Promise<string>;
}

export async function startDiagnostics(app: Profile): Promise<WindowDiagnostics> {
  const profilePath = process.env['BENCH_PROFILE_WORKER'];
  const traceCategories = process.env['BENCH_TRACE'];
  const session = profilePath === undefined ? null : await WorkerSession.attach(app.context, app.page);
  const profiler = session === null ? null : await profileWorker(session);
  const tracer = traceCategories === undefined ? null : await traceBrowser(app.context, app.page, traceCategories);
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = snapshotCpu();
  return {
    stop: async (seconds) => {
      const loop = performance.eventLoopUtilization(loopBefore);
      const parts = [`the bench's event loop (Spine, its front, Playwright) ${(loop.utilization * 100).toFixed(0)}% busy`, describeCpu(cpuBetween(cpuBefore, snapshotCpu()), seconds)];
      if (profiler !== null && profilePath !== undefined) parts.push(describeProfile(await profiler.stop(), profilePath));
      await session?.detach();
      if (tracer !== null) parts.push(describeTrace(await tracer.stop()));
      return parts.join('; ');
    },
  };
}
