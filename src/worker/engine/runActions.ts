// What can be asked of upload runs: Run, Rerun and Failed (a new run), Resume, Discard this run,
// and Reprocess failed messages. Each checks what it may, then hands a run to the run controller
// under the job lock.

import type { ScrDatabase } from '../../db/database';
import { isUnfinished, type RunKind, type RunRecord } from '../../domain/model/runs';
import { missingAuthor } from '../../domain/author/validateAuthor';
import { localIsoDate } from '../../domain/localDate';
import { fail, ok, type Result } from '../../shared/errors';
import type { Clock } from '../ports';
import { loadAuthor } from '../authorStore';
import { RUN_KIND_NAMES } from '../run/completion';
import { discardRun } from '../run/discardRun';
import { createRun, latestCompletedRun, latestRun, setRunControl, unfinishedRun } from '../run/runStore';
import { discardedLogText } from '../run/stopText';
import { countRunByState, reprocessFailed } from '../send/outboxStore';
import type { Transmission } from '../send/transmission';
import type { JobHost } from './jobHost';
import type { RunController } from './runController';

export interface RunActionsDeps {
  readonly host: JobHost;
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly controller: RunController;
  readonly transmission: Transmission;
  readonly ensureSettings: () => Promise<void>;
  /** The upload was started or resumed by hand: the schedule's pending start or resume no longer applies. */
  readonly startedByHand: () => Promise<void>;
  /** Clears the schedule (it would start or resume a discarded run), logging `text`. */
  readonly clearSchedule: (text: string) => Promise<unknown>;
}

/** A run that has not ended (completed or discarded): it can be resumed, and blocks a new one. */
export function unfinished(run: RunRecord | null): RunRecord | null {
  return isUnfinished(run) ? run : null;
}

export class RunActions {
  constructor(private readonly deps: RunActionsDeps) {}

  /** Run, Rerun or Failed: creates a run and starts it. Returns once it has started. */
  async startRun(kind: RunKind, by: 'user' | 'schedule' = 'user'): Promise<Result<{ runId: number }>> {
    const { db, host } = this.deps;
    if (host.busy()) return fail('busy', 'Another job is already running.');
    const practice = await db.practice.get('practice');
    if (!practice) return fail('no-practice', 'There is no practice data: load the demo practice or import a practice extract first.');
    const open = await unfinishedRun(db);
    if (open) return fail('unfinished-run', `${RUN_KIND_NAMES[open.kind]} ${open.id ?? ''} is unfinished (${open.counts.checked.toLocaleString('en-GB')} of ${open.total.toLocaleString('en-GB')} patients checked): resume it, or discard it.`);
    // A discarded run never completed: what decides Run against Rerun and Failed is the latest
    // completed run (Failed reprocesses that run's failed patients).
    const latest = await latestCompletedRun(db);
    if (kind === 'run' && latest) return fail('already-completed', 'The initial upload has already run to completion. Choose Rerun to send for all eligible patients again, or Failed to reprocess the patients that failed.');
    if (kind !== 'run' && !latest) return fail('invalid-argument', 'Nothing has run to completion yet: choose Run.');
    if (kind === 'failed' && latest?.id !== undefined && Object.values(latest.counts.failed).every((n) => n === 0) && (await countRunByState(db, latest.id)).failed === 0) {
      return fail('no-failed-patients', 'No patients failed in the last completed run, in the checks or on sending: there is nothing to reprocess.');
    }
    const noAuthor = await this.authorProblem();
    if (noAuthor) return noAuthor;

    const now = this.deps.clock.now();
    if (by === 'user') await this.deps.startedByHand();
    return host.startJob<{ runId: number }>(async (started) => {
      const created = await createRun(
        db,
        { kind, sourceRunId: kind === 'failed' && latest?.id !== undefined ? latest.id : null, runDate: localIsoDate(now), createdAt: new Date(now).toISOString() },
        (total) => `${RUN_KIND_NAMES[kind]} started for ${total.toLocaleString('en-GB')} patients (${practice.name}, ${practice.odsCode}).`,
      );
      started({ runId: created.id ?? 0 });
      await this.deps.controller.execute(created, false);
    });
  }

  /** Continues the unfinished run from its checkpoint. */
  async resume(by: 'user' | 'schedule' = 'user'): Promise<Result<{ runId: number }>> {
    const { db, host } = this.deps;
    if (host.busy()) return fail('busy', 'A job is already running.');
    const latest = unfinished(await latestRun(db));
    if (!latest || latest.id === undefined) return fail('nothing-to-resume', 'There is no unfinished run to resume.');
    const noAuthor = await this.authorProblem();
    if (noAuthor) return noAuthor;
    const runId = latest.id;
    if (by === 'user') await this.deps.startedByHand();
    const how = by === 'user' ? 'resumed' : 'resumed by the schedule';
    return host.startJob<{ runId: number }>(async (started) => {
      const run = await setRunControl(db, runId, 'running', host.nowIso(), { level: 'info', text: `${RUN_KIND_NAMES[latest.kind]} ${how} at ${latest.counts.checked.toLocaleString('en-GB')} of ${latest.total.toLocaleString('en-GB')} patients checked.` });
      started({ runId });
      await this.deps.controller.execute(run, false);
    });
  }

