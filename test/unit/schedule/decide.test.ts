// What the schedule makes the upload do, moment by moment, with an injected clock: on time,
// late by hours (the app closed across a moment), by hand in between, and across midnight and
// both daylight-saving changes.

import { describe, expect, it } from 'vitest';
import { decide, initialProgress, progressAfterChange, progressAfterManualStart, progressAfterResumeCancelled } from '../../../src/domain/schedule/decide';
import type { ScheduleDecision, ScheduleInput, ScheduleProgress, UploadSchedule } from '../../../src/domain/schedule/types';
import { EMPTY_SCHEDULE_INPUT, validateSchedule } from '../../../src/domain/schedule/validateSchedule';

const LONDON = 'Europe/London';
const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;

function schedule(over: Partial<ScheduleInput>, now: number): UploadSchedule {
  const r = validateSchedule({ ...EMPTY_SCHEDULE_INPUT, ...over }, now, LONDON);
  if (!r.valid) throw new Error(JSON.stringify(r.errors));
  return r.schedule;
}

/** Follows a schedule through time the way the ticker does: the progress carries over. */
function follower(s: UploadSchedule, now: number, runActive: boolean) {
  let progress: ScheduleProgress = initialProgress(s, now);
  let active = runActive;
  return {
    at(iso: string): ScheduleDecision {
      const d = decide(s, { progress, runActive: active }, utc(iso));
      progress = d.next;
      const a = d.action.kind;
      if (a === 'start' || a === 'resume') active = true;
      if (a === 'stop' || a === 'pause') active = false;
      return d;
    },
    setActive(value: boolean) {
      active = value;
    },
    update(f: (p: ScheduleProgress) => ScheduleProgress | null) {
      progress = f(progress) ?? progress;
    },
    get progress() {
      return progress;
    },
  };
}

const kinds = (d: ScheduleDecision) => d.reached.map((m) => `${m.kind}:${m.effect}`);

describe('start time', () => {
  const now = utc('2026-11-26T10:00:00Z');
  const s = schedule({ startMode: 'at', startDate: '2026-11-26', startTime: '19:00', limitMode: 'stop', stopTime: '07:30' }, now);

  it('waits, starts at 19:00 once, and stops at 07:30 the next morning once', () => {
    const f = follower(s, now, false);
    expect(f.at('2026-11-26T18:59:59Z').action).toEqual({ kind: 'none' });
    expect(f.progress.phase).toEqual({ kind: 'waiting' });
    const start = f.at('2026-11-26T19:00:00.500Z');
    expect(start.action).toEqual({ kind: 'start' });
    expect(kinds(start)).toEqual(['start:applied']);
    expect(f.at('2026-11-26T19:00:01.500Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-11-27T07:29:59Z').action).toEqual({ kind: 'none' });
    const stop = f.at('2026-11-27T07:30:00.200Z');
    expect(stop.action).toEqual({ kind: 'stop' });
    expect(stop.next.phase).toEqual({ kind: 'ended' });
    expect(stop.next.lastEvent).toEqual({ kind: 'stop', at: utc('2026-11-27T07:30:00Z') });
    expect(f.at('2026-11-28T07:30:00Z').action).toEqual({ kind: 'none' });
  });

  it('start and stop both passed while the app was closed: the upload does not start', () => {
    const f = follower(s, now, false);
    const d = f.at('2026-11-27T08:02:00Z');
    expect(d.action).toEqual({ kind: 'none' });
    expect(kinds(d)).toEqual(['start:missed', 'stop:missed']);
    expect(d.next.phase).toEqual({ kind: 'ended' });
  });

  it('a start within the grace before now comes due at the next evaluation', () => {
    const late = schedule({ startMode: 'at', startDate: '2026-11-26', startTime: '09:59' }, now);
    expect(follower(late, now, false).at('2026-11-26T10:00:01Z').action).toEqual({ kind: 'start' });
  });

  it('a run started by hand before the start time is not started again', () => {
    const f = follower(s, now, false);
    f.update(progressAfterManualStart);
    f.setActive(true);
    expect(f.at('2026-11-26T19:00:01Z').action).toEqual({ kind: 'none' });
  });
});

