// What the engine needs from its surroundings, as interfaces, so tests run it in-process with a
// fake clock, no Web Locks and an in-memory peer channel, and the worker gives it the real ones.

import type { EngineEvent } from '../shared/engineState';
import type { RunCommandMessage } from './run/runCommands';

export interface Clock {
  /** Milliseconds since the epoch (the wall clock: schedules are wall-clock times). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Milliseconds from an arbitrary origin on a clock that never steps: the time that passes, for
 * pacing and waits. The wall clock (Clock) can step back or forward (a time sync, the user,
 * daylight saving done wrong); this one cannot, and it is the time the real timers sleep in.
 */
export interface MonotonicClock {
  now(): number;
}

export const systemMonotonicClock: MonotonicClock = { now: () => performance.now() };

/**
 * A wall clock seen as a monotonic one: it holds still while the wall clock is behind the
 * furthest time it has shown, instead of going back. For virtual time in tests, whose sleeper
 * moves the wall clock; a real run uses systemMonotonicClock.
 */
export function heldFromGoingBack(clock: Clock): MonotonicClock {
  let furthest = Number.NEGATIVE_INFINITY;
  return {
    now: () => {
      furthest = Math.max(furthest, clock.now());
      return furthest;
    },
  };
}

/** Exclusive right to run a job, held across tabs (a Web Lock in the browser). */
export interface JobLocks {
  /**
   * Runs `job` holding the lock if it can be had within TRY_LOCK_MS, resolving to true when it
   * ran and false when another holder kept it. The lock is released when `job` settles. The short
   * wait covers a watching tab that holds the lock for a moment after a job ends.
   */
  tryRun(job: () => Promise<void>): Promise<boolean>;
  /** Waits for the lock (for example until another tab closes), then runs `job` holding it. */
  waitAndRun(job: () => Promise<void>): Promise<void>;
}

/** Tells engines in other tabs what this one is doing (a BroadcastChannel in the browser). */
export interface PeerChannel {
  post(message: PeerMessage): void;
  onMessage(handler: (message: PeerMessage) => void): void;
  close(): void;
}

/**
 * What engines in other tabs are told: the same events the UI hears. A `messages-changed` from
 * another tab (failed messages reprocessed there) also makes the tab that sends look again.
 * Pause and Cancel Upload asked in a tab that does not hold the job go to the one that does
 * (run/runCommands.ts).
 */
export type PeerMessage = EngineEvent | RunCommandMessage;

export const JOB_LOCK_NAME = 'scr-initial-upload-job';
/** How long a new job waits for the lock before reporting `busy`. */
export const TRY_LOCK_MS = 1_000;
export const PEER_CHANNEL_NAME = 'scr-initial-upload-engine';

export function webJobLocks(locks: LockManager): JobLocks {
  return {
    async tryRun(job) {
      let ran = false;
      try {
        await locks.request(JOB_LOCK_NAME, { signal: AbortSignal.timeout(TRY_LOCK_MS) }, async () => {
          ran = true;
          await job();
        });
      } catch (e) {
        // The wait timed out before the lock was granted: someone else holds it.
        if (!ran && e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError')) return false;
        throw e;
      }
      return ran;
    },
    async waitAndRun(job) {
      await locks.request(JOB_LOCK_NAME, async () => {
        await job();
      });
    },
  };
}

export function broadcastPeers(name: string = PEER_CHANNEL_NAME): PeerChannel {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    onMessage: (handler) => {
      channel.onmessage = (e: MessageEvent<PeerMessage>) => handler(e.data);
    },
    close: () => channel.close(),
  };
}
