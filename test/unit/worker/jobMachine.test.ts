// The engine's job state on its own: a state and an event in, the next state out, and what the UI
// is told of it. Each symptom of the mutable fields it replaced has a case: a full disk or a
// database upgrade stops a run through the stopping phase, the stop's cause is read from the
// state itself, and an upgrade during Delete practice data ends it as a database failure.

import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/domain/model/runs';
import type { EngineStatus, RunStopping } from '../../../src/shared/engineState';
import { NO_PACE } from '../../../src/shared/runProgress';
import type { RunSending } from '../../../src/shared/sendingStatus';
import { DATABASE_REPLACED, INITIAL_JOB_STATE, isBusyHere, nextJobState, publicStatus, type EngineJobState, type JobEvent } from '../../../src/worker/engine/jobMachine';

const RUN: RunRecord = {
  id: 1,
  kind: 'run',
  sourceRunId: null,
  runDate: '2026-11-26',
  createdAt: '2026-11-26T09:00:00.000Z',
  completedAt: null,
  control: 'running',
  total: 10,
  checkpoint: 0,
  counts: { checked: 0, queued: 0, notRequired: {} as RunRecord['counts']['notRequired'], failed: {} as RunRecord['counts']['failed'] },
  activeMs: 0,
};

const SENDING = { counts: { queued: 0, sending: 0, waiting: 0, sent: 0, failed: 0 } } as unknown as RunSending;

const STORAGE_FULL: RunStopping = { kind: 'pause', cause: { by: 'storage', detail: 'The quota has been exceeded.' } };
const USER_PAUSE: RunStopping = { kind: 'pause', cause: { by: 'user' } };

/** The state after each event in turn, from `from`. */
function after(from: EngineJobState, ...events: JobEvent[]): EngineJobState {
  return events.reduce(nextJobState, from);
}

const runStarted: JobEvent = { type: 'run-started', going: { run: RUN, resumedAutomatically: false, stage: 'preparing', sending: SENDING, pace: NO_PACE, paceSamples: [], loggedRefusal: null } };
const running = after(INITIAL_JOB_STATE, runStarted);

const peerRunning: EngineStatus = publicStatus(running);

describe('a run going here', () => {
  it('is running, published as running with no stop, and this tab runs it', () => {
    expect(running.phase).toBe('running');
    expect(isBusyHere(running)).toBe(true);
    expect(publicStatus(running)).toMatchObject({ runsHere: true, job: { phase: 'running', stopping: null, stage: 'preparing' } });
  });

  it('a full disk goes through the stopping phase with its cause, and the UI sees the stop under way', () => {
    const full = nextJobState(running, { type: 'stop-requested', stop: STORAGE_FULL });
    expect(full).toMatchObject({ phase: 'stopping', stop: STORAGE_FULL });
    expect(publicStatus(full)).toMatchObject({ runsHere: true, job: { phase: 'running', stopping: STORAGE_FULL } });
  });

  it('the first stop wins: a later one (you, the schedule) leaves the cause as it was', () => {
    const full = after(running, { type: 'stop-requested', stop: STORAGE_FULL }, { type: 'stop-requested', stop: USER_PAUSE }, { type: 'stop-requested', stop: { kind: 'stop', cause: { by: 'schedule' } } });
    expect(full).toMatchObject({ phase: 'stopping', stop: STORAGE_FULL });
  });

  it('ends stopped holding who stopped it and why; the UI sees the job idle', () => {
    const stopped = after(running, { type: 'stop-requested', stop: USER_PAUSE }, { type: 'run-stopped' });
    expect(stopped).toEqual({ phase: 'stopped', stop: USER_PAUSE, peer: null });
    expect(isBusyHere(stopped)).toBe(false);
    expect(publicStatus(stopped)).toEqual({ job: { phase: 'idle' }, runsHere: false });
  });

  it('a run with no stop under way is not ended as stopped (only a finished or failed run ends otherwise)', () => {
    expect(nextJobState(running, { type: 'run-stopped' })).toBe(running);
    expect(nextJobState(running, { type: 'job-finished' })).toEqual({ phase: 'idle', peer: null });
  });

  it('progress replaces the counts, stage and sending figures and keeps the stop under way', () => {
    const moved = after(running, { type: 'stop-requested', stop: USER_PAUSE }, { type: 'run-progress', changes: { run: { ...RUN, checkpoint: 5 }, stage: 'sending' } });
    expect(moved).toMatchObject({ phase: 'stopping', stop: USER_PAUSE, stage: 'sending', run: { checkpoint: 5 } });
  });

  it('a full disk that fails the run (a refused checkpoint) ends it failed with the storage error', () => {
    const failed = nextJobState(running, { type: 'job-failed', job: 'run', error: { code: 'storage-quota', message: 'full' } });
    expect(publicStatus(failed)).toEqual({ job: { phase: 'failed', job: 'run', error: { code: 'storage-quota', message: 'full' } }, runsHere: false });
    expect(nextJobState(failed, { type: 'run-failure-cleared' })).toEqual({ phase: 'idle', peer: null });
  });
});

