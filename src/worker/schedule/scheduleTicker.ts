// The scheduler the Engine owns. On every tick (default once a second) it reads the stored
// schedule, asks `decide` what is due by the wall clock, writes the log lines, has the engine
// carry out the action, and saves the progress. Because `decide` replays every moment since the
// saved progress, a tick that comes hours late (a sleeping computer) or the first tick after the
// app was reopened acts on each moment exactly once; because the progress is saved after the
// action, a crash in between repeats the action on reopening rather than losing it (the engine's
// actions are idempotent: stopping a stopped run does nothing).
//
// Schedule, progress and every change go through one queue, so a tick never interleaves with a
// change made by the user.

import type { ScrDatabase } from '../../db/database';
import type { LogLevel } from '../../db/records';
import { decide, progressAfterChange, progressAfterManualStart, progressAfterResumeCancelled } from '../../domain/schedule/decide';
import { reachedLogText, resumeCancelledLogText, SCHEDULE_CLEARED_LOG_TEXT, scheduleSetLogText } from '../../domain/schedule/scheduleText';
import type { ScheduleAction, ScheduleDecision, ScheduleInput } from '../../domain/schedule/types';
import { validateSchedule, type ScheduleValidation } from '../../domain/schedule/validateSchedule';
import type { Clock } from '../ports';
import { deleteSchedule, readSchedule, saveProgress, writeSchedule, type StoredSchedule } from './scheduleStore';

/** How often the wall clock is checked: pause and stop take effect within this. */
export const TICK_MS = 1_000;

/** Saved progress older than this is refreshed even when nothing came due, to keep replays short. */
const REFRESH_PROGRESS_MS = 60 * 60_000;

/** Calls `tick` repeatedly until the returned function is called. */
export interface TickSource {
  start(tick: () => void): () => void;
}

/** A timer every `periodMs`. Each tick re-reads the wall clock; a late timer only delays, never skips. */
export function intervalTicks(periodMs: number = TICK_MS): TickSource {
  return {
    start(tick) {
      const handle = setInterval(tick, periodMs);
      return () => clearInterval(handle);
    },
  };
}

/**
 * Where the upload stands, as the engine sees it: `active` when it runs here (or is stored as
 * running and about to continue) with no pause or stop requested; `inactive` when nothing runs;
 * `other-tab` while another tab runs it, whose own ticker then handles the schedule.
 */
export type RunState = 'active' | 'inactive' | 'other-tab';

/** What the engine does when the schedule says so. Each resolves once the request is made. */
export interface ScheduleActions {
  /** Start time reached: start the scheduled upload, or continue the unfinished run. */
  start(): Promise<void>;
  /** Stop Time Reached: stop at the next checkpoint; it waits for Resume by hand. */
  stop(): Promise<void>;
  /** Pause Time Reached: pause at the next checkpoint (or keep a stored run paused); it resumes by itself at `until`. */
  pause(until: number): Promise<void>;
  /** Resume time reached: continue the run the schedule paused (or start it, if it never started). */
  resume(): Promise<void>;
  log(level: LogLevel, text: string): Promise<void>;
  /** The stored schedule or its progress changed (null when cleared): refresh the status. */
  changed(stored: StoredSchedule | null): void;
}

export interface ScheduleTickerDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  /** The practice PC's IANA zone, e.g. `Intl.DateTimeFormat().resolvedOptions().timeZone`. */
  readonly timeZone: string;
  runState(): RunState | Promise<RunState>;
  readonly actions: ScheduleActions;
  /** Defaults to `intervalTicks()`; tests pass one they fire by hand. */
  readonly ticks?: TickSource;
}

export class ScheduleTicker {
  private queue: Promise<unknown> = Promise.resolve();
  private tickQueued = false;
  private stopTicks: (() => void) | null = null;
  /** The last tick failure logged, so a lasting fault is logged once, not every second. */
  private lastFailure: string | null = null;

  constructor(private readonly deps: ScheduleTickerDeps) {}

  /**
   * Applies whatever came due while the app was closed (call it before continuing a run stored
   * as running), then checks the clock on every tick until `dispose`.
   */
  async start(): Promise<void> {
    await this.tick();
    if (this.stopTicks) return;
    this.stopTicks = (this.deps.ticks ?? intervalTicks()).start(() => {
      if (this.tickQueued) return;
      void this.tick();
    });
  }

  dispose(): void {
    this.stopTicks?.();
    this.stopTicks = null;
  }

  /** The stored schedule and progress, or null when none is set. */
  current(): Promise<StoredSchedule | null> {
    return this.serial(() => readSchedule(this.deps.db));
  }

