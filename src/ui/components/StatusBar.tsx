// The status bar: always says what the job is doing and what it will do next. It is a live
// region so screen readers hear changes without the focus moving.

import { useBridgeHealth, useEngineStatus, usePractice } from '../queries/hooks';
import { formatCount, formatPercent } from '../format';
import { useOnline } from '../hooks/useOnline';

export function StatusBar() {
  const status = useEngineStatus();
  const practice = usePractice();
  const health = useBridgeHealth();
  const online = useOnline();

  let text: string;
  if (health.state === 'restarting') text = `The upload engine is restarting (${health.reason}).`;
  else if (!status.data) text = 'Starting the upload engine…';
  else {
    const job = status.data.job;
    const where = status.data.runsHere ? '' : ' (in another tab)';
    switch (job.phase) {
      case 'idle':
        text = practice.data ? `Idle. ${practice.data.name}: ${formatCount(practice.data.stats.patients)} patients loaded.` : 'Idle. No practice data is loaded.';
        break;
      case 'loading-demo':
        text = `Loading the demo practice${where}: ${formatCount(job.done)} of ${formatCount(job.total)} patients (${formatPercent(job.done, job.total)}).`;
        break;
      case 'failed':
        text = `Stopped: ${job.error.message}`;
        break;
    }
  }
  return (
    <div className="app-status-bar" role="status" aria-live="polite" data-testid="status-bar">
      <span className="app-status-bar__text">{text}</span>
      <span className={online ? 'app-status-bar__net' : 'app-status-bar__net app-status-bar__net--offline'}>{online ? 'Online' : 'Offline — the app keeps working'}</span>
    </div>
  );
}
