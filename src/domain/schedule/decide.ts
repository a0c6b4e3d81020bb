// What the engine must do now under the schedule. Pure: the caller passes the stored progress,
// whether the upload is meant to be working, and the wall clock.
//
// Every scheduled moment (start, stop, each day's pause and resume) that falls after the last
// evaluation and at or before now is replayed in time order, as if the app had stayed open, and
// the net change is returned as one action. So a tick that is hours late, or an app opened after
// being closed across a moment, acts on each moment once: past the stop time it stops; inside a
// pause window it pauses until the resume time; across a whole pause window it carries on.

import type { ReachedMoment, ScheduleAction, ScheduleDecision, SchedulePhase, ScheduleProgress, UploadSchedule } from './types';
import { instantOfLocal, localParts, addDays, nextOccurrence } from './wallClock';

export interface ScheduleSituation {
  readonly progress: ScheduleProgress;
  /**
   * Whether the upload is meant to be working now: running, or stored as running when the app
   * was closed. False when nothing has started, when it is paused or stopped (by hand or by the
   * schedule), or once a pause or stop has been requested.
   */
  readonly runActive: boolean;
}

interface FixedMoment {
  readonly kind: 'start' | 'stop' | 'pause';
  readonly at: number;
  /** For a pause: the end of its window. */
  readonly until: number;
}

/** The progress for a schedule just set: waiting for its start, or started. */
export function initialProgress(schedule: UploadSchedule, nowMs: number): ScheduleProgress {
  if (schedule.startAt === null) return { lastEvaluatedAt: nowMs, phase: { kind: 'active' }, lastEvent: null };
  // A start within the grace period before now must still come due at the next evaluation.
  return { lastEvaluatedAt: Math.min(nowMs, schedule.startAt - 1), phase: { kind: 'waiting' }, lastEvent: null };
}

/** The pause window containing `nowMs` under a daily pause limit, or null when outside one. */
export function pauseWindowAt(schedule: UploadSchedule, nowMs: number): { readonly from: number; readonly until: number } | null {
  const limit = schedule.limit;
  if (limit.kind !== 'pause') return null;
  const today = localParts(nowMs, schedule.timeZone).date;
  let from = instantOfLocal(today, limit.pauseTime, schedule.timeZone);
  if (from > nowMs) from = instantOfLocal(addDays(today, -1), limit.pauseTime, schedule.timeZone);
  const until = nextOccurrence(limit.resumeTime, from, schedule.timeZone);
  return until > nowMs ? { from, until } : null;
}

/**
 * The progress after the schedule is changed at `nowMs`. A run the old schedule had paused stays
 * paused if now is inside one of the new schedule's pause windows (until its end), and otherwise
 * resumes at the next evaluation; else the new schedule waits for its start or is active.
 */
export function progressAfterChange(previous: ScheduleProgress | null, schedule: UploadSchedule, nowMs: number): ScheduleProgress {
  if (previous?.phase.kind === 'paused') {
    const window = pauseWindowAt(schedule, nowMs);
    return { lastEvaluatedAt: nowMs, phase: { kind: 'paused', until: window ? window.until : nowMs }, lastEvent: previous.lastEvent };
  }
  return initialProgress(schedule, nowMs);
}

/**
 * The upload was started or resumed by hand: a pending scheduled start or automatic resume no
 * longer applies, and the current pause window (its pause time already handled) does not pause
 * it again. Later stop and pause times still do.
 */
export function progressAfterManualStart(progress: ScheduleProgress): ScheduleProgress {
  const kind = progress.phase.kind;
  if (kind === 'waiting' || kind === 'paused') return { ...progress, phase: { kind: 'active' }, lastEvent: null };
  return progress.lastEvent === null ? progress : { ...progress, lastEvent: null };
}

/**
 * Resume Cancelled: the pending automatic resume is dropped and the upload stays stopped until
 * resumed by hand. Null when nothing is waiting to resume.
 */
export function progressAfterResumeCancelled(progress: ScheduleProgress, nowMs: number): ScheduleProgress | null {
  return progress.phase.kind === 'paused' ? { ...progress, phase: { kind: 'active' }, lastEvent: { kind: 'resume-cancelled', at: nowMs } } : null;
}

