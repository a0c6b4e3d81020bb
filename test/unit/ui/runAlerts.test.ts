// What a run left alone tells the user on the desktop (when they opted in), and the progress in
// the tab title and badge: from observations of the engine as the screens read them.

import { describe, expect, it } from 'vitest';
import type { StoredSchedule } from '../../../src/worker/schedule/scheduleStore';
import { runAlerts, type RunWatch, type WatchedJob, type WatchedRun } from '../../../src/ui/notifications/runAlerts';
import { titleWithProgress, uploadPercent } from '../../../src/ui/pwa/progressBadge';
import type { SenderHold } from '../../../src/shared/sendingStatus';

const T0 = Date.UTC(2026, 10, 27, 19, 0);
const MIN = 60_000;

const running = (holds: readonly SenderHold[] = [], detail: string | null = null): WatchedJob => ({ phase: 'running', run: { id: 7 }, sending: { sender: { holds, detail } } });
const run = (control: WatchedRun['control'], createdAt = new Date(T0).toISOString(), messages?: WatchedRun['messages']): WatchedRun => ({ id: 7, control, createdAt, messages });

function watch(over: Partial<RunWatch>): RunWatch {
  return { job: { phase: 'idle' }, runsHere: false, ranRunId: null, latestRun: null, schedule: null, ...over };
}

function schedule(startAt: number | null, event: { kind: 'start' | 'stop'; at: number } | null, phase: 'waiting' | 'active' | 'ended', lastEvaluatedAt: number, stopAt = T0 + 60 * MIN): StoredSchedule {
  return {
    revision: 1,
    schedule: { timeZone: 'Europe/London', setAt: T0 - 60 * MIN, startAt, limit: { kind: 'stop', time: 20 * 60, at: stopAt } },
    progress: { lastEvaluatedAt, phase: { kind: phase }, lastEvent: event },
  };
}