describe('stop time', () => {
  const now = utc('2026-11-26T10:00:00Z');
  const s = schedule({ limitMode: 'stop', stopTime: '07:30' }, now);

  it('the app was closed across the stop time: opening it stops the upload, noting it was late', () => {
    const f = follower(s, now, true);
    const d = f.at('2026-11-27T09:15:00Z');
    expect(d.action).toEqual({ kind: 'stop' });
    expect(d.reached).toEqual([{ kind: 'stop', at: utc('2026-11-27T07:30:00Z'), effect: 'applied' }]);
  });

  it('a stop time reached while the upload was cancelled by hand ends the schedule without an action', () => {
    const f = follower(s, now, true);
    f.setActive(false);
    const d = f.at('2026-11-27T07:30:01Z');
    expect(d.action).toEqual({ kind: 'none' });
    expect(kinds(d)).toEqual(['stop:not-running']);
  });

  it('a clock set back does nothing', () => {
    const f = follower(s, now, true);
    expect(f.at('2026-11-26T09:00:00Z')).toMatchObject({ action: { kind: 'none' }, reached: [] });
  });
});

describe('daily pause and resume (surgery hours 08:00-18:30)', () => {
  const now = utc('2026-11-26T20:00:00Z');
  const s = schedule({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '18:30' }, now);

  it('pauses at 08:00 until 18:30, resumes by itself, and does the same the next day', () => {
    const f = follower(s, now, true);
    const pause = f.at('2026-11-27T08:00:00.300Z');
    expect(pause.action).toEqual({ kind: 'pause', until: utc('2026-11-27T18:30:00Z') });
    expect(f.at('2026-11-27T12:00:00Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-11-27T18:30:00.100Z').action).toEqual({ kind: 'resume' });
    expect(f.at('2026-11-28T08:00:00.100Z').action).toEqual({ kind: 'pause', until: utc('2026-11-28T18:30:00Z') });
  });

  it('the app was closed inside a pause window: opening it pauses until the resume time', () => {
    const f = follower(s, now, true);
    const d = f.at('2026-11-27T11:00:00Z');
    expect(d.action).toEqual({ kind: 'pause', until: utc('2026-11-27T18:30:00Z') });
    expect(f.at('2026-11-27T18:30:00.500Z').action).toEqual({ kind: 'resume' });
  });

  it('the app was closed across a whole pause window: the upload carries on, both moments noted', () => {
    const f = follower(s, now, true);
    const d = f.at('2026-11-27T19:00:00Z');
    expect(d.action).toEqual({ kind: 'none' });
    expect(kinds(d)).toEqual(['pause:applied', 'resume:applied']);
  });

  it('paused by the schedule and closed for a day: opening it inside the next window keeps it paused until the new resume time', () => {
    const f = follower(s, now, true);
    f.at('2026-11-27T08:00:01Z');
    const d = f.at('2026-11-28T09:00:00Z');
    expect(kinds(d)).toEqual(['resume:applied', 'pause:applied']);
    expect(d.action).toEqual({ kind: 'pause', until: utc('2026-11-28T18:30:00Z') });
  });

  it('paused by hand: the pause time has nothing to pause and the resume time does not resume it', () => {
    const f = follower(s, now, true);
    f.setActive(false);
    expect(kinds(f.at('2026-11-27T08:00:01Z'))).toEqual(['pause:not-running']);
    expect(f.at('2026-11-27T18:30:01Z').action).toEqual({ kind: 'none' });
  });

  it('resumed by hand inside the window: not paused again, no automatic resume', () => {
    const f = follower(s, now, true);
    f.at('2026-11-27T08:00:01Z');
    f.update(progressAfterManualStart);
    expect(f.progress.lastEvent).toBeNull();
    f.setActive(true);
    expect(f.at('2026-11-27T10:00:00Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-11-27T18:30:01Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-11-28T08:00:01Z').action.kind).toBe('pause');
  });

  it('Resume Cancelled: stays stopped past the resume time and the next pause has nothing to pause', () => {
    const f = follower(s, now, true);
    f.at('2026-11-27T08:00:01Z');
    expect(f.progress.lastEvent).toEqual({ kind: 'pause', at: utc('2026-11-27T08:00:00Z') });
    expect(progressAfterResumeCancelled({ lastEvaluatedAt: 0, phase: { kind: 'active' }, lastEvent: null }, 0)).toBeNull();
    f.update((p) => progressAfterResumeCancelled(p, utc('2026-11-27T09:00:00Z')));
    expect(f.progress.lastEvent).toEqual({ kind: 'resume-cancelled', at: utc('2026-11-27T09:00:00Z') });
    expect(f.at('2026-11-27T18:30:01Z').action).toEqual({ kind: 'none' });
    expect(kinds(f.at('2026-11-28T08:00:01Z'))).toEqual(['pause:not-running']);
  });
});

