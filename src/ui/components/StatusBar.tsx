// The status bar: always says what the job is doing and what it will do next. Not a live region:
// its figures change up to 10 times a second. StatusAnnouncer tells screen readers the phase
// changes and milestones.

import { useBridgeHealth, useEngineStatus, useLatestRun, usePractice } from '../queries/hooks';
import type { Practice } from '../../domain/model/practice';
import type { RunRecord } from '../../domain/model/runs';
import { formatBytes, formatCount, formatPercent } from '../format';
import { useOnline } from '../hooks/useOnline';
import { runProgress } from '../../shared/runProgress';
import { RUN_KIND_NAMES_UI } from '../runNames';
import { sendingText } from '../sendingText';
import { useSchedule } from '../schedule/scheduleQueries';
import { ScheduleStatusText } from '../schedule/ScheduleStatusText';
import { useNow } from '../schedule/useNow';
import { StatusAnnouncer } from './StatusAnnouncer';
import { stoppedText, stoppingText } from '../stopText';
import { timeLeftShort } from '../paceText';

function idleText(practice: Practice | null, run: RunRecord | null): string {
  if (!practice) return 'Idle. No practice data is loaded.';
  const base = `${practice.name}: ${formatCount(practice.stats.patients)} patients.`;
  if (!run) return `Idle. ${base} The upload has not been run.`;
  const p = runProgress(run);
  switch (run.control) {
    case 'completed':
      return `Idle. ${base} ${RUN_KIND_NAMES_UI[run.kind]} completed: ${formatCount(p.queued)} qualifying patients.`;
    // Who or what stopped it, as the engine recorded it (stopText.ts).
    case 'paused':
    case 'stopped':
      return `${stoppedText(run)} at ${formatCount(p.checked)} of ${formatCount(p.total)} patients (partially completed). Resume continues from there.`;
    case 'discarded':
      return `Idle. ${base} ${RUN_KIND_NAMES_UI[run.kind]} was discarded at ${formatCount(p.checked)} of ${formatCount(p.total)} patients: ${formatCount(run.discarded?.dropped ?? 0)} unsent messages dropped, what the Spine acknowledged kept.`;
    case 'running':
      return `Interrupted at ${formatCount(p.checked)} of ${formatCount(p.total)} patients; it continues by itself.`;
  }
}

export function StatusBar() {
  const status = useEngineStatus();
  const practice = usePractice();
  const health = useBridgeHealth();
  const online = useOnline();
  const latestRun = useLatestRun();
  const schedule = useSchedule();
  // For the times in the sending sentence ("trying again at 14:05:10"); the bar re-renders with each report too.
  const now = useNow(1_000);

  let text: string;
  if (health.state === 'restarting') text = `The upload engine is restarting (${health.reason}).`;
  else if (!status.data) text = 'Starting the upload engine…';
  else {
    const job = status.data.job;
    const where = status.data.runsHere ? '' : ' (in another tab)';
    switch (job.phase) {
      case 'idle':
        text = idleText(practice.data ?? null, latestRun.data ?? null);
        break;
      case 'loading-demo':
        text = `Loading the demo practice${where}: ${formatCount(job.done)} of ${formatCount(job.total)} patients (${formatPercent(job.done, job.total)}).`;
        break;
      case 'running': {
        const p = runProgress(job.run);
        const rate = p.perSecond ? `, ${formatCount(Math.round(p.perSecond))} a second` : '';
        const next = job.stopping === null ? '' : ` ${stoppingText(job.stopping)}`;
        const left = timeLeftShort(job.pace);
        const checking = job.stage === 'preparing' ? `checked ${formatCount(p.checked)} of ${formatCount(p.total)} patients (${formatPercent(p.checked, p.total)})${rate}` : `all ${formatCount(p.total)} patients checked`;
        text = `${RUN_KIND_NAMES_UI[job.run.kind]}${where}: ${checking}. ${sendingText(job.sending, now, job.stopping)}${left === null ? '' : ` Sending: ${left}.`}${next}`;
        break;
      }
      case 'importing': {
        const p = job.progress;
        text =
          p.phase === 'reading'
            ? `Importing the practice extract${where}: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} read (${formatPercent(p.bytesDone, p.bytesTotal)}), ${formatCount(p.resources)} resources, ${formatCount(p.problems)} problems.`
            : p.phase === 'joining'
              ? `Importing the practice extract${where}: writing patient records, ${formatCount(p.patientsWritten)} of ${formatCount(p.patientsTotal)}.`
              : `Importing the practice extract${where}: tidying up.`;
        break;
      }
      case 'deleting-practice':
        text = `Deleting the practice data from this browser${where}…`;
        break;
      case 'failed':
        text = `Stopped: ${job.error.message}`;
        break;
    }
  }
  return (
    <>
      <StatusAnnouncer />
      <div className="app-status-bar" data-testid="status-bar">
        <span className="app-status-bar__text">{text}</span>
        {schedule.data && <ScheduleStatusText schedule={schedule.data.schedule} progress={schedule.data.progress} />}
        <span className={online ? 'app-status-bar__net' : 'app-status-bar__net app-status-bar__net--offline'}>{online ? 'Online' : 'Offline — the app keeps working'}</span>
      </div>
    </>
  );
}
