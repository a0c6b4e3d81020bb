// The engine: owns the job state, runs jobs under the cross-tab job lock, and reports through
// the event hub. Everything it touches comes in as a dependency (ports.ts), so tests drive it
// in-process exactly as the worker does.

import type { ScrDatabase } from '../db/database';
import { appendLog, logAsText, readLog } from '../db/logStore';
import type { LogEntry } from '../db/records';
import type { Practice } from '../db/types';
import { DEFAULT_DEMO_SEED, MAX_DEMO_SIZE } from '../demo/generatePatients';
import type { EngineStatus, JobState } from '../shared/engineState';
import { fail, ok, toEngineError, type Result } from '../shared/errors';
import { loadDemoPractice } from './demoLoader';
import type { EventHub } from './eventHub';
import type { Clock, JobLocks, PeerChannel } from './ports';

export interface EngineDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly locks: JobLocks;
  readonly peers: PeerChannel;
  readonly hub: EventHub;
}

export interface DemoLoadOptions {
  readonly size: number;
  readonly seed?: number;
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export class Engine {
  private job: JobState = { phase: 'idle' };
  private runsHere = false;
  /** The last status another tab's engine reported while it held the job lock. */
  private peerStatus: EngineStatus | null = null;
  private cancelRequested = false;

  constructor(private readonly deps: EngineDeps) {
    deps.peers.onMessage((message) => {
      if (message.type === 'status') {
        if (this.runsHere) return;
        this.peerStatus = message.status.job.phase === 'idle' ? null : message.status;
        deps.hub.status(this.status());
      } else {
        deps.hub.emit({ type: message.type });
      }
    });
  }

  status(): EngineStatus {
    if (!this.runsHere && this.peerStatus) return { job: this.peerStatus.job, runsHere: false };
    return { job: this.job, runsHere: this.runsHere };
  }

  async getPractice(): Promise<Practice | null> {
    return (await this.deps.db.practice.get('practice')) ?? null;
  }

  readLog(afterId: number, limit: number): Promise<LogEntry[]> {
    return readLog(this.deps.db, afterId, Math.min(Math.max(1, limit), 1_000));
  }

  logText(): Promise<string> {
    return logAsText(this.deps.db);
  }

  /**
   * Starts loading the demo practice and returns once the job has started (or could not).
   * Progress and the end come as status events.
   */
  async startDemoLoad(options: DemoLoadOptions): Promise<Result<null>> {
    const { size } = options;
    if (!Number.isInteger(size) || size < 1 || size > MAX_DEMO_SIZE) {
      return fail('invalid-argument', `The demo practice size must be a whole number from 1 to ${MAX_DEMO_SIZE.toLocaleString('en-GB')}; got ${String(size)}.`);
    }
    if (this.job.phase === 'loading-demo' || this.peerStatus) return fail('busy', 'Another job is already running.');
    const seed = options.seed ?? DEFAULT_DEMO_SEED;
    let started!: (r: Result<null>) => void;
    const startedResult = new Promise<Result<null>>((resolve) => (started = resolve));
    void this.deps.locks
      .tryRun(async () => {
        started(ok(null));
        await this.runDemoLoad(size, seed);
      })
      .then((ran) => {
        if (!ran) started(fail('busy', 'Another tab is running a job.'));
      })
      .catch((e: unknown) => started({ ok: false, error: toEngineError(e) }));
    return startedResult;
  }

  cancel(): Result<null> {
    if (this.job.phase !== 'loading-demo') return fail('invalid-argument', 'There is no job to cancel.');
    this.cancelRequested = true;
    return ok(null);
  }

  private setJob(job: JobState): void {
    this.job = job;
    const status = this.status();
    this.deps.hub.status(status);
    this.deps.peers.post({ type: 'status', status });
  }

  private async log(level: 'info' | 'warning' | 'error', text: string): Promise<void> {
    await appendLog(this.deps.db, new Date(this.deps.clock.now()), level, text);
    this.deps.hub.emit({ type: 'log-appended' });
    this.deps.peers.post({ type: 'log-appended' });
  }

  private async runDemoLoad(size: number, seed: number): Promise<void> {
    const { db, clock } = this.deps;
    const startedAtMs = clock.now();
    this.runsHere = true;
    this.cancelRequested = false;
    this.setJob({ phase: 'loading-demo', done: 0, total: size, startedAt: new Date(startedAtMs).toISOString() });
    try {
      await this.log('info', `Loading the demo practice: ${size.toLocaleString('en-GB')} patients (seed ${seed}).`);
      const outcome = await loadDemoPractice(db, { size, seed, asOf: localDate(startedAtMs) }, {
        onProgress: (done, total) => this.setJob({ phase: 'loading-demo', done, total, startedAt: new Date(startedAtMs).toISOString() }),
        isCancelled: () => this.cancelRequested,
        now: () => new Date(clock.now()).toISOString(),
      });
      const seconds = ((clock.now() - startedAtMs) / 1000).toFixed(1);
      if (outcome.kind === 'loaded') await this.log('info', `Demo practice loaded: ${size.toLocaleString('en-GB')} patients in ${seconds} s.`);
      else await this.log('warning', 'Loading the demo practice was cancelled; no practice data is stored.');
      this.deps.hub.emit({ type: 'practice-changed' });
      this.deps.peers.post({ type: 'practice-changed' });
      this.setJob({ phase: 'idle' });
    } catch (e) {
      const error = toEngineError(e);
      this.setJob({ phase: 'failed', job: 'loading-demo', error });
      await this.log('error', `Loading the demo practice failed: ${error.message}`).catch(() => undefined);
    } finally {
      this.runsHere = false;
      this.deps.hub.status(this.status());
    }
  }
}
