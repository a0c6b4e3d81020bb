// Everything that keeps a run left alone for hours going and visible: the screen kept on while a
// run is active or a scheduled start or resume is pending (and the page is visible), a warning
// before closing or reloading the tab that runs a job, the run's progress in the tab title and
// the installed app's badge, and the opt-in desktop notifications. Mounted once, in the app shell.

import { useEngineStatus } from '../queries/hooks';
import { useSchedule } from '../schedule/scheduleQueries';
import { useRunAlerts } from '../notifications/useRunAlerts';
import { uploadPercent } from '../pwa/progressBadge';
import { useLeaveWarning } from './useLeaveWarning';
import { useProgressTitle } from './useProgressTitle';
import { useWakeLock } from './useWakeLock';

export function useUnattendedRun(): void {
  const status = useEngineStatus().data;
  const schedule = useSchedule().data;
  const job = status?.job;
  const running = job?.phase === 'running';
  // A scheduled start, or a resume after a pause window, only happens if the computer is awake.
  const phase = schedule?.progress.phase.kind;
  const scheduledPending = phase === 'waiting' || phase === 'paused';
  useWakeLock(running || scheduledPending);
  const busyHere = status?.runsHere === true && job !== undefined && job.phase !== 'idle' && job.phase !== 'failed';
  useLeaveWarning(busyHere);
  useProgressTitle(job === undefined ? null : uploadPercent(job));
  useRunAlerts();
}