describe('desktop alerts for a run left alone', () => {
  it('the run completing in this tab: one alert with the figures; seen again, nothing more', () => {
    const sending = watch({ job: running(), runsHere: true, ranRunId: 7, latestRun: run('running') });
    const stopped = watch({ runsHere: false, ranRunId: 7, latestRun: run('running') });
    const done = watch({ ranRunId: 7, latestRun: run('completed', undefined, { queued: 0, sending: 0, waiting: 0, sent: 1_950, failed: 12 }) });
    expect(runAlerts(sending, stopped)).toEqual([]);
    const alerts = runAlerts(stopped, done);
    expect(alerts).toEqual([{ tag: 'scr-run-7-completed', title: 'SCR Initial Upload completed', body: '1,950 messages sent, 12 failed. The statistics are on the Upload screen.' }]);
    expect(runAlerts(done, done)).toEqual([]);
  });

  it('a tab that only watched the run (another tab ran it) does not alert', () => {
    expect(runAlerts(watch({ latestRun: run('running') }), watch({ latestRun: run('completed') }))).toEqual([]);
  });

  it('a login expiring, the Spine refusing what is sent, storage filling: each alerts once as it begins', () => {
    const before = watch({ job: running(), runsHere: true, ranRunId: 7, latestRun: run('running') });
    const auth = watch({ ...before, job: running(['auth'], 'The access token has expired') });
    expect(runAlerts(before, auth).map((a) => a.title)).toEqual(['Upload paused: the login has expired']);
    expect(runAlerts(auth, auth)).toEqual([]);
    const refused = watch({ ...before, job: running(['refused-by-service'], 'Invalid request: missing NHSD-Session-URID') });
    const [refusal] = runAlerts(before, refused);
    expect(refusal?.body).toContain('The Spine said: Invalid request: missing NHSD-Session-URID');
    expect(refusal?.body).toContain('Nothing has failed');
    const full = watch({ ...before, job: running(['error'], 'QuotaExceededError') });
    expect(runAlerts(before, full).map((a) => a.tag)).toEqual(['scr-run-7-hold-error']);
    // Offline is shown on screen and lifts by itself: no alert.
    expect(runAlerts(before, watch({ ...before, job: running(['offline']) }))).toEqual([]);
  });

  it('storage full stopping the run (the job fails with storage-quota) alerts the tab that ran it', () => {
    const before = watch({ job: running(), runsHere: true, ranRunId: 7 });
    const failed = watch({ job: { phase: 'failed', error: { code: 'storage-quota' } }, ranRunId: 7 });
    expect(runAlerts(before, failed).map((a) => a.tag)).toEqual(['scr-run-7-storage-full']);
  });

  it('the stop time reached while this tab runs the upload alerts; a stop long past, seen on opening, does not', () => {
    const active = schedule(T0, { kind: 'start', at: T0 }, 'active', T0 + 30 * MIN);
    const stoppedSchedule = schedule(T0, { kind: 'stop', at: T0 + 60 * MIN }, 'ended', T0 + 60 * MIN);
    const before = watch({ job: running(), runsHere: true, ranRunId: 7, latestRun: run('running'), schedule: active });
    const after = watch({ ...before, schedule: stoppedSchedule });
    expect(runAlerts(before, after).map((a) => a.title)).toEqual(['Stop time reached: the upload has stopped']);
    expect(runAlerts(null, watch({ latestRun: run('stopped'), schedule: stoppedSchedule }))).toEqual([]);
  });

  it('a scheduled start applied late because the app was closed: told on opening, with both times', () => {
    const openedLate = T0 + 95 * MIN;
    const started = schedule(T0, { kind: 'start', at: T0 }, 'active', openedLate, T0 + 8 * 60 * MIN);
    const now = watch({ job: running(), runsHere: true, ranRunId: 7, latestRun: run('running', new Date(openedLate).toISOString()), schedule: started });
    const [alert] = runAlerts(null, now);
    expect(alert?.title).toBe('The scheduled start was missed: the app was closed');
    expect(alert?.body).toBe('The upload was due to start at 19:00 on Fri 27 Nov 2026; it started when the app was opened, at 20:35 on Fri 27 Nov 2026.');
    // Started on time with the app open: nothing to tell.
    const onTime = watch({ ...now, latestRun: run('running', new Date(T0 + 1_000).toISOString()) });
    expect(runAlerts(null, onTime)).toEqual([]);
  });

  it('start and stop both passed while the app was closed: the upload never started, and that is told', () => {
    const missed = schedule(T0, { kind: 'stop', at: T0 + 60 * MIN }, 'ended', T0 + 3 * 60 * MIN);
    const [alert] = runAlerts(null, watch({ latestRun: null, schedule: missed }));
    expect(alert?.title).toBe('The scheduled upload did not start: the app was closed');
    // An older run (before the schedule's start) does not count as having started.
    expect(runAlerts(null, watch({ latestRun: run('completed', new Date(T0 - 24 * 60 * MIN).toISOString()), schedule: missed }))).toHaveLength(1);
  });
});

describe('progress in the tab title and the badge', () => {
  const job = (checked: number, queued: number, sent: number, failed: number) =>
    ({ phase: 'running', run: { total: 2_000, counts: { checked, queued } }, sending: { counts: { queued: queued - sent - failed, sending: 0, waiting: 0, sent, failed } } }) as const;

  it('counts patients whose outcome is final: not queued after checking, or acknowledged or failed on sending', () => {
    expect(uploadPercent(job(0, 0, 0, 0))).toBe(0);
    // 1,000 checked, 800 of them queued: 200 final; 300 sent and 20 failed more.
    expect(uploadPercent(job(1_000, 800, 300, 20))).toBe(26);
    expect(uploadPercent(job(2_000, 1_600, 1_598, 2))).toBe(100);
    expect(uploadPercent({ phase: 'idle' })).toBeNull();
  });

  it('the title keeps the screen’s own words after the figure, and loses the figure when the run ends', () => {
    expect(titleWithProgress('Upload – SCR Initial Upload', 42)).toBe('(42%) Upload – SCR Initial Upload');
    expect(titleWithProgress('(42%) Upload – SCR Initial Upload', 43)).toBe('(43%) Upload – SCR Initial Upload');
    expect(titleWithProgress('(100%) Log – SCR Initial Upload', null)).toBe('Log – SCR Initial Upload');
  });
});
