// The engine's job state in this tab, as one union, and the pure transition that changes it:
// events in, new state out. Nothing else the engine keeps says what it is doing; the modules
// around it (engine/*.ts) only dispatch events and read the state. What the UI sees is a
// projection of it (publicStatus, shared/engineState.ts). Beside it they hold only handles on
// I/O: the wake-up of a run waiting for its last messages, the answers awaited from other tabs,
// whether a wait for the job lock is queued, and the sending settings read once.
//
// Who stopped a run, and why, lives inside the states that need it: `stopping` (a run ending at
// its next checkpoint) and `stopped` (it ended so). A full disk and a database upgrade go
// through the same `stop-requested` transition as Pause and Cancel Upload, so none of them can
// set a stop without the stopping phase. The first stop wins and keeps its cause.
//
// Hand-written rather than XState: the machine is eight states and a dozen events with no
// timers, nesting or parallel regions, so XState's runtime (about 15 kB gzipped, in a worker
// bundle that is precached) would buy nothing; its typed events and states need the `setup()`
// generics where a plain discriminated union and `switch` get exhaustiveness checks from the
// compiler; and a pure function is tested as decide.ts is, a state and an event in and an
// object out, with no actor to start, subscribe to or stop.

import type { RunRecord } from '../../domain/model/runs';
import type { EngineStatus, JobState, RunStopping } from '../../shared/engineState';
import type { EngineError } from '../../shared/errors';
import type { ImportProgress } from '../../shared/importTypes';
import type { SendingPace } from '../../shared/runProgress';
import type { RunSending } from '../../shared/sendingStatus';
import type { PaceSample } from '../run/sendPace';

/** Which job failed (`database`: another tab opened a newer version of the app, which upgraded the database). */
export type FailedJob = Extract<JobState, { phase: 'failed' }>['job'];

/** What a run going here shows; shared by `running` and `stopping`. */
export interface RunGoing {
  /** The run as last committed: counters and checkpoint. */
  readonly run: RunRecord;
  readonly resumedAutomatically: boolean;
  readonly stage: 'preparing' | 'sending';
  readonly sending: RunSending;
  readonly pace: SendingPace;
  /** Samples of the run's message counts the pace is measured from (run/sendPace.ts), newest last; not published. */
  readonly paceSamples: readonly PaceSample[];
  /** The Spine refusal holding sending, as last written to the log (said once per hold); not published. */
  readonly loggedRefusal: string | null;
}

/**
 * The job state of this tab. `peer` (in the resting states only) is the last status of a job
 * another tab reported while it held the job lock: a tab running a job itself ignores others.
 * `databaseReplaced` (in the busy states) means another tab upgraded the database while the job
 * went on here: whatever the job comes to, this tab then ends failed with `database`.
 */
export type EngineJobState =
  | { readonly phase: 'idle'; readonly peer: EngineStatus | null }
  /** The last run here ended at a checkpoint for this stop (the run is paused or stopped). */
  | { readonly phase: 'stopped'; readonly stop: RunStopping; readonly peer: EngineStatus | null }
  | { readonly phase: 'failed'; readonly job: FailedJob; readonly error: EngineError; readonly peer: EngineStatus | null }
  | {
      readonly phase: 'loading-demo';
      readonly done: number;
      readonly total: number;
      /** ISO instant. */
      readonly startedAt: string;
      readonly cancelRequested: boolean;
      readonly databaseReplaced: boolean;
    }
  | {
      readonly phase: 'importing';
      readonly progress: ImportProgress;
      /** ISO instant. */
      readonly startedAt: string;
      readonly cancelRequested: boolean;
      readonly databaseReplaced: boolean;
    }
  | { readonly phase: 'deleting-practice'; readonly databaseReplaced: boolean }
  | ({ readonly phase: 'running' } & RunGoing)
  | ({ readonly phase: 'stopping'; readonly stop: RunStopping; readonly databaseReplaced: boolean } & RunGoing);

