// The status region screen readers hear: a polite live region, visually hidden, that changes only
// with the job's phase and milestones (statusAnnouncement.ts). The status bar shows the live
// figures to everyone and is deliberately not a live region.

import { useBridgeHealth, useEngineStatus, useLatestRun, usePractice } from '../queries/hooks';
import { useOnline } from '../hooks/useOnline';
import { statusAnnouncement } from './statusAnnouncement';

export function StatusAnnouncer() {
  const status = useEngineStatus();
  const practice = usePractice();
  const latestRun = useLatestRun();
  const health = useBridgeHealth();
  const online = useOnline();
  const text = statusAnnouncement({
    job: status.data?.job ?? null,
    runsHere: status.data?.runsHere ?? false,
    restarting: health.state === 'restarting' ? health.reason : null,
    online,
    practice: practice.data ?? null,
    latestRun: latestRun.data ?? null,
  });
  return (
    <div className="nhsuk-u-visually-hidden" role="status" aria-live="polite" data-testid="status-announcement">
      {text}
    </div>
  );
}
