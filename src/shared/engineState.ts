// The engine's job state: one discriminated union, changed only through the engine, reported to
// the UI as-is. The UI drives its screens from `phase`, never from text.

import type { RunRecord, StopCause } from '../domain/model/runs';
import type { EngineError } from './errors';
import type { RunSending } from './sendingStatus';
import type { ImportProgress } from './importTypes';
import type { SendingPace } from './runProgress';

/** A stop under way: the run pauses or stops at its next checkpoint, for this cause. */
export interface RunStopping {
  readonly kind: 'pause' | 'stop';
  readonly cause: StopCause;
}

export type JobState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'loading-demo';
      /** Patients written so far, and the practice size. */
      readonly done: number;
      readonly total: number;
      /** ISO instant. */
      readonly startedAt: string;
    }
  | {
      readonly phase: 'running';
      /** The run as last committed: counters and checkpoint. */
      readonly run: RunRecord;
      /** True when this run continued by itself after the app was reopened. */
      readonly resumedAutomatically: boolean;
      /**
       * Set once anyone or anything asked the run to pause or stop (the first request wins and
       * keeps its cause): the run ends at the next checkpoint, and no other stop is taken meanwhile.
       */
      readonly stopping: RunStopping | null;
      /**
       * preparing: patients are being checked and queued (and sent meanwhile); sending: every
       * patient is checked and the run waits for the last messages to be acknowledged or fail.
       */
      readonly stage: 'preparing' | 'sending';
      readonly sending: RunSending;
      /** How fast messages are acknowledged and the time left, measured by the tab that sends. */
      readonly pace: SendingPace;
    }
  | {
      readonly phase: 'importing';
      readonly progress: ImportProgress;
      /** ISO instant. */
      readonly startedAt: string;
    }
  /** Deleting the practice data (patients, their messages and outcomes); the log and statistics stay. */
  | { readonly phase: 'deleting-practice' }
  /** `database`: another tab opened a newer version of the app, which upgraded the database. */
  | { readonly phase: 'failed'; readonly job: 'loading-demo' | 'run' | 'import' | 'delete' | 'database'; readonly error: EngineError };

export interface EngineStatus {
  readonly job: JobState;
  /** Whether this tab's engine holds the job lock; other tabs only watch. */
  readonly runsHere: boolean;
}

/** Everything the worker tells the UI, on one typed channel. */
export type EngineEvent =
  | { readonly type: 'status'; readonly status: EngineStatus }
  | { readonly type: 'practice-changed' }
  | { readonly type: 'log-appended' }
  | { readonly type: 'runs-changed' }
  /** Outbox rows changed (sent, failed, reprocessed): the message monitor refreshes. */
  | { readonly type: 'messages-changed' }
  /** The schedule was set, changed, cleared, or reached a moment. */
  | { readonly type: 'schedule-changed' };

export type EngineListener = (event: EngineEvent) => void;