  /** One evaluation: returns what was decided, or null when there is no schedule or another tab runs the upload. */
  tick(): Promise<ScheduleDecision | null> {
    this.tickQueued = true;
    return this.serial(async () => {
      this.tickQueued = false;
      try {
        const decision = await this.evaluate();
        this.lastFailure = null;
        return decision;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (message !== this.lastFailure) {
          this.lastFailure = message;
          await this.deps.actions.log('error', `The schedule could not be checked: ${message}`).catch(() => undefined);
        }
        return null;
      }
    });
  }

  /**
   * Sets or changes the schedule from the form. While the upload runs only the stop or pause
   * times can change: a start time is refused. Logs "Schedule set" or "Schedule changed".
   */
  set(input: ScheduleInput): Promise<ScheduleValidation> {
    return this.serial(async () => {
      const { db, clock, timeZone, actions } = this.deps;
      if (input.startMode === 'at' && (await this.deps.runState()) !== 'inactive') {
        return { valid: false, errors: [{ field: 'startMode', message: 'The upload is already running, so it cannot be given a start time. Change the stop or pause time only.' }] };
      }
      const now = clock.now();
      const result = validateSchedule(input, now, timeZone);
      if (!result.valid) return result;
      const previous = await readSchedule(db);
      const stored = await writeSchedule(db, result.schedule, progressAfterChange(previous?.progress ?? null, result.schedule, now));
      await actions.log('info', scheduleSetLogText(result.schedule, previous !== null));
      actions.changed(stored);
      return result;
    });
  }

  /** Removes the schedule (for example when the run completes), logging `logText` if there was one. */
  clear(logText: string = SCHEDULE_CLEARED_LOG_TEXT): Promise<boolean> {
    return this.serial(async () => {
      const existed = await deleteSchedule(this.deps.db);
      if (existed) {
        await this.deps.actions.log('info', logText);
        this.deps.actions.changed(null);
      }
      return existed;
    });
  }

  /**
   * The user started or resumed the upload by hand: a pending scheduled start or automatic
   * resume is dropped, and the current pause window does not pause it again.
   */
  startedByHand(): Promise<void> {
    return this.serial(async () => {
      const stored = await readSchedule(this.deps.db);
      if (!stored) return;
      const progress = progressAfterManualStart(stored.progress);
      if (progress === stored.progress) return;
      if (await saveProgress(this.deps.db, stored.revision, progress)) this.deps.actions.changed({ ...stored, progress });
    });
  }

  /**
   * Resume Cancelled: the automatic resume of a run the schedule paused is dropped and the run
   * stays stopped until resumed by hand. False when no automatic resume was pending.
   */
  cancelResume(): Promise<boolean> {
    return this.serial(async () => {
      const stored = await readSchedule(this.deps.db);
      if (!stored || stored.progress.phase.kind !== 'paused') return false;
      const until = stored.progress.phase.until;
      const progress = progressAfterResumeCancelled(stored.progress, this.deps.clock.now());
      if (!progress || !(await saveProgress(this.deps.db, stored.revision, progress))) return false;
      await this.deps.actions.log('info', resumeCancelledLogText(until, stored.schedule.timeZone));
      this.deps.actions.changed({ ...stored, progress });
      return true;
    });
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const result = this.queue.then(job);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async evaluate(): Promise<ScheduleDecision | null> {
    const { db, clock, actions } = this.deps;
    const stored = await readSchedule(db);
    if (!stored) return null;
    const runState = await this.deps.runState();
    if (runState === 'other-tab') return null;
    const now = clock.now();
    const decision = decide(stored.schedule, { progress: stored.progress, runActive: runState === 'active' }, now);
    const moved = decision.reached.length > 0 || decision.next.phase !== stored.progress.phase;
    if (!moved && now - stored.progress.lastEvaluatedAt < REFRESH_PROGRESS_MS) return decision;

    for (const moment of decision.reached) await actions.log('info', reachedLogText(moment, stored.schedule, now));
    await this.carryOut(decision.action);
    if ((await saveProgress(db, stored.revision, decision.next)) && moved) actions.changed({ ...stored, progress: decision.next });
    return decision;
  }

  /** A failed action is logged and not retried every second: the user sees it and acts. */
  private async carryOut(action: ScheduleAction): Promise<void> {
    const { actions } = this.deps;
    try {
      switch (action.kind) {
        case 'none':
          return;
        case 'start':
          return await actions.start();
        case 'stop':
          return await actions.stop();
        case 'pause':
          return await actions.pause(action.until);
        case 'resume':
          return await actions.resume();
      }
    } catch (e) {
      await actions.log('error', `The scheduled ${action.kind} could not be carried out: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