function fixedMoments(schedule: UploadSchedule, after: number, upTo: number): FixedMoment[] {
  const moments: FixedMoment[] = [];
  const inRange = (t: number) => t > after && t <= upTo;
  if (schedule.startAt !== null && inRange(schedule.startAt)) moments.push({ kind: 'start', at: schedule.startAt, until: schedule.startAt });
  const limit = schedule.limit;
  if (limit.kind === 'stop' && inRange(limit.at)) moments.push({ kind: 'stop', at: limit.at, until: limit.at });
  if (limit.kind === 'pause') {
    let pause = limit.firstPauseAt > after ? limit.firstPauseAt : nextOccurrence(limit.pauseTime, after, schedule.timeZone);
    while (pause <= upTo) {
      moments.push({ kind: 'pause', at: pause, until: nextOccurrence(limit.resumeTime, pause, schedule.timeZone) });
      pause = nextOccurrence(limit.pauseTime, pause, schedule.timeZone);
    }
  }
  return moments.sort((a, b) => a.at - b.at);
}

/** Replays the moments due since the last evaluation and returns the net action for now. */
export function decide(schedule: UploadSchedule, situation: ScheduleSituation, nowMs: number): ScheduleDecision {
  const { progress, runActive } = situation;
  const after = progress.lastEvaluatedAt;
  if (nowMs <= after) return { action: { kind: 'none' }, reached: [], next: progress };

  const fixed = fixedMoments(schedule, after, nowMs);
  const reached: ReachedMoment[] = [];
  let phase: SchedulePhase = progress.phase;
  let active = runActive;
  let i = 0;
  for (;;) {
    const resumeAt = phase.kind === 'paused' && phase.until <= nowMs ? phase.until : null;
    const next = fixed[i];
    if (resumeAt !== null && (next === undefined || resumeAt <= next.at)) {
      reached.push({ kind: 'resume', at: resumeAt, effect: 'applied' });
      phase = { kind: 'active' };
      active = true;
      continue;
    }
    if (next === undefined) break;
    i++;
    if (next.kind === 'start') {
      if (phase.kind !== 'waiting') continue;
      phase = { kind: 'active' };
      active = true;
      reached.push({ kind: 'start', at: next.at, effect: 'applied' });
    } else if (next.kind === 'stop') {
      if (phase.kind !== 'active' && phase.kind !== 'paused') continue;
      reached.push({ kind: 'stop', at: next.at, effect: active ? 'applied' : 'not-running' });
      phase = { kind: 'ended' };
      active = false;
    } else {
      if (phase.kind !== 'active') continue;
      if (active) {
        reached.push({ kind: 'pause', at: next.at, effect: 'applied', until: next.until });
        phase = { kind: 'paused', until: next.until };
        active = false;
      } else {
        reached.push({ kind: 'pause', at: next.at, effect: 'not-running' });
      }
    }
  }

  const started = progress.phase.kind === 'waiting' && phase.kind !== 'waiting';
  if (started && phase.kind === 'ended') {
    // Start and stop both passed while the app was closed: the upload never started.
    for (let k = 0; k < reached.length; k++) {
      const m = reached[k];
      if (m && (m.kind === 'start' || m.kind === 'stop')) reached[k] = { ...m, effect: 'missed' };
    }
  }
  const applied = reached.filter((m) => m.effect !== 'not-running').at(-1);
  const lastEvent = applied ? { kind: applied.kind, at: applied.at } : progress.lastEvent;
  return { action: netAction(runActive, active, progress.phase, phase, started), reached, next: { lastEvaluatedAt: nowMs, phase, lastEvent } };
}

function netAction(wasActive: boolean, isActive: boolean, before: SchedulePhase, after: SchedulePhase, started: boolean): ScheduleAction {
  if (!wasActive && isActive) return { kind: started ? 'start' : 'resume' };
  if (after.kind === 'paused' && (before.kind !== 'paused' || before.until !== after.until)) return { kind: 'pause', until: after.until };
  if (wasActive && !isActive && after.kind === 'ended') return { kind: 'stop' };
  return { kind: 'none' };
}
