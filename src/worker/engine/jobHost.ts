// The job host: holds this tab's job state (jobMachine.ts) and is the only place that changes it,
// publishes every change (to the UI through the event hub, and to other tabs' engines), runs jobs
// under the cross-tab job lock, and writes the log.

import { appendLog } from '../../db/logStore';
import type { ScrDatabase } from '../../db/database';
import type { EngineEvent, EngineStatus } from '../../shared/engineState';
import { fail, ok, toEngineError, type Result } from '../../shared/errors';
import type { EventHub } from '../eventHub';
import type { Clock, JobLocks, PeerChannel } from '../ports';
import { INITIAL_JOB_STATE, isBusyHere, nextJobState, publicStatus, type EngineJobState, type JobEvent } from './jobMachine';

export type Announcement = Exclude<EngineEvent, { type: 'status' }>['type'];

export interface JobHostDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly locks: JobLocks;
  readonly peers: PeerChannel;
  readonly hub: EventHub;
}

export class JobHost {
  private current: EngineJobState = INITIAL_JOB_STATE;

  constructor(readonly deps: JobHostDeps) {}

  /** The job state now (read it again after every await: it changes meanwhile). */
  get state(): EngineJobState {
    return this.current;
  }

  /** A job runs in this tab. */
  busy(): boolean {
    return isBusyHere(this.current);
  }

  status(): EngineStatus {
    return publicStatus(this.current);
  }

  /**
   * Applies `event`; true when the state changed. A change is published to the UI; a change of
   * this tab's own job also to the other tabs (what they report of theirs is not echoed back).
   */
  dispatch(event: JobEvent): boolean {
    const previous = this.current;
    const next = nextJobState(previous, event);
    if (next === previous) return false;
    this.current = next;
    const status = publicStatus(next);
    // What only this tab needs (Cancel asked, the database replaced under a practice job) is not
    // news to anyone; publishing it would also re-enter listeners that act on a status.
    if (sameStatus(status, publicStatus(previous))) return true;
    this.deps.hub.status(status);
    if (event.type !== 'peer-status' && event.type !== 'peer-gone') this.deps.peers.post({ type: 'status', status });
    return true;
  }

  /** Tells the UI the status again, unchanged. */
  republish(): void {
    this.deps.hub.status(this.status());
  }

  announce(type: Announcement): void {
    this.deps.hub.emit({ type });
    this.deps.peers.post({ type });
  }

  async log(level: 'info' | 'warning' | 'error', text: string): Promise<void> {
    await appendLog(this.deps.db, new Date(this.deps.clock.now()), level, text);
    this.announce('log-appended');
  }

  nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  /**
   * Runs `job` under the cross-tab lock. Resolves with the value the job passes to `started`
   * (once it holds the lock and has set itself up), with `busy` if another tab holds the lock,
   * or with the error that stopped the job before it called `started`.
   */
  startJob<T>(job: (started: (value: T) => void) => Promise<void>, busyText = 'Another tab is running a job.'): Promise<Result<T>> {
    return new Promise<Result<T>>((resolve) => {
      this.deps.locks
        .tryRun(() => job((value) => resolve(ok(value))))
        .then((ran) => {
          if (!ran) resolve(fail('busy', busyText));
        })
        .catch((e: unknown) => resolve({ ok: false, error: toEngineError(e) }));
    });
  }
}

/** The same status: every field of the job the same value or the same object (states share them). */
function sameStatus(a: EngineStatus, b: EngineStatus): boolean {
  if (a.runsHere !== b.runsHere || a.job.phase !== b.job.phase) return false;
  const x: Readonly<Record<string, unknown>> = a.job;
  const y: Readonly<Record<string, unknown>> = b.job;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}
