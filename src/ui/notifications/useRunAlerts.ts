// Watches the engine as the screens do and, when the user opted in, notifies on the desktop when
// a run completes or needs someone (runAlerts.ts says which).

import { useEffect, useRef } from 'react';
import { useEngineStatus, useLatestRun } from '../queries/hooks';
import { useSchedule } from '../schedule/scheduleQueries';
import { useNotificationsWanted } from './notificationPreference';
import { runAlerts, type RunWatch } from './runAlerts';
import { showAlert } from './showAlert';

export function useRunAlerts(): void {
  const status = useEngineStatus().data;
  const latestRun = useLatestRun().data;
  const schedule = useSchedule().data;
  const wanted = useNotificationsWanted();
  const before = useRef<RunWatch | null>(null);
  const ranRunId = useRef<number | null>(null);

  useEffect(() => {
    if (status === undefined) return;
    const job = status.job;
    if (status.runsHere && job.phase === 'running' && job.run.id !== undefined) ranRunId.current = job.run.id;
    const now: RunWatch = { job, runsHere: status.runsHere, ranRunId: ranRunId.current, latestRun, schedule };
    const alerts = runAlerts(before.current, now);
    before.current = now;
    if (wanted) for (const alert of alerts) showAlert(alert);
  }, [status, latestRun, schedule, wanted]);
}
