// The schedule in words: the status bar line and the log lines a practice administrator reads.

import { describe, expect, it } from 'vitest';
import { decide, initialProgress } from '../../../src/domain/schedule/decide';
import { describeSchedule, formatTimeLeft, reachedLogText, resumeCancelledLogText, scheduleSetLogText } from '../../../src/domain/schedule/scheduleText';
import type { ScheduleInput, UploadSchedule } from '../../../src/domain/schedule/types';
import { EMPTY_SCHEDULE_INPUT, validateSchedule } from '../../../src/domain/schedule/validateSchedule';

const LONDON = 'Europe/London';
const utc = (iso: string): number => Date.parse(iso);
const NOW = utc('2026-11-26T10:00:00Z');

function schedule(over: Partial<ScheduleInput>, now = NOW): UploadSchedule {
  const r = validateSchedule({ ...EMPTY_SCHEDULE_INPUT, ...over }, now, LONDON);
  if (!r.valid) throw new Error(JSON.stringify(r.errors));
  return r.schedule;
}

describe('formatTimeLeft', () => {
  it('counts down in days, hours and minutes, rounding up', () => {
    expect(formatTimeLeft(30_000)).toBe('less than a minute');
    expect(formatTimeLeft(45 * 60_000)).toBe('45 min');
    expect(formatTimeLeft((2 * 60 + 4) * 60_000 + 30_000)).toBe('2 h 5 min');
    expect(formatTimeLeft(3 * 3_600_000)).toBe('3 h');
    expect(formatTimeLeft(27 * 3_600_000)).toBe('1 day 3 h');
  });
});

describe('describeSchedule (status bar)', () => {
  it('start later and stop tomorrow', () => {
    const s = schedule({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '07:30' });
    expect(describeSchedule(s, initialProgress(s, NOW), NOW)).toBe('Starts at 19:00 today (in 9 h) · stops at 07:30 tomorrow');
  });

  it('running with a stop time', () => {
    const s = schedule({ limitMode: 'stop', stopTime: '07:30' });
    expect(describeSchedule(s, initialProgress(s, NOW), NOW)).toBe('Stops at 07:30 tomorrow (in 21 h 30 min)');
  });

  it('paused by the schedule, with the countdown', () => {
    const s = schedule({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' });
    const at = utc('2026-11-27T16:25:00Z');
    const progress = { lastEvaluatedAt: at, phase: { kind: 'paused' as const, until: utc('2026-11-27T18:30:00Z') }, lastEvent: null };
    expect(describeSchedule(s, progress, at)).toBe('Paused until 18:30 today (in 2 h 5 min); it resumes by itself');
    expect(describeSchedule(s, initialProgress(s, NOW), NOW)).toBe('Pauses at 08:00 tomorrow, resumes at 18:30 (every day)');
  });

  it('no limit, and after the stop time', () => {
    const none = schedule({});
    expect(describeSchedule(none, initialProgress(none, NOW), NOW)).toBe('No stop or pause time');
    const s = schedule({ limitMode: 'stop', stopTime: '07:30' });
    expect(describeSchedule(s, { lastEvaluatedAt: NOW, phase: { kind: 'ended' }, lastEvent: null }, NOW)).toBe('Stop time 07:30 reached: Resume continues the upload');
  });
});

describe('log lines', () => {
  it('set and changed name dates and the time zone', () => {
    const s = schedule({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '07:30' });
    expect(scheduleSetLogText(s, false)).toBe('Schedule set: start at 19:00 on Thu 26 Nov 2026; stop at 07:30 on Fri 27 Nov 2026 (times in Europe/London).');
    const p = schedule({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' });
    expect(scheduleSetLogText(p, true)).toBe(
      'Schedule changed: start now; pause every day at 08:00 and resume at 18:30, first pause at 08:00 on Fri 27 Nov 2026 (times in Europe/London).',
    );
  });

  it('reached on time, reached while the app was closed, and Resume Cancelled', () => {
    const s = schedule({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' });
    const onTime = decide(s, { progress: initialProgress(s, NOW), runActive: true }, utc('2026-11-27T08:00:00.500Z'));
    expect(onTime.reached.map((m) => reachedLogText(m, s, utc('2026-11-27T08:00:00.500Z')))).toEqual([
      'Pause Time Reached (08:00 on Fri 27 Nov 2026): the upload pauses at the next checkpoint and resumes by itself at 18:30 on Fri 27 Nov 2026.',
    ]);
    const opened = utc('2026-11-27T19:05:00Z');
    const closed = decide(s, { progress: initialProgress(s, NOW), runActive: true }, opened);
    expect(closed.reached.map((m) => reachedLogText(m, s, opened))[1]).toBe(
      'Resume time 18:30 on Fri 27 Nov 2026 reached: the upload resumes by itself. It was due while the app was closed or the computer was asleep, and was applied when the app next ran, at 19:05 on Fri 27 Nov 2026.',
    );
    expect(resumeCancelledLogText(utc('2026-11-27T18:30:00Z'), LONDON)).toMatch(/^Resume Cancelled: the automatic resume at 18:30 on Fri 27 Nov 2026 was cancelled by the user/);
  });

  it('Stop Time Reached', () => {
    const s = schedule({ limitMode: 'stop', stopTime: '07:30' });
    const at = utc('2026-11-27T07:30:00.400Z');
    const d = decide(s, { progress: initialProgress(s, NOW), runActive: true }, at);
    expect(d.reached.map((m) => reachedLogText(m, s, at))).toEqual([
      'Stop Time Reached (07:30 on Fri 27 Nov 2026): the upload stops at the next checkpoint. Nothing queued is lost; Resume continues it later.',
    ]);
  });
});
