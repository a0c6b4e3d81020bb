// The run controller: carries out one upload run in this tab, from its checkpoint to its end
// (completed, paused or stopped at a checkpoint, or failed), publishes its progress and sending
// figures, and takes the stops asked of it (Pause, Cancel Upload, the schedule, a full disk, a
// database upgrade) as events of the job state, where the first one wins and keeps its cause.

import type { ScrDatabase } from '../../db/database';
import type { RunRecord, StopCause } from '../../domain/model/runs';
import { refusalLogText } from '../../domain/sending/refusalText';
import type { RunStopping } from '../../shared/engineState';
import { fail, ok, toEngineError, type EngineError, type Result } from '../../shared/errors';
import { NO_PACE, type SendingPace } from '../../shared/runProgress';
import { unfinishedMessages, type RunSending } from '../../shared/sendingStatus';
import type { Clock } from '../ports';
import { completionLog, RUN_KIND_NAMES } from '../run/completion';
import { runLoop, type LoopDeps } from '../run/runLoop';
import { setRunControl } from '../run/runStore';
import { addPaceSample, sendingPace, type PaceSample } from '../run/sendPace';
import { stoppedLogText, stopUnderWayText } from '../run/stopText';
import { TRAINING_PRESETS } from '../send/createSender';
import { Wakeup, type Sleeper } from '../send/sleeper';
import type { Transmission } from '../send/transmission';
import type { JobHost } from './jobHost';
import { runGoing, type RunGoing } from './jobMachine';

/** How often a run waiting for its last messages re-counts them if nothing wakes it (ms). */
const DRAIN_CHECK_MS = 1_000;

/** Shortest gap between two samples of the sending counts for the rate (ms). */
const PACE_SAMPLE_MS = 250;

export interface RunControllerDeps {
  readonly host: JobHost;
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  readonly uuid: () => string;
  readonly transmission: Transmission;
  readonly ensureSettings: () => Promise<void>;
  /** Clears the schedule (the run it drives has completed), logging `text`. */
  readonly clearSchedule: (text: string) => Promise<unknown>;
  readonly pageSize?: number;
  readonly hooks?: LoopDeps['hooks'];
}

/**
 * The sending figures now, and the samples they come from: a new sample of the counts is taken
 * at most every PACE_SAMPLE_MS (the samples are the run's, kept in the job state).
 */
function measurePace(samples: readonly PaceSample[], nowMs: number, run: RunRecord, sending: RunSending, limitPerSecond: number): { readonly samples: readonly PaceSample[]; readonly pace: SendingPace } {
  const c = sending.counts;
  const lastMs = samples[samples.length - 1]?.atMs ?? Number.NEGATIVE_INFINITY;
  const sampled = nowMs - lastMs >= PACE_SAMPLE_MS || nowMs < lastMs ? addPaceSample(samples, { atMs: nowMs, sent: c.sent, answered: c.sent + c.failed }) : samples;
  const pace = sendingPace({
    samples: sampled,
    nowMs,
    counts: c,
    run: { total: run.total, checked: run.counts.checked, queued: run.counts.queued },
    limitPerSecond,
    held: sending.sender.holds.length > 0,
    nextAttemptAt: sending.sender.nextAttemptAt,
  });
  return { samples: sampled, pace };
}

export class RunController {
  /** Woken by sending progress and stop requests while a run waits for its last messages. */
  private readonly drainWakeup = new Wakeup();

  constructor(private readonly deps: RunControllerDeps) {}

  /** Sending counts or holds changed: republish the running job (the hub throttles). */
  sendingChanged(): void {
    this.drainWakeup.wake();
    const state = this.deps.host.state;
    if (!runGoing(state)) return;
    const sending = this.deps.transmission.view();
    // The outbox could not be written (storage full): the run pauses with the reason, unless
    // another stop is already under way (its cause stands).
    if (sending.sender.holds.includes('error')) this.deps.host.dispatch({ type: 'stop-requested', stop: { kind: 'pause', cause: { by: 'storage', detail: sending.sender.detail } } });
    // The Spine refuses what this app sends: sending holds (the run does not fail); say so once.
    const refusal = sending.sender.refusal;
    if (refusal !== null && refusal.text !== state.loggedRefusal) void this.deps.host.log('warning', refusalLogText(refusal)).catch(() => undefined);
    // Status events carry the counts; the monitor polls its pages while a run is running.
    this.publish({ loggedRefusal: refusal?.text ?? null });
  }

  /** Another tab upgraded the database: a run going here stops at its last checkpoint. */
  databaseReplaced(): void {
    this.deps.host.dispatch({ type: 'database-replaced' });
    this.drainWakeup.wake();
    this.publish();
  }

  /** Asks the run going in this tab to pause or stop at its next checkpoint. The first stop wins. */
  stopHere(kind: 'pause' | 'stop', cause: StopCause): Result<null> {
    const state = this.deps.host.state;
    if (state.phase === 'stopping') return fail('stop-under-way', stopUnderWayText(state.stop));
    if (state.phase !== 'running') return fail('not-running', 'No upload is running: there is nothing to pause or cancel.');
    this.deps.host.dispatch({ type: 'stop-requested', stop: { kind, cause } });
    this.drainWakeup.wake();
    this.publish();
    return ok(null);
  }

  /** Wakes the sender of a run going here (new messages are due). */
  wakeSender(): void {
    if (runGoing(this.deps.host.state)) this.deps.transmission.wake();
  }