describe('another tab upgrading the database', () => {
  it('stops a run going here through the stopping phase, by upgrade, and it ends failed with Reload, whatever it comes to', () => {
    const upgraded = nextJobState(running, { type: 'database-replaced' });
    expect(upgraded).toMatchObject({ phase: 'stopping', stop: { kind: 'stop', cause: { by: 'upgrade' } }, databaseReplaced: true });
    expect(publicStatus(upgraded).job).toMatchObject({ phase: 'running', stopping: { kind: 'stop', cause: { by: 'upgrade' } } });
    const database = { phase: 'failed', job: 'database', error: DATABASE_REPLACED, peer: null };
    expect(nextJobState(upgraded, { type: 'run-stopped' })).toEqual(database);
    expect(nextJobState(upgraded, { type: 'job-finished' })).toEqual(database);
    expect(nextJobState(upgraded, { type: 'job-failed', job: 'run', error: { code: 'internal', message: 'aborted' } })).toEqual(database);
  });

  it('keeps the cause of a stop already under way, and still ends failed with Reload', () => {
    const upgraded = after(running, { type: 'stop-requested', stop: USER_PAUSE }, { type: 'database-replaced' });
    expect(upgraded).toMatchObject({ phase: 'stopping', stop: USER_PAUSE, databaseReplaced: true });
    expect(nextJobState(upgraded, { type: 'run-stopped' })).toMatchObject({ phase: 'failed', job: 'database' });
  });

  it('during Delete practice data: the delete stays under way in this tab, then ends failed with Reload, not as a failed delete', () => {
    const deleting = nextJobState(INITIAL_JOB_STATE, { type: 'delete-started' });
    const upgraded = nextJobState(deleting, { type: 'database-replaced' });
    expect(upgraded).toEqual({ phase: 'deleting-practice', databaseReplaced: true });
    expect(publicStatus(upgraded)).toEqual({ job: { phase: 'deleting-practice' }, runsHere: true });
    const ended = nextJobState(upgraded, { type: 'job-failed', job: 'delete', error: { code: 'internal', message: 'aborted' } });
    expect(publicStatus(ended).job).toEqual({ phase: 'failed', job: 'database', error: DATABASE_REPLACED });
    expect(nextJobState(upgraded, { type: 'job-finished' })).toMatchObject({ phase: 'failed', job: 'database' });
  });

  it('during a demo load or an import: the job goes on and ends failed with Reload', () => {
    const loading = after(INITIAL_JOB_STATE, { type: 'demo-load-started', total: 100, startedAt: '2026-11-26T09:00:00.000Z' }, { type: 'database-replaced' });
    expect(loading).toMatchObject({ phase: 'loading-demo', databaseReplaced: true });
    expect(nextJobState(loading, { type: 'job-finished' })).toMatchObject({ phase: 'failed', job: 'database' });
  });

  it('with nothing going here: failed with Reload at once', () => {
    expect(nextJobState(INITIAL_JOB_STATE, { type: 'database-replaced' })).toEqual({ phase: 'failed', job: 'database', error: DATABASE_REPLACED, peer: null });
  });

  it('a job failing on the closed database is a database failure even if the upgrade was not heard first', () => {
    const importing = after(INITIAL_JOB_STATE, { type: 'import-started', progress: { phase: 'reading', bytesDone: 0, bytesTotal: 1, resources: 0, problems: 0, file: null, patientsWritten: 0, patientsTotal: 0 }, startedAt: 'x' });
    expect(nextJobState(importing, { type: 'job-failed', job: 'import', error: { code: 'database-closed', message: 'closed' } })).toMatchObject({ phase: 'failed', job: 'database', error: DATABASE_REPLACED });
  });
});