  /**
   * Why nothing can be sent yet (null when it can): the summary's author is not complete, or the
   * HTTP Spine settings (stored by an earlier version) lack the NHSD-Session-URID the service requires.
   */
  private async authorProblem(): Promise<Result<never> | null> {
    const missing = missingAuthor(await loadAuthor(this.deps.db));
    if (missing.length > 0) return fail('no-author', `Every summary names the practice and the responsible clinician as its author: enter ${missing.join(', ')} in Settings, then start again.`);
    await this.deps.ensureSettings();
    const sending = this.deps.transmission.currentSettings();
    if (sending.kind === 'spine' && sending.sessionUrid === null) {
      return fail('settings-incomplete', 'The national service refuses every upload without an NHSD-Session-URID: enter it in Settings, then start again.');
    }
    return null;
  }

  /**
   * Discard this run: ends the unfinished run for good, under the job lock so no tab continues
   * it meanwhile. Its unsent messages are dropped (counted and logged); what the Spine
   * acknowledged and what failed stay on record. A new run, an import or deleting the practice
   * data can then go ahead. Refused while the run is running (pause or cancel it first).
   */
  async discardRun(): Promise<Result<{ dropped: number }>> {
    const { db, host } = this.deps;
    const state = host.state;
    const peerRunning = (state.phase === 'idle' || state.phase === 'stopped' || state.phase === 'failed') && state.peer?.job.phase === 'running';
    if (state.phase === 'running' || state.phase === 'stopping' || peerRunning) {
      return fail('busy', `The upload is running${peerRunning ? ' in another tab' : ''}: pause or cancel it first, then discard it.`);
    }
    if (host.busy()) return fail('busy', 'Another job is already running.');
    const open = await unfinishedRun(db);
    if (!open || open.id === undefined) return fail('nothing-to-discard', 'There is no unfinished run to discard.');
    const runId = open.id;
    const result = await host.startJob<Result<{ dropped: number }>>(async (started) => started(await this.discardHoldingLock(runId)), 'Another tab is running a job: discard the run when it has finished.');
    return result.ok ? result.value : result;
  }

  private async discardHoldingLock(runId: number): Promise<Result<{ dropped: number }>> {
    const { host } = this.deps;
    const facts = await discardRun(this.deps.db, runId, host.nowIso(), ({ run, messages }) => discardedLogText(run, messages));
    if (facts === null) return fail('nothing-to-discard', 'The run ended meanwhile: there is nothing to discard.');
    // A schedule would start or resume it: it goes with the run.
    await this.deps.clearSchedule('Schedule cleared: the run was discarded.');
    // The error of a run that stopped by failing no longer stands.
    host.dispatch({ type: 'run-failure-cleared' });
    host.announce('runs-changed');
    host.announce('messages-changed');
    host.announce('log-appended');
    return ok({ dropped: facts.run.discarded?.dropped ?? 0 });
  }

  /**
   * The monitor's Reprocess: failed messages of the latest run (the ones named, or all) get new
   * attempts with the same request ids. A completed run becomes running again until they are
   * acknowledged or fail; a paused or stopped run sends them when resumed.
   */
  async reprocessMessages(runId: number, requestIds: readonly string[] | null): Promise<Result<{ count: number }>> {
    const { db, host } = this.deps;
    const latest = await latestRun(db);
    if (latest?.id !== runId) return fail('invalid-argument', 'Only the latest run\'s messages can be reprocessed.');
    if (latest.control === 'discarded') return fail('run-discarded', 'This run was discarded: its messages are not sent again. Start a new run instead (Run, Rerun or Failed).');
    const phase = host.state.phase;
    if (phase === 'loading-demo' || phase === 'importing' || phase === 'deleting-practice') return fail('busy', 'The practice data is being replaced: reprocess when that has finished.');
    const count = await reprocessFailed(db, runId, requestIds, this.deps.clock.now());
    if (count === 0) return fail('invalid-argument', 'There are no failed messages to reprocess.');
    const what = `${count.toLocaleString('en-GB')} failed message${count === 1 ? '' : 's'} of ${RUN_KIND_NAMES[latest.kind]} ${runId}`;
    host.announce('messages-changed');
    if (latest.control === 'completed') {
      const reopened = await host.startJob<{ count: number }>(async (started) => {
        const run = await setRunControl(db, runId, 'running', host.nowIso(), { level: 'info', text: `Reprocessing ${what}: the run continues until they are sent or fail.` });
        started({ count });
        await this.deps.controller.execute(run, false);
      });
      // Another tab holds the lock: the messages stay due and go with the next run or resume.
      if (!reopened.ok) await host.log('info', `Reprocessing ${what}: they will be sent when the upload next runs.`);
      return ok({ count });
    }
    this.deps.controller.wakeSender();
    const when = latest.control === 'running' ? 'they are being sent again' : 'they will be sent when the run is resumed';
    await host.log('info', `Reprocessing ${what}: ${when}.`);
    return ok({ count });
  }
}