describe('pause windows across midnight and daylight-saving changes', () => {
  it('resume earlier than the pause: paused overnight until the next morning', () => {
    const now = utc('2026-11-26T12:00:00Z');
    const f = follower(schedule({ limitMode: 'pause', pauseTime: '22:00', resumeTime: '06:00' }, now), now, true);
    expect(f.at('2026-11-26T22:00:01Z').action).toEqual({ kind: 'pause', until: utc('2026-11-27T06:00:00Z') });
    expect(f.at('2026-11-27T05:59:59Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-11-27T06:00:01Z').action).toEqual({ kind: 'resume' });
  });

  it('the autumn change: a 00:30-03:00 window lasts three and a half hours', () => {
    const now = utc('2026-10-24T12:00:00Z');
    const f = follower(schedule({ limitMode: 'pause', pauseTime: '00:30', resumeTime: '03:00' }, now), now, true);
    const d = f.at('2026-10-24T23:30:01Z');
    expect(d.action).toEqual({ kind: 'pause', until: utc('2026-10-25T03:00:00Z') });
  });

  it('the spring change: a pause at 01:30, which does not exist that night, pauses at 02:00 BST', () => {
    const now = utc('2026-03-28T12:00:00Z');
    const f = follower(schedule({ limitMode: 'pause', pauseTime: '01:30', resumeTime: '07:00' }, now), now, true);
    expect(f.at('2026-03-29T00:59:59Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-03-29T01:00:00Z').action).toEqual({ kind: 'pause', until: utc('2026-03-29T06:00:00Z') });
  });

  it('the spring change: a stop at 07:30 comes 23 hours after 07:30 the day before', () => {
    const now = utc('2026-03-28T07:31:00Z');
    const f = follower(schedule({ limitMode: 'stop', stopTime: '07:30' }, now), now, true);
    expect(f.at('2026-03-29T06:29:59Z').action).toEqual({ kind: 'none' });
    expect(f.at('2026-03-29T06:30:00Z').action).toEqual({ kind: 'stop' });
  });
});

describe('changing the schedule', () => {
  const paused: ScheduleProgress = { lastEvaluatedAt: utc('2026-11-27T09:00:00Z'), phase: { kind: 'paused', until: utc('2026-11-27T18:30:00Z') }, lastEvent: { kind: 'pause', at: utc('2026-11-27T08:00:00Z') } };
  const now = utc('2026-11-27T10:00:00Z');

  it('while paused, to a window that contains now: stays paused until the new resume time', () => {
    const s = schedule({ limitMode: 'pause', pauseTime: '08:00', resumeTime: '17:00' }, now);
    expect(progressAfterChange(paused, s, now).phase).toEqual({ kind: 'paused', until: utc('2026-11-27T17:00:00Z') });
  });

  it('while paused, to a schedule without a pause: resumes at the next evaluation', () => {
    const s = schedule({ limitMode: 'stop', stopTime: '07:30' }, now);
    const progress = progressAfterChange(paused, s, now);
    expect(decide(s, { progress, runActive: false }, now + 1000).action).toEqual({ kind: 'resume' });
  });

  it('while running: the new stop time is its next occurrence from now', () => {
    const s = schedule({ limitMode: 'stop', stopTime: '11:00' }, now);
    const progress = progressAfterChange({ lastEvaluatedAt: now - MIN, phase: { kind: 'active' }, lastEvent: null }, s, now);
    expect(decide(s, { progress, runActive: true }, utc('2026-11-27T11:00:00Z')).action).toEqual({ kind: 'stop' });
  });
});
