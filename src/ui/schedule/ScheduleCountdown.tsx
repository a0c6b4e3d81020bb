// Time left until an instant, e.g. "18:30 today (in 2 h 5 min)", updated by itself. A timer role
// is not announced on every change, so screen readers are not interrupted each second.

import { formatRelative, formatTimeLeft } from '../../domain/schedule/scheduleText';
import { useNow, wallClock } from './useNow';

export interface ScheduleCountdownProps {
  /** The instant counted down to, ms since the epoch. */
  readonly until: number;
  /** The schedule's IANA zone, so the time reads as the administrator typed it. */
  readonly timeZone: string;
  readonly clock?: () => number;
}

export function ScheduleCountdown({ until, timeZone, clock = wallClock }: ScheduleCountdownProps) {
  // Minutes are the smallest unit shown; every 15 s keeps it within a quarter-minute.
  const now = useNow(15_000, clock);
  const left = until - now;
  return (
    <span className="app-schedule-countdown" role="timer" data-testid="schedule-countdown">
      <time dateTime={new Date(until).toISOString()}>{formatRelative(until, now, timeZone)}</time>
      {left > 0 ? ` (in ${formatTimeLeft(left)})` : ' (any moment now)'}
    </span>
  );
}