export type JobEvent =
  | { readonly type: 'demo-load-started'; readonly total: number; readonly startedAt: string }
  | { readonly type: 'demo-load-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'import-started'; readonly progress: ImportProgress; readonly startedAt: string }
  | { readonly type: 'import-progress'; readonly progress: ImportProgress }
  | { readonly type: 'delete-started' }
  /** Cancel, for a demo load or an import: it ends at its next safe point. */
  | { readonly type: 'cancel-requested' }
  | { readonly type: 'run-started'; readonly going: RunGoing }
  /** The run's counts, stage, sending report or pace changed. */
  | { readonly type: 'run-progress'; readonly changes: Partial<RunGoing> }
  /** Pause or Cancel Upload (any tab), the schedule, a full disk, a database upgrade. */
  | { readonly type: 'stop-requested'; readonly stop: RunStopping }
  /** The job ended as it should (a demo load or import, even cancelled; a delete; a completed run). */
  | { readonly type: 'job-finished' }
  /** The run ended at its checkpoint for the stop under way. */
  | { readonly type: 'run-stopped' }
  | { readonly type: 'job-failed'; readonly job: FailedJob; readonly error: EngineError }
  /** A failed run was discarded: its error no longer stands. */
  | { readonly type: 'run-failure-cleared' }
  /** Another tab upgraded the database: this tab's connection is closed for good. */
  | { readonly type: 'database-replaced' }
  /** Another tab's engine reported its status. */
  | { readonly type: 'peer-status'; readonly status: EngineStatus }
  /** The job lock came free: the tab that held it finished or went away. */
  | { readonly type: 'peer-gone' };

export const DATABASE_REPLACED: EngineError = {
  code: 'database-closed',
  message: 'A newer version of the app was opened in another tab and upgraded the database. Reload this tab to carry on with the new version; nothing is lost.',
};

export const INITIAL_JOB_STATE: EngineJobState = { phase: 'idle', peer: null };

type Resting = Extract<EngineJobState, { phase: 'idle' | 'stopped' | 'failed' }>;
type Busy = Exclude<EngineJobState, Resting>;

/** A job runs in this tab (it holds the job lock for it). */
export function isBusyHere(state: EngineJobState): state is Busy {
  return state.phase !== 'idle' && state.phase !== 'stopped' && state.phase !== 'failed';
}

/** A run is going in this tab, stopping or not. */
export function runGoing(state: EngineJobState): state is Extract<EngineJobState, { phase: 'running' | 'stopping' }> {
  return state.phase === 'running' || state.phase === 'stopping';
}

function replacedDuring(state: Busy): boolean {
  return state.phase !== 'running' && state.databaseReplaced;
}

function failedByReplacement(peer: EngineStatus | null): EngineJobState {
  return { phase: 'failed', job: 'database', error: DATABASE_REPLACED, peer };
}

/** The state after `event`. Events that do not apply to the state leave it as it is (the same object). */
export function nextJobState(state: EngineJobState, event: JobEvent): EngineJobState {
  switch (event.type) {
    case 'demo-load-started':
      return isBusyHere(state) ? state : { phase: 'loading-demo', done: 0, total: event.total, startedAt: event.startedAt, cancelRequested: false, databaseReplaced: false };
    case 'demo-load-progress':
      return state.phase === 'loading-demo' ? { ...state, done: event.done, total: event.total } : state;
    case 'import-started':
      return isBusyHere(state) ? state : { phase: 'importing', progress: event.progress, startedAt: event.startedAt, cancelRequested: false, databaseReplaced: false };
    case 'import-progress':
      return state.phase === 'importing' ? { ...state, progress: event.progress } : state;
    case 'delete-started':
      return isBusyHere(state) ? state : { phase: 'deleting-practice', databaseReplaced: false };
    case 'cancel-requested':
      return (state.phase === 'loading-demo' || state.phase === 'importing') && !state.cancelRequested ? { ...state, cancelRequested: true } : state;
    case 'run-started':
      return isBusyHere(state) ? state : { phase: 'running', ...event.going };
    case 'run-progress':
      return runGoing(state) ? { ...state, ...event.changes } : state;
    case 'stop-requested':
      return state.phase === 'running' ? { ...state, phase: 'stopping', stop: event.stop, databaseReplaced: false } : state;
    case 'job-finished':
      if (!isBusyHere(state)) return state;
      return replacedDuring(state) ? failedByReplacement(null) : { phase: 'idle', peer: null };
    case 'run-stopped':
      if (state.phase !== 'stopping') return state;
      return state.databaseReplaced ? failedByReplacement(null) : { phase: 'stopped', stop: state.stop, peer: null };
    case 'job-failed':
      if (!isBusyHere(state)) return state;
      return replacedDuring(state) || event.error.code === 'database-closed' ? failedByReplacement(null) : { phase: 'failed', job: event.job, error: event.error, peer: null };
    case 'run-failure-cleared':
      return state.phase === 'failed' && state.job === 'run' ? { phase: 'idle', peer: state.peer } : state;
    case 'database-replaced':
      switch (state.phase) {
        case 'idle':
        case 'stopped':
        case 'failed':
          return failedByReplacement(state.peer);
        case 'running':
          // The run stops at its last checkpoint (the transaction in progress aborts whole).
          return { ...state, phase: 'stopping', stop: { kind: 'stop', cause: { by: 'upgrade' } }, databaseReplaced: true };
        default:
          // A stop under way keeps its cause; a practice job fails by itself on the closed database.
          return { ...state, databaseReplaced: true };
      }
    case 'peer-status': {
      if (isBusyHere(state)) return state;
      const phase = event.status.job.phase;
      const peer = phase !== 'idle' && phase !== 'failed' ? event.status : null;
      return peer === state.peer ? state : { ...state, peer };
    }
    case 'peer-gone':
      return !isBusyHere(state) && state.peer !== null ? { ...state, peer: null } : state;
  }
}

/** What the UI (and other tabs) are told: the job going here, else another tab's, else this tab's last. */
export function publicStatus(state: EngineJobState): EngineStatus {
  switch (state.phase) {
    case 'idle':
    case 'stopped':
      return state.peer ? { job: state.peer.job, runsHere: false } : { job: { phase: 'idle' }, runsHere: false };
    case 'failed':
      return state.peer ? { job: state.peer.job, runsHere: false } : { job: { phase: 'failed', job: state.job, error: state.error }, runsHere: false };
    case 'loading-demo':
      return { job: { phase: 'loading-demo', done: state.done, total: state.total, startedAt: state.startedAt }, runsHere: true };
    case 'importing':
      return { job: { phase: 'importing', progress: state.progress, startedAt: state.startedAt }, runsHere: true };
    case 'deleting-practice':
      return { job: { phase: 'deleting-practice' }, runsHere: true };
    case 'running':
    case 'stopping':
      return {
        job: { phase: 'running', run: state.run, resumedAutomatically: state.resumedAutomatically, stopping: state.phase === 'stopping' ? state.stop : null, stage: state.stage, sending: state.sending, pace: state.pace },
        runsHere: true,
      };
  }
}
