// How far a running upload has got, for the tab title and the installed app's badge, so a run
// left alone can be followed from the task bar or another window. Pure figures, then the two
// places they are shown (both cleared when no run is active).

import type { JobState } from '../../shared/engineState';
import type { OutboxCounts } from '../../shared/sendingStatus';

/** What the figure reads of the job (the engine's JobState is one). */
export type ProgressJob =
  | { readonly phase: 'running'; readonly run: { readonly total: number; readonly counts: { readonly checked: number; readonly queued: number } }; readonly sending: { readonly counts: OutboxCounts } }
  | { readonly phase: Exclude<JobState['phase'], 'running'> };

/**
 * Percent of the run's patients whose outcome is final: checked and not queued (not required,
 * failed the checks), or queued and then acknowledged or failed on sending. Whole, 0-100; null
 * when no run is active.
 */
export function uploadPercent(job: ProgressJob): number | null {
  if (job.phase !== 'running') return null;
  const { run, sending } = job;
  if (run.total <= 0) return 100;
  const settled = Math.max(0, run.counts.checked - run.counts.queued) + sending.counts.sent + sending.counts.failed;
  return Math.max(0, Math.min(100, Math.floor((settled * 100) / run.total)));
}

/** What the title starts with during a run: `(42%) `. */
const PREFIX = /^\(\d{1,3}%\) /;

/** The title with the run's progress in front of it (or without, for null). */
export function titleWithProgress(title: string, percent: number | null): string {
  const base = title.replace(PREFIX, '');
  return percent === null ? base : `(${percent}%) ${base}`;
}

/** The installed app's badge: the percent done while a run is active, nothing otherwise. */
export function showBadge(percent: number | null): void {
  if (!('setAppBadge' in navigator)) return;
  // The badge is a courtesy: a browser that refuses it changes nothing else.
  const shown = percent === null ? navigator.clearAppBadge() : navigator.setAppBadge(percent);
  shown.catch(() => undefined);
}
