// A clock that browser tests can move forward, compiled into test builds only (the worker entry
// uses it when the build was made with VITE_TEST_CLOCK=1). Schedules are wall-clock times, so a
// test of "Stop Time Reached" moves this clock past the stop time instead of waiting for it.

import type { Clock } from './ports';

export class AdjustableClock implements Clock {
  /** Milliseconds added to the system clock. */
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock forward by `ms` (never back: the engine assumes time does not run backwards). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the test clock only moves forward; got ${String(ms)} ms`);
    this.offsetMs += ms;
  }
}
