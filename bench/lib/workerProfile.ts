// A CPU profile of the engine worker over a benchmark window (CDP Profiler, through
// workerSession.ts), summarised as the functions that took the most of the worker's own time.
// For finding where a figure's time goes; written out whole as a .cpuprofile for DevTools.

import { writeFileSync } from 'node:fs';
import type { WorkerSession } from './workerSession';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

function isCpuProfile(value: unknown): value is CpuProfile {
  return typeof value === 'object' && value !== null && 'nodes' in value && Array.isArray(value.nodes) && 'startTime' in value;
}

/** Starts the worker's sampling profiler; stop() returns the profile. */
export async function profileWorker(session: WorkerSession, intervalUs = 500): Promise<{ stop(): Promise<CpuProfile> }> {
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.call('Profiler.start');
  return {
    stop: async () => {
      const result = await session.call('Profiler.stop');
      const profile = typeof result === 'object' && result !== null && 'profile' in result ? result.profile : null;
      if (!isCpuProfile(profile)) throw new Error('Profiler.stop gave no profile');
      return profile;
    },
  };
}

/** Milliseconds of self time per function ("name file:line"), largest first; "(idle)" is waiting. */
export function selfTimes(profile: CpuProfile): [string, number][] {
  const names = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const name = names.get(id) ?? '?';
    // A sample's time is the gap to the next one.
    totals.set(name, (totals.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The top `n` functions by self time, and the busy total, for a log line; the profile written to `path`. */
export function describeProfile(profile: CpuProfile, path: string, n = 25): string {
  writeFileSync(path, JSON.stringify(profile));
  const rows = selfTimes(profile);
  const busy = rows.filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(program)')).reduce((s, [, ms]) => s + ms, 0);
  const wall = (profile.endTime - profile.startTime) / 1000;
  return `worker busy ${busy.toFixed(0)} ms of ${wall.toFixed(0)} ms (profile in ${path}); top self times: ${rows
    .slice(0, n)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
    .join('; ')}`;
}
