// The sending figures' arithmetic: messages answered over the last minute of count samples, and
// the time left for what is unsent at that rate, never less than the configured limit allows.

import { describe, expect, it } from 'vitest';
import { addPaceSample, measureRate, remainingMessages, sendingPace, timeLeft, PACE_WINDOW_MS, type PaceSample } from '../../../src/worker/run/sendPace';
import { EMPTY_OUTBOX_COUNTS, type OutboxCounts } from '../../../src/shared/sendingStatus';

/** Samples every second for `seconds`, `perSecond` answered (all sent) each second. */
function steady(seconds: number, perSecond: number, startMs = 0): PaceSample[] {
  let samples: PaceSample[] = [];
  for (let s = 0; s <= seconds; s++) samples = addPaceSample(samples, { atMs: startMs + s * 1000, sent: s * perSecond, answered: s * perSecond });
  return samples;
}

const counts = (c: Partial<OutboxCounts>): OutboxCounts => ({ ...EMPTY_OUTBOX_COUNTS, ...c });

describe('the rate of sending', () => {
  it('is the messages answered over the last minute, however long the run has sent', () => {
    const samples = steady(600, 5);
    expect(measureRate(samples, 600_000)?.sentPerSecond).toBeCloseTo(5, 6);
    // Only the window (and its anchor just before it) is kept.
    expect(samples.length).toBeLessThanOrEqual(PACE_WINDOW_MS / 1000 + 2);
  });

  it('follows a change of pace within the minute instead of averaging the whole run', () => {
    let samples = steady(300, 10);
    // The Spine slows to 2 a second for the next two minutes.
    for (let s = 1; s <= 120; s++) samples = addPaceSample(samples, { atMs: 300_000 + s * 1000, sent: 3_000 + s * 2, answered: 3_000 + s * 2 });
    expect(measureRate(samples, 420_000)?.sentPerSecond).toBeCloseTo(2, 1);
  });

  it('falls while nothing comes back (a stall since the last sample counts)', () => {
    const samples = steady(60, 5);
    expect(measureRate(samples, 90_000)?.sentPerSecond).toBeCloseTo(300 / 90, 2);
  });

  it('is not a measurement before five seconds of samples', () => {
    expect(measureRate(steady(3, 5), 3_000)).toBeNull();
    expect(measureRate([], 10_000)).toBeNull();
  });

  it('counts failed messages as answered but not as acknowledged', () => {
    let samples: PaceSample[] = [];
    for (let s = 0; s <= 10; s++) samples = addPaceSample(samples, { atMs: s * 1000, sent: s * 4, answered: s * 5 });
    const rate = measureRate(samples, 10_000);
    expect(rate?.sentPerSecond).toBeCloseTo(4, 6);
    expect(rate?.answeredPerSecond).toBeCloseTo(5, 6);
  });

  it('starts again when the counts go down (failed messages reprocessed) or the clock steps back', () => {
    const samples = steady(30, 5);
    expect(addPaceSample(samples, { atMs: 31_000, sent: 150, answered: 140 })).toEqual([{ atMs: 31_000, sent: 150, answered: 140 }]);
    expect(addPaceSample(samples, { atMs: 10_000, sent: 150, answered: 150 })).toHaveLength(1);
  });
});

describe('the time left', () => {
  it('is what is unsent at the measured rate', () => {
    expect(timeLeft({ remaining: 600, answeredPerSecond: 4, limitPerSecond: 5, held: false, retryWaitMs: 0 })).toEqual({ kind: 'measured', seconds: 150 });
  });

  it('is never less than the configured limit allows', () => {
    expect(timeLeft({ remaining: 600, answeredPerSecond: 50, limitPerSecond: 5, held: false, retryWaitMs: 0 })).toEqual({ kind: 'measured', seconds: 120 });
  });

  it('is "at least" what the limit allows before there is a measurement, or while nothing is answered', () => {
    expect(timeLeft({ remaining: 600, answeredPerSecond: null, limitPerSecond: 5, held: false, retryWaitMs: 0 })).toEqual({ kind: 'at-least', seconds: 120 });
    expect(timeLeft({ remaining: 600, answeredPerSecond: 0, limitPerSecond: 5, held: false, retryWaitMs: 0 })).toEqual({ kind: 'at-least', seconds: 120 });
  });

  it('is not given while sending waits, and is done when nothing is left', () => {
    expect(timeLeft({ remaining: 600, answeredPerSecond: 4, limitPerSecond: 5, held: true, retryWaitMs: 0 })).toEqual({ kind: 'held' });
    expect(timeLeft({ remaining: 0, answeredPerSecond: 4, limitPerSecond: 5, held: true, retryWaitMs: 0 })).toEqual({ kind: 'done' });
  });

  it('covers the wait for the next retry when only retries are left', () => {
    const pace = sendingPace({ samples: steady(30, 5), nowMs: 30_000, counts: counts({ waiting: 3, sent: 150 }), run: { total: 200, checked: 200, queued: 153 }, limitPerSecond: 5, held: false, nextAttemptAt: 30_000 + 1_800_000 });
    expect(pace.timeLeft).toEqual({ kind: 'measured', seconds: 1_800 });
  });

  it('counts the patients not yet checked at the share that has qualified so far', () => {
    expect(remainingMessages(counts({ queued: 40, sending: 5, waiting: 5, sent: 30 }), { total: 1_000, checked: 100, queued: 80 })).toBe(50 + 720);
    expect(remainingMessages(counts({}), { total: 1_000, checked: 0, queued: 0 })).toBe(0);
  });

  it('reads messages acknowledged a minute and the time left together', () => {
    const pace = sendingPace({ samples: steady(60, 5), nowMs: 60_000, counts: counts({ queued: 590, sending: 10, sent: 300 }), run: { total: 1_000, checked: 1_000, queued: 900 }, limitPerSecond: 5, held: false, nextAttemptAt: null });
    expect(pace.sentPerMinute).toBeCloseTo(300, 6);
    expect(pace.remaining).toBe(600);
    expect(pace.timeLeft).toEqual({ kind: 'measured', seconds: 120 });
  });
});
