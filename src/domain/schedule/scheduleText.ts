// The schedule in words, en-GB, 24-hour times in the schedule's time zone: a short relative
// description for the status bar ("today", "tomorrow", "in 2 h 5 min") and absolute log lines
// (the log is read later, so it names dates).

import type { ReachedMoment, ScheduleProgress, UploadSchedule } from './types';
import { dayOfWeek, daysBetween, formatWallTime, localParts, nextOccurrence } from './wallClock';

const MINUTE_MS = 60_000;
/** A moment acted on this long after it was due came while the app was closed or asleep. */
export const LATE_MS = 60_000;

/** By ISO 8601 day number less one: Monday first. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Fri 27 Nov 2026` for a local `YYYY-MM-DD` (or without the year). */
function formatDay(isoDate: string, withYear: boolean): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[dayOfWeek(isoDate) - 1] ?? '';
  return `${weekday} ${d} ${MONTHS[m - 1] ?? ''}${withYear ? ` ${y}` : ''}`;
}

/** `19:00 on Fri 27 Nov 2026`: for the log. */
export function formatInstant(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${formatWallTime(p.minuteOfDay)} on ${formatDay(p.date, true)}`;
}

/** `19:00 today`, `07:30 tomorrow`, `08:00 on Sat 28 Nov`: for the status bar. */
export function formatRelative(ms: number, nowMs: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const days = daysBetween(localParts(nowMs, timeZone).date, p.date);
  const time = formatWallTime(p.minuteOfDay);
  if (days === 0) return `${time} today`;
  if (days === 1) return `${time} tomorrow`;
  if (days === -1) return `${time} yesterday`;
  return `${time} on ${formatDay(p.date, days < 0 || days > 300)}`;
}

/**
 * Time left as a countdown: `less than a minute`, `45 min`, `2 h 5 min`, `1 day 3 h`. Rounded up
 * to the minute, so it never reads zero while time is left.
 */
export function formatTimeLeft(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  const minutes = Math.ceil(ms / MINUTE_MS);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins > 0 ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

function nextPauseAt(schedule: UploadSchedule, nowMs: number): number | null {
  const limit = schedule.limit;
  if (limit.kind !== 'pause') return null;
  return limit.firstPauseAt > nowMs ? limit.firstPauseAt : nextOccurrence(limit.pauseTime, nowMs, schedule.timeZone);
}

function limitPart(schedule: UploadSchedule, nowMs: number): string {
  const { limit, timeZone } = schedule;
  switch (limit.kind) {
    case 'none':
      return 'no stop or pause time';
    case 'stop':
      return `stops at ${formatRelative(limit.at, nowMs, timeZone)}`;
    case 'pause': {
      const pause = nextPauseAt(schedule, nowMs) ?? limit.firstPauseAt;
      return `pauses at ${formatRelative(pause, nowMs, timeZone)}, resumes at ${formatWallTime(limit.resumeTime)} (every day)`;
    }
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** One line for the status bar, e.g. `Starts at 19:00 today · stops at 07:30 tomorrow`. */
export function describeSchedule(schedule: UploadSchedule, progress: ScheduleProgress, nowMs: number): string {
  const { timeZone } = schedule;
  switch (progress.phase.kind) {
    case 'waiting': {
      const start = schedule.startAt ?? nowMs;
      return `Starts at ${formatRelative(start, nowMs, timeZone)} (in ${formatTimeLeft(start - nowMs)}) · ${limitPart(schedule, nowMs)}`;
    }
    case 'active': {
      if (schedule.limit.kind === 'stop') {
        return `Stops at ${formatRelative(schedule.limit.at, nowMs, timeZone)} (in ${formatTimeLeft(schedule.limit.at - nowMs)})`;
      }
      return capitalise(limitPart(schedule, nowMs));
    }
    case 'paused': {
      const until = progress.phase.until;
      return `Paused until ${formatRelative(until, nowMs, timeZone)} (in ${formatTimeLeft(until - nowMs)}); it resumes by itself`;
    }
    case 'ended':
      return schedule.limit.kind === 'stop' ? `Stop time ${formatWallTime(schedule.limit.time)} reached: Resume continues the upload` : 'The schedule has ended';
  }
}

/** The schedule as set, for the log: `start at 19:00 on Fri 27 Nov 2026; stop at 07:30 on Sat 28 Nov 2026`. */
export function scheduleSummary(schedule: UploadSchedule): string {
  const { limit, timeZone } = schedule;
  const start = schedule.startAt === null ? 'start now' : `start at ${formatInstant(schedule.startAt, timeZone)}`;
  switch (limit.kind) {
    case 'none':
      return `${start}; no stop or pause time`;
    case 'stop':
      return `${start}; stop at ${formatInstant(limit.at, timeZone)}`;
    case 'pause':
      return `${start}; pause every day at ${formatWallTime(limit.pauseTime)} and resume at ${formatWallTime(limit.resumeTime)}, first pause at ${formatInstant(limit.firstPauseAt, timeZone)}`;
  }
}

export function scheduleSetLogText(schedule: UploadSchedule, changed: boolean): string {
  return `Schedule ${changed ? 'changed' : 'set'}: ${scheduleSummary(schedule)} (times in ${schedule.timeZone}).`;
}

export const SCHEDULE_CLEARED_LOG_TEXT = 'Schedule cleared: the upload has no start, stop or pause time and runs until it finishes.';

export function resumeCancelledLogText(until: number, timeZone: string): string {
  return `Resume Cancelled: the automatic resume at ${formatInstant(until, timeZone)} was cancelled by the user. The upload stays stopped until it is resumed by hand; nothing queued is lost.`;
}

/** One log line for a moment that came due. */
export function reachedLogText(moment: ReachedMoment, schedule: UploadSchedule, nowMs: number): string {
  const { timeZone } = schedule;
  const when = formatInstant(moment.at, timeZone);
  const late = nowMs - moment.at > LATE_MS ? ` It was due while the app was closed or the computer was asleep, and was applied when the app next ran, at ${formatInstant(nowMs, timeZone)}.` : '';
  const text = ((): string => {
    switch (moment.kind) {
      case 'start':
        return moment.effect === 'missed' ? `Start time ${when} passed while the app was closed.` : `Start time ${when} reached: the upload starts.`;
      case 'stop':
        if (moment.effect === 'missed') return `Stop time ${when} passed before the upload had started, so it did not start. Run or Resume starts it by hand.`;
        if (moment.effect === 'not-running') return `Stop time ${when} reached while the upload was not running: it stays stopped until it is resumed by hand.`;
        return `Stop Time Reached (${when}): the upload stops at the next checkpoint. Nothing queued is lost; Resume continues it later.`;
      case 'pause':
        if (moment.effect !== 'applied' || moment.until === undefined) return `Pause time ${when} reached while the upload was not running: there was nothing to pause.`;
        return `Pause Time Reached (${when}): the upload pauses at the next checkpoint and resumes by itself at ${formatInstant(moment.until, timeZone)}.`;
      case 'resume':
        return `Resume time ${when} reached: the upload resumes by itself.`;
    }
  })();
  return text + late;
}