  /** Carries out `start` from its checkpoint until it ends; the job lock is held. */
  async execute(start: RunRecord, resumedAutomatically: boolean): Promise<void> {
    const { db, clock, host, transmission } = this.deps;
    const practice = await db.practice.get('practice');
    const runId = start.id ?? 0;
    host.dispatch({ type: 'run-started', going: { run: start, resumedAutomatically, stage: 'preparing', sending: transmission.view(), pace: NO_PACE, paceSamples: [], loggedRefusal: null } });
    try {
      await this.deps.ensureSettings();
      this.publish();
      host.announce('runs-changed');
      if (!practice) throw Object.assign(new Error('The practice data is gone: the run cannot continue.'), { name: 'NoPractice' });
      // Sending goes on while patients are checked: each committed page wakes the sender.
      await transmission.start(runId);
      const end = await runLoop(start, { db, clock, uuid: this.deps.uuid, practice, pageSize: this.deps.pageSize, hooks: this.deps.hooks }, {
        shouldStop: () => this.stopUnderWay() !== null,
        onProgress: (run) => {
          transmission.wake();
          this.publish({ run });
        },
      });
      if (end.kind === 'finished') this.publish({ run: end.run, stage: 'sending' });
      const drained = end.kind === 'finished' && (await this.waitForLastMessages());
      // Requests in flight finish and are recorded before the run's state is written.
      await transmission.stop();
      const messages = await transmission.refreshCounts();
      const at = host.nowIso();
      if (drained) {
        await setRunControl(db, runId, 'completed', at, { level: 'info', text: completionLog(end.run, messages) }, messages);
        await this.deps.clearSchedule('Schedule cleared: the upload finished.');
        host.dispatch({ type: 'job-finished' });
      } else {
        // Invariant: the loop and the wait end early only for a stop request, so the state is
        // stopping and holds its cause, which is said once, here.
        const stop = this.stopUnderWay();
        if (stop === null) throw new Error('The run ended early with no stop under way.');
        await setRunControl(db, runId, stop.kind === 'pause' ? 'paused' : 'stopped', at, { level: 'info', text: stoppedLogText(end.run, stop, messages, unfinishedMessages(messages)) }, messages, stop.cause);
        host.dispatch({ type: 'run-stopped' });
      }
    } catch (e) {
      await transmission.stop().catch(() => undefined);
      await this.failed(runId, start, toEngineError(e));
    } finally {
      host.announce('runs-changed');
      host.announce('log-appended');
      host.announce('messages-changed');
    }
  }

  /** The run failed: the job says why; a full disk pauses the run at its checkpoint until Resume. */
  private async failed(runId: number, start: RunRecord, thrown: EngineError): Promise<void> {
    const { host } = this.deps;
    host.dispatch({ type: 'job-failed', job: 'run', error: thrown });
    const state = host.state;
    if (state.phase === 'failed' && state.job === 'database') return;
    if (thrown.code === 'storage-quota') {
      // The refused transaction stored nothing; the run pauses at its checkpoint until Resume.
      const text = `${RUN_KIND_NAMES[start.kind]} paused: the browser's storage for this site is full. Nothing is lost: the page being written was not stored and will be checked again. Free some space (Storage shows what is used), then Resume.`;
      await setRunControl(this.deps.db, runId, 'paused', host.nowIso(), { level: 'error', text }, undefined, { by: 'storage', detail: thrown.message }).catch(() => undefined);
    } else {
      await host.log('error', `The run stopped at its last checkpoint: ${thrown.message}`).catch(() => undefined);
    }
  }

  /** The stop under way for the run going here, read afresh (the state changes while the run awaits). */
  private stopUnderWay(): RunStopping | null {
    const state = this.deps.host.state;
    return state.phase === 'stopping' ? state.stop : null;
  }

  /** Republishes the run going here with the sender's latest report and the sending figures; `changes` replaces the run, the stage or the refusal logged. */
  private publish(changes: Partial<Pick<RunGoing, 'run' | 'stage' | 'loggedRefusal'>> = {}): void {
    const state = this.deps.host.state;
    if (!runGoing(state)) return;
    const sending = this.deps.transmission.view();
    const { samples, pace } = measurePace(state.paceSamples, this.deps.clock.now(), changes.run ?? state.run, sending, this.limitPerSecond());
    this.deps.host.dispatch({ type: 'run-progress', changes: { ...changes, sending, pace, paceSamples: samples } });
  }

  /** The configured sending limit, requests a second. */
  private limitPerSecond(): number {
    const s = this.deps.transmission.currentSettings();
    return s.kind === 'training' ? TRAINING_PRESETS[s.speed].rateLimit.perSecond : s.ratePerSecond;
  }

  /**
   * Every patient is checked: waits until none of the run's messages is queued, sending or
   * waiting to retry (true), or until the run is asked to stop (false).
   */
  private async waitForLastMessages(): Promise<boolean> {
    const { transmission, host } = this.deps;
    let lastCountMs = Number.NEGATIVE_INFINITY;
    for (;;) {
      if (this.stopUnderWay() !== null) return false;
      // The sender keeps the counts fresh as it goes (a few times a second); counting a run's
      // messages costs a pass over its index, so count here only when those say it is done,
      // and once a DRAIN_CHECK_MS otherwise (a change the sender did not report).
      const now = this.deps.clock.now();
      const seemsDone = unfinishedMessages(transmission.runCounts()) === 0;
      if (seemsDone || now - lastCountMs >= DRAIN_CHECK_MS) {
        lastCountMs = now;
        if (unfinishedMessages(await transmission.refreshCounts()) === 0) return true;
        host.dispatch({ type: 'run-progress', changes: { sending: transmission.view() } });
      }
      await this.drainWakeup.wait(this.deps.sleeper, DRAIN_CHECK_MS);
    }
  }
}
