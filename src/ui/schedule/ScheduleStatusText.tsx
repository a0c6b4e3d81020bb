// The schedule's line in the status bar, e.g. "Schedule: Starts at 19:00 today (in 9 h) · stops
// at 07:30 tomorrow", kept current as time passes. Inside the status bar's polite live region it
// is marked aria-live="off": the countdown changes every minute and must not be read out each time.

import { describeSchedule } from '../../domain/schedule/scheduleText';
import type { ScheduleProgress, UploadSchedule } from '../../domain/schedule/types';
import { useNow, wallClock } from './useNow';

export interface ScheduleStatusTextProps {
  readonly schedule: UploadSchedule;
  readonly progress: ScheduleProgress;
  readonly clock?: () => number;
}

export function ScheduleStatusText({ schedule, progress, clock = wallClock }: ScheduleStatusTextProps) {
  const now = useNow(15_000, clock);
  return (
    <span className="app-status-bar__schedule" aria-live="off" data-testid="schedule-status">
      Schedule: {describeSchedule(schedule, progress, now)}.
    </span>
  );
}
