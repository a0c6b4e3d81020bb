// Waiting, made injectable: the sender and the training Spine sleep through a `Sleeper`, so tests
// drive them with virtual time. `Wakeup` lets one waiting loop be woken early by any event
// (a send finished, new messages queued, stop, back online) without losing a wake that happens
// while the loop is busy elsewhere.

export interface Sleeper {
  /**
   * Resolves after `ms` (Infinity: only on abort) or as soon as `signal` aborts; never rejects.
   * The real one sleeps in monotonic time (timers do not follow a wall clock that steps), so
   * what it waits for is measured on the monotonic clock (ports.ts).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** setTimeout's longest delay (ms); longer sleeps are cut to it and the caller re-checks. */
const MAX_TIMER_MS = 2_147_483_647;

export const realSleeper: Sleeper = {
  sleep(ms, signal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted === true) return resolve();
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS)) : null;
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

/** One waiter at a time (the sender's loop); any number of wakers. */
export class Wakeup {
  private woken = false;
  private controller = new AbortController();

  wake(): void {
    this.woken = true;
    this.controller.abort();
    this.controller = new AbortController();
  }

  /** Waits up to `ms`, or returns at once if woken since the last wait began. */
  async wait(sleeper: Sleeper, ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await sleeper.sleep(ms, this.controller.signal);
    this.woken = false;
  }
}
