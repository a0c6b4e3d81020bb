// When a run left alone needs someone, or is done: what a desktop notification says, worked out
// from two observations of the engine (before and now). Pure: the hook feeds it what the screens
// already read (the status, the latest run, the schedule), and shows what it returns.
//
// Run alerts come from changes this tab saw, and only in the tab that ran the run, so two open
// tabs do not both notify. Each alert has a tag naming its event: the browser replaces a
// notification with the same tag, and the hook shows a tag once on this computer.

import type { RunRecord } from '../../domain/model/runs';
import { formatInstant, LATE_MS } from '../../domain/schedule/scheduleText';
import type { JobState } from '../../shared/engineState';
import type { SenderHold } from '../../shared/sendingStatus';
import type { StoredSchedule } from '../../worker/schedule/scheduleStore';

/** What the alerts read of the job (the engine's JobState is one): a run's id and holds, a failure's code. */
export type WatchedJob =
  | { readonly phase: 'running'; readonly run: { readonly id?: number }; readonly sending: { readonly sender: { readonly holds: readonly SenderHold[]; readonly detail: string | null } } }
  | { readonly phase: 'failed'; readonly error: { readonly code: string } }
  | { readonly phase: Exclude<JobState['phase'], 'running' | 'failed'> };

/** What the alerts read of a run record. */
export type WatchedRun = Pick<RunRecord, 'id' | 'control' | 'createdAt' | 'messages'>;

export interface RunWatch {
  readonly job: WatchedJob;
  readonly runsHere: boolean;
  /** The run this tab last ran (sticky after it ends); null if it ran none. */
  readonly ranRunId: number | null;
  /** undefined while not read yet. */
  readonly latestRun: WatchedRun | null | undefined;
  readonly schedule: StoredSchedule | null | undefined;
}

export interface RunAlert {
  /** The same event gets the same tag in every tab and every observation. */
  readonly tag: string;
  readonly title: string;
  readonly body: string;
}

/** Holds that stop sending until someone acts (offline and an endpoint problem have their own screens). */
const HOLD_ALERTS: Partial<Record<SenderHold, (detail: string | null) => { title: string; body: string }>> = {
  auth: () => ({ title: 'Upload paused: the login has expired', body: 'Sending waits for a new access token (Settings). Nothing has failed.' }),
  'refused-by-service': (detail) => ({
    title: 'Upload stopped sending: the Spine refuses what the app sends',
    body: `${detail === null ? '' : `The Spine said: ${detail} `}Nothing has failed; fix the settings, then Resume.`,
  }),
  error: () => ({ title: 'Upload paused: the browser\'s storage is full', body: 'Nothing is lost. Free some space (Storage shows what is used), then Resume.' }),
};

const fmt = (n: number): string => n.toLocaleString('en-GB');

function holdsOf(job: WatchedJob): readonly SenderHold[] {
  return job?.phase === 'running' ? job.sending.sender.holds : [];
}

function runId(job: WatchedJob): number | null {
  return job.phase === 'running' ? (job.run.id ?? null) : null;
}

function completed(before: RunWatch, now: RunWatch): RunAlert | null {
  const was = before.latestRun;
  const is = now.latestRun;
  if (!was || !is || is.id === undefined || was.id !== is.id || was.control === 'completed' || is.control !== 'completed') return null;
  if (now.ranRunId !== is.id) return null;
  const m = is.messages;
  const body = m ? `${fmt(m.sent)} messages sent, ${fmt(m.failed)} failed. The statistics are on the Upload screen.` : 'The statistics are on the Upload screen.';
  return { tag: `scr-run-${is.id}-completed`, title: 'SCR Initial Upload completed', body };
}

function newHolds(before: RunWatch, now: RunWatch): RunAlert[] {
  if (!now.runsHere) return [];
  const had = holdsOf(before.job);
  const id = runId(now.job);
  const detail = now.job.phase === 'running' ? now.job.sending.sender.detail : null;
  const alerts: RunAlert[] = [];
  for (const hold of holdsOf(now.job)) {
    const words = HOLD_ALERTS[hold];
    if (words === undefined || had.includes(hold)) continue;
    alerts.push({ tag: `scr-run-${id ?? 0}-hold-${hold}`, ...words(detail) });
  }
  return alerts;
}

function storageFailure(before: RunWatch, now: RunWatch): RunAlert | null {
  if (now.ranRunId === null || now.job.phase !== 'failed' || now.job.error.code !== 'storage-quota' || before.job.phase === 'failed') return null;
  return { tag: `scr-run-${now.ranRunId}-storage-full`, title: 'Upload paused: the browser\'s storage is full', body: 'Nothing is lost. Free some space (Storage shows what is used), then Resume.' };
}

/** The start and stop both passed while the app was closed: the upload never started. */
function startMissedEntirely(schedule: StoredSchedule, latestRun: WatchedRun | null): boolean {
  const start = schedule.schedule.startAt;
  if (start === null || schedule.progress.phase.kind !== 'ended' || schedule.progress.lastEvent?.kind !== 'stop') return false;
  return latestRun === null || Date.parse(latestRun.createdAt) < start;
}

function scheduleAlerts(before: RunWatch | null, now: RunWatch): RunAlert[] {
  const s = now.schedule;
  const latestRun = now.latestRun;
  if (!s || latestRun === undefined) return [];
  const event = s.progress.lastEvent;
  if (event === null) return [];
  // On the first look (the app has just opened) the state itself is the news; the hook never
  // shows a tag twice on this computer, so what was already told is not told again.
  const firstLook = before === null || before.schedule === undefined;
  const previous = before?.schedule?.progress.lastEvent;
  if (!firstLook && previous?.kind === event.kind && previous.at === event.at) return [];
  const tz = s.schedule.timeZone;
  if (event.kind === 'start') {
    // The scheduled run began more than a minute late: it was applied when the app next ran.
    const startedAt = latestRun === null ? Number.NaN : Date.parse(latestRun.createdAt);
    if (!(startedAt - event.at > LATE_MS)) return [];
    return [{ tag: `scr-schedule-start-${event.at}`, title: 'The scheduled start was missed: the app was closed', body: `The upload was due to start at ${formatInstant(event.at, tz)}; it started when the app was opened, at ${formatInstant(startedAt, tz)}.` }];
  }
  if (event.kind !== 'stop') return [];
  if (startMissedEntirely(s, latestRun)) {
    const start = s.schedule.startAt ?? event.at;
    return [{ tag: `scr-schedule-start-${start}`, title: 'The scheduled upload did not start: the app was closed', body: `The app was closed from the start time, ${formatInstant(start, tz)}, to the stop time, ${formatInstant(event.at, tz)}. Run or Resume starts it by hand.` }];
  }
  // A stop reached while this tab ran the upload (one reached while the app was closed is shown on opening).
  if (firstLook || now.ranRunId === null) return [];
  return [{ tag: `scr-schedule-stop-${event.at}`, title: 'Stop time reached: the upload has stopped', body: `It stopped at its stop time, ${formatInstant(event.at, tz)}. Nothing queued is lost; Resume continues it.` }];
}

export function runAlerts(before: RunWatch | null, now: RunWatch): RunAlert[] {
  const alerts: RunAlert[] = [];
  if (before !== null) {
    const done = completed(before, now);
    if (done) alerts.push(done);
    alerts.push(...newHolds(before, now));
    const full = storageFailure(before, now);
    if (full) alerts.push(full);
  }
  alerts.push(...scheduleAlerts(before, now));
  return alerts;
}
