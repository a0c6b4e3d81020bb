// Checks what the practice administrator typed and turns it into a stored schedule with absolute
// instants, or says field by field what is wrong in plain words.

import { isIsoDate } from '../dates';
import type { ScheduleField, ScheduleFieldError, ScheduleInput, ScheduleLimit, UploadSchedule } from './types';
import { instantOfLocal, isKnownTimeZone, nextOccurrence, parseWallTime } from './wallClock';

/**
 * A start time this far in the past is still accepted (and starts at once): the administrator
 * may take a minute to fill in the form for "19:00" at 18:59.
 */
export const START_GRACE_MS = 2 * 60_000;

export type ScheduleValidation =
  | { readonly valid: true; readonly schedule: UploadSchedule }
  | { readonly valid: false; readonly errors: readonly ScheduleFieldError[] };

const TIME_FORMAT = 'as hours and minutes on the 24-hour clock, for example 19:00';

/** A time field: minutes after midnight, or an error for `field` (`what` names it in the message). */
function readTime(text: string, field: ScheduleField, what: string, errors: ScheduleFieldError[]): number | null {
  if (text.trim() === '') {
    errors.push({ field, message: `Enter the ${what}.` });
    return null;
  }
  const minutes = parseWallTime(text);
  if (minutes === null) errors.push({ field, message: `Enter the ${what} ${TIME_FORMAT}.` });
  return minutes;
}

function readStart(input: ScheduleInput, nowMs: number, timeZone: string, errors: ScheduleFieldError[]): { at: number | null; minute: number | null } {
  if (input.startMode === 'now') return { at: null, minute: null };
  if (input.startMode !== 'at') {
    errors.push({ field: 'startMode', message: 'Choose whether to start now or at a date and time.' });
    return { at: null, minute: null };
  }
  const date = input.startDate.trim();
  let dateOk = false;
  if (date === '') errors.push({ field: 'startDate', message: 'Enter the start date.' });
  else if (!isIsoDate(date)) errors.push({ field: 'startDate', message: 'Enter the start date as a real date, for example 27/11/2026.' });
  else dateOk = true;
  const minute = readTime(input.startTime, 'startTime', 'start time', errors);
  if (!dateOk || minute === null) return { at: null, minute };
  const at = instantOfLocal(date, minute, timeZone);
  if (at < nowMs - START_GRACE_MS) {
    errors.push({ field: 'startTime', message: 'The start date and time have already passed. Enter a time in the future, or choose to start now.' });
  }
  return { at, minute };
}

function readLimit(input: ScheduleInput, startMinute: number | null, from: number, timeZone: string, errors: ScheduleFieldError[]): ScheduleLimit {
  switch (input.limitMode) {
    case 'none':
      return { kind: 'none' };
    case 'stop': {
      const time = readTime(input.stopTime, 'stopTime', 'stop time', errors);
      if (time === null) return { kind: 'none' };
      if (time === startMinute) {
        errors.push({ field: 'stopTime', message: 'The stop time is the same as the start time, so the upload would run for a whole day. Enter a different stop time.' });
      }
      return { kind: 'stop', time, at: nextOccurrence(time, from, timeZone) };
    }
    case 'pause': {
      const pauseGiven = input.pauseTime.trim() !== '';
      const resumeGiven = input.resumeTime.trim() !== '';
      if (!pauseGiven && resumeGiven) {
        errors.push({ field: 'pauseTime', message: 'Enter the pause time. A resume time only applies after a pause.' });
        readTime(input.resumeTime, 'resumeTime', 'resume time', errors);
        return { kind: 'none' };
      }
      if (pauseGiven && !resumeGiven) {
        readTime(input.pauseTime, 'pauseTime', 'pause time', errors);
        errors.push({ field: 'resumeTime', message: 'Enter the resume time. A pause needs a time to resume at; to end the upload at a time instead, choose a stop time.' });
        return { kind: 'none' };
      }
      const pauseTime = readTime(input.pauseTime, 'pauseTime', 'pause time', errors);
      const resumeTime = readTime(input.resumeTime, 'resumeTime', 'resume time', errors);
      if (pauseTime === null || resumeTime === null) return { kind: 'none' };
      if (pauseTime === resumeTime) {
        errors.push({ field: 'resumeTime', message: 'The resume time is the same as the pause time. Enter a different resume time.' });
        return { kind: 'none' };
      }
      return { kind: 'pause', pauseTime, resumeTime, firstPauseAt: nextOccurrence(pauseTime, from, timeZone) };
    }
    default:
      errors.push({ field: 'limitMode', message: 'Choose whether the upload runs until it finishes, stops at a time, or pauses and resumes at times.' });
      return { kind: 'none' };
  }
}

/**
 * Validates the form at `nowMs` in `timeZone` (the practice PC's zone). Stop and pause times mean
 * their next occurrence after the start (or after now when starting at once), so a stop time
 * earlier in the day than the start is the next day's, and a resume time earlier than the pause
 * time is the day after the pause.
 */
export function validateSchedule(input: ScheduleInput, nowMs: number, timeZone: string): ScheduleValidation {
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const errors: ScheduleFieldError[] = [];
  const start = readStart(input, nowMs, timeZone, errors);
  const from = start.at !== null ? Math.max(start.at, nowMs) : nowMs;
  const limit = readLimit(input, start.minute, from, timeZone, errors);
  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, schedule: { timeZone, setAt: nowMs, startAt: start.at, limit } };
}

/** The form's starting values: start now, no stop or pause time. */
export const EMPTY_SCHEDULE_INPUT: ScheduleInput = {
  startMode: 'now',
  startDate: '',
  startTime: '',
  limitMode: 'none',
  stopTime: '',
  pauseTime: '',
  resumeTime: '',
};
