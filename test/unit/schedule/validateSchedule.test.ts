// The schedule form's checks, as the practice administrator meets them.

import { describe, expect, it } from 'vitest';
import { EMPTY_SCHEDULE_INPUT, START_GRACE_MS, validateSchedule } from '../../../src/domain/schedule/validateSchedule';
import type { ScheduleInput, UploadSchedule } from '../../../src/domain/schedule/types';

const LONDON = 'Europe/London';
const utc = (iso: string): number => Date.parse(iso);
/** Thursday 26 November 2026, 10:00 in London (GMT). */
const NOW = utc('2026-11-26T10:00:00Z');

const input = (over: Partial<ScheduleInput>): ScheduleInput => ({ ...EMPTY_SCHEDULE_INPUT, ...over });

function valid(over: Partial<ScheduleInput>, now = NOW): UploadSchedule {
  const result = validateSchedule(input(over), now, LONDON);
  if (!result.valid) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.schedule;
}

function errorsOf(over: Partial<ScheduleInput>, now = NOW): Record<string, string> {
  const result = validateSchedule(input(over), now, LONDON);
  if (result.valid) throw new Error('expected errors');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('validateSchedule: valid schedules', () => {
  it('start now with nothing else', () => {
    expect(valid({})).toEqual({ timeZone: LONDON, setAt: NOW, startAt: null, limit: { kind: 'none' } });
  });

  it('start at 19:00 today and stop at 07:30, which is tomorrow morning', () => {
    const s = valid({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '07:30' });
    expect(s.startAt).toBe(utc('2026-11-26T19:00:00Z'));
    expect(s.limit).toEqual({ kind: 'stop', time: 450, at: utc('2026-11-27T07:30:00Z') });
  });

  it('a stop time already past today means tomorrow', () => {
    const s = valid({ limitMode: 'stop', stopTime: '09:00' });
    expect(s.limit.kind === 'stop' && s.limit.at).toBe(utc('2026-11-27T09:00:00Z'));
  });

  it('a pause with a resume time earlier than the pause resumes the next day; the first pause is the next occurrence', () => {
    const s = valid({ limitMode: 'pause', pauseTime: '22:00', resumeTime: '06:00' });
    expect(s.limit).toEqual({ kind: 'pause', pauseTime: 1320, resumeTime: 360, firstPauseAt: utc('2026-11-26T22:00:00Z') });
    const surgery = valid({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' });
    // 08:00 has passed today, so the first pause is tomorrow's.
    expect(surgery.limit.kind === 'pause' && surgery.limit.firstPauseAt).toBe(utc('2026-11-27T08:00:00Z'));
  });

  it('a start a minute ago (within the grace) is accepted and starts at once', () => {
    const s = valid({ startMode: 'at', startDate: '2026-11-26', startTime: '09:59' });
    expect(s.startAt).toBe(NOW - 60_000);
    expect(START_GRACE_MS).toBeGreaterThan(60_000);
  });

  it('ignores the fields of options not chosen', () => {
    expect(valid({ startMode: 'now', startDate: 'nonsense', limitMode: 'none', stopTime: '99:99', pauseTime: '08:00' }).limit).toEqual({ kind: 'none' });
  });

  it('a start in the spring-forward gap starts when the clocks have gone forward', () => {
    const s = valid({ startMode: 'at', startDate: '2027-03-28', startTime: '01:30' }, utc('2027-03-27T12:00:00Z'));
    expect(s.startAt).toBe(utc('2027-03-28T01:00:00Z'));
  });
});

describe('validateSchedule: what is wrong, field by field', () => {
  it('a pause needs a resume time', () => {
    expect(errorsOf({ limitMode: 'pause', pauseTime: '08:00' })).toEqual({ resumeTime: expect.stringContaining('Enter the resume time') });
  });

  it('a resume time needs a pause time', () => {
    expect(errorsOf({ limitMode: 'pause', resumeTime: '18:30' })).toEqual({ pauseTime: expect.stringContaining('Enter the pause time') });
  });

  it('both missing', () => {
    expect(errorsOf({ limitMode: 'pause' })).toEqual({ pauseTime: 'Enter the pause time.', resumeTime: 'Enter the resume time.' });
  });

  it('pause equal to resume', () => {
    expect(errorsOf({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '8:00' }).resumeTime).toMatch(/same as the pause time/);
  });

  it('malformed times say how to write them', () => {
    const e = errorsOf({ limitMode: 'pause', pauseTime: '8am', resumeTime: '25:00' });
    expect(e.pauseTime).toBe('Enter the pause time as hours and minutes on the 24-hour clock, for example 19:00.');
    expect(e.resumeTime).toMatch(/24-hour clock/);
    expect(errorsOf({ limitMode: 'stop', stopTime: '' })).toEqual({ stopTime: 'Enter the stop time.' });
  });

  it('a start in the past beyond the grace', () => {
    expect(errorsOf({ startMode: 'at', startDate: '2026-11-26', startTime: '09:00' }).startTime).toMatch(/already passed/);
    expect(errorsOf({ startMode: 'at', startDate: '2026-11-25', startTime: '19:00' }).startTime).toMatch(/already passed/);
  });

  it('a start date that is missing or not a real date', () => {
    expect(errorsOf({ startMode: 'at', startDate: '', startTime: '19:00' })).toEqual({ startDate: 'Enter the start date.' });
    expect(errorsOf({ startMode: 'at', startDate: '2026-02-30', startTime: '19:00' }).startDate).toMatch(/real date/);
    expect(errorsOf({ startMode: 'at', startDate: '2026-12-01', startTime: '' })).toEqual({ startTime: 'Enter the start time.' });
  });

  it('a stop time equal to the start time would run for a whole day', () => {
    expect(errorsOf({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '19:00' }).stopTime).toMatch(/same as the start time/);
  });
});