describe('practice jobs', () => {
  it('a demo load reports progress, takes Cancel, and ends idle', () => {
    const loading = after(INITIAL_JOB_STATE, { type: 'demo-load-started', total: 100, startedAt: 's' }, { type: 'demo-load-progress', done: 40, total: 100 }, { type: 'cancel-requested' });
    expect(loading).toMatchObject({ phase: 'loading-demo', done: 40, cancelRequested: true });
    expect(publicStatus(loading)).toEqual({ job: { phase: 'loading-demo', done: 40, total: 100, startedAt: 's' }, runsHere: true });
    expect(nextJobState(loading, { type: 'job-finished' })).toEqual({ phase: 'idle', peer: null });
  });

  it('no second job starts over one going here, and Cancel means nothing to a run', () => {
    const loading = nextJobState(INITIAL_JOB_STATE, { type: 'demo-load-started', total: 100, startedAt: 's' });
    expect(nextJobState(loading, runStarted)).toBe(loading);
    expect(nextJobState(loading, { type: 'delete-started' })).toBe(loading);
    expect(nextJobState(running, { type: 'cancel-requested' })).toBe(running);
    expect(nextJobState(running, { type: 'demo-load-started', total: 1, startedAt: 's' })).toBe(running);
  });
});

describe('other tabs', () => {
  it('a job another tab runs is shown here until that tab goes away; this tab does not run it', () => {
    const watching = nextJobState(INITIAL_JOB_STATE, { type: 'peer-status', status: peerRunning });
    expect(publicStatus(watching)).toEqual({ job: peerRunning.job, runsHere: false });
    expect(isBusyHere(watching)).toBe(false);
    expect(nextJobState(watching, { type: 'peer-gone' })).toEqual({ phase: 'idle', peer: null });
    expect(nextJobState(watching, { type: 'peer-status', status: { job: { phase: 'idle' }, runsHere: false } })).toEqual({ phase: 'idle', peer: null });
  });

  it('over this tab\'s own failure the other tab\'s job is shown, and the failure again once it ends', () => {
    const failed = after(running, { type: 'job-failed', job: 'run', error: { code: 'internal', message: 'x' } });
    const watching = nextJobState(failed, { type: 'peer-status', status: peerRunning });
    expect(publicStatus(watching).job.phase).toBe('running');
    expect(publicStatus(nextJobState(watching, { type: 'peer-gone' })).job).toMatchObject({ phase: 'failed', job: 'run' });
  });

  it('a tab running a job itself ignores what others report', () => {
    expect(nextJobState(running, { type: 'peer-status', status: peerRunning })).toBe(running);
  });

  it('starting a job here forgets the other tab (it has let go of the lock)', () => {
    const watching = nextJobState(INITIAL_JOB_STATE, { type: 'peer-status', status: peerRunning });
    expect(after(watching, runStarted, { type: 'job-finished' })).toEqual({ phase: 'idle', peer: null });
  });
});
