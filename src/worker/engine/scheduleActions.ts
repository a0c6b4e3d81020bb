// The schedule's side of the engine: the ticker (schedule/scheduleTicker.ts) decides when a
// start, stop, pause or resume time has come; this carries each out on the runs (or on the run
// stored as running while the app was closed), and sets, reads and clears the schedule.

import type { ScrDatabase } from '../../db/database';
import type { RunKind } from '../../domain/model/runs';
import type { ScheduleInput } from '../../domain/schedule/types';
import type { ScheduleValidation } from '../../domain/schedule/validateSchedule';
import type { Result } from '../../shared/errors';
import type { Clock } from '../ports';
import { RUN_KIND_NAMES } from '../run/completion';
import { latestCompletedRun, latestRun, setRunControl } from '../run/runStore';
import type { StoredSchedule } from '../schedule/scheduleStore';
import { ScheduleTicker, type RunState, type TickSource } from '../schedule/scheduleTicker';
import type { JobHost } from './jobHost';
import { unfinished, type RunActions } from './runActions';
import type { RunController } from './runController';

/** Which run a scheduled start begins (stored when the schedule is set from Run, Rerun or Failed). */
const SCHEDULED_KIND_KEY = 'scheduled-run-kind';

export interface ScheduleActionsDeps {
  readonly host: JobHost;
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly ticks?: TickSource;
  /** Late-bound: the run modules are built with this one's clear and startedByHand. */
  readonly runs: () => { readonly actions: RunActions; readonly controller: RunController };
}

export class ScheduleActions {
  readonly ticker: ScheduleTicker;

  constructor(private readonly deps: ScheduleActionsDeps) {
    this.ticker = new ScheduleTicker({
      db: deps.db,
      clock: deps.clock,
      timeZone: deps.timeZone,
      ticks: deps.ticks,
      runState: () => this.runState(),
      actions: {
        start: () => this.scheduledStart(),
        stop: () => this.scheduledHalt('stop'),
        pause: () => this.scheduledHalt('pause'),
        resume: () => this.scheduledResume(),
        log: (level, text) => deps.host.log(level, text),
        changed: () => deps.host.announce('schedule-changed'),
      },
    });
  }

  /** The stored schedule and how far it has got, or null when none is set. */
  current(): Promise<StoredSchedule | null> {
    return this.ticker.current();
  }

  /**
   * Sets or changes the schedule. From Run, Rerun or Failed (`kind`) with a start time, that run
   * starts by itself at the time; with "start now" the caller starts it.
   */
  async set(input: ScheduleInput, kind: RunKind | null): Promise<ScheduleValidation> {
    const result = await this.ticker.set(input);
    if (result.valid && kind !== null) await this.deps.db.settings.put({ key: SCHEDULED_KIND_KEY, value: kind });
    return result;
  }

  private async runState(): Promise<RunState> {
    const state = this.deps.host.state;
    if ((state.phase === 'idle' || state.phase === 'stopped' || state.phase === 'failed') && state.peer?.job.phase === 'running') return 'other-tab';
    if (state.phase === 'running') return 'active';
    if (state.phase === 'stopping') return 'inactive';
    // Stored as running but not yet continued (the app has just opened): it is about to run.
    return (await latestRun(this.deps.db))?.control === 'running' ? 'active' : 'inactive';
  }

  /** Start time reached: continue the unfinished run, or begin the scheduled one. */
  private async scheduledStart(): Promise<void> {
    const { db } = this.deps;
    const open = unfinished(await latestRun(db));
    if (open) {
      if (open.control !== 'running') await this.reportRefusal(await this.deps.runs().actions.resume('schedule'));
      return;
    }
    const stored = await db.settings.get(SCHEDULED_KIND_KEY);
    const completed = await latestCompletedRun(db);
    const kind: RunKind = stored?.value === 'run' || stored?.value === 'rerun' || stored?.value === 'failed' ? stored.value : completed ? 'rerun' : 'run';
    await this.reportRefusal(await this.deps.runs().actions.startRun(kind, 'schedule'));
  }

  /** Resume time reached: continue the run the schedule paused. */
  private async scheduledResume(): Promise<void> {
    const open = unfinished(await latestRun(this.deps.db));
    if (open && open.control !== 'running') await this.reportRefusal(await this.deps.runs().actions.resume('schedule'));
  }

  /** Stop or pause time reached: at the next checkpoint here, or at once for a run stored as running. */
  private async scheduledHalt(kind: 'pause' | 'stop'): Promise<void> {
    const { host } = this.deps;
    const phase = host.state.phase;
    // A stop already under way keeps its own cause.
    if (phase === 'stopping') return;
    if (phase === 'running') {
      this.deps.runs().controller.stopHere(kind, { by: 'schedule' });
      return;
    }
    const open = unfinished(await latestRun(this.deps.db));
    if (open?.control !== 'running' || open.id === undefined) return;
    const control = kind === 'pause' ? 'paused' : 'stopped';
    const text = `${RUN_KIND_NAMES[open.kind]} ${control} by the schedule while the app was closed, at ${open.counts.checked.toLocaleString('en-GB')} of ${open.total.toLocaleString('en-GB')} patients checked.`;
    await setRunControl(this.deps.db, open.id, control, host.nowIso(), { level: 'info', text }, undefined, { by: 'schedule' });
    host.announce('runs-changed');
  }

  private async reportRefusal(result: Result<unknown>): Promise<void> {
    if (!result.ok && result.error.code !== 'busy') await this.deps.host.log('warning', `The schedule could not start the upload: ${result.error.message}`);
  }
}
