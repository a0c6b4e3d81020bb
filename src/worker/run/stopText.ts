// The log's words for who or what paused, stopped or discarded a run: one wording per cause, so
// the log never says the user stopped a run the schedule or full storage stopped.

import type { RunRecord, StopCause } from '../../domain/model/runs';
import type { RunStopping } from '../../shared/engineState';
import { runProgress } from '../../shared/runProgress';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { RUN_KIND_NAMES } from './completion';

const n = (v: number): string => v.toLocaleString('en-GB');

/** "paused by the user", "stopped by the schedule (stop time reached)", … */
export function stopVerb(kind: 'pause' | 'stop', cause: StopCause): string {
  switch (cause.by) {
    case 'user':
      return kind === 'pause' ? 'paused by the user' : 'stopped (upload cancelled by the user)';
    case 'schedule':
      return kind === 'pause' ? 'paused by the schedule (pause time reached)' : 'stopped by the schedule (stop time reached)';
    case 'storage':
      return `paused because the browser's storage for this site is full (${cause.detail ?? 'a write was refused'}); free some space, then Resume`;
    case 'upgrade':
      return 'stopped because a newer version of the app, opened in another tab, upgraded the database; reload this tab to carry on';
  }
}

/** The log line when a run has paused or stopped at its checkpoint. */
export function stoppedLogText(run: RunRecord, stopping: RunStopping, messages: OutboxCounts, unsent: number): string {
  const p = runProgress(run);
  return `${RUN_KIND_NAMES[run.kind]} ${stopVerb(stopping.kind, stopping.cause)} at ${n(p.checked)} of ${n(p.total)} patients checked; ${n(messages.sent)} messages sent, ${n(unsent)} waiting to be sent. Nothing queued is lost; Resume continues from here.`;
}

/** Why a second Pause or Cancel Upload is refused while a stop is under way. */
export function stopUnderWayText(stopping: RunStopping): string {
  return `The upload is already ${stopping.kind === 'pause' ? 'pausing' : 'stopping'} (${stopVerb(stopping.kind, stopping.cause)}); it ends at the next checkpoint.`;
}

/** The log line of a discarded run. */
export function discardedLogText(run: RunRecord, messages: OutboxCounts): string {
  const p = runProgress(run);
  const d = run.discarded;
  const dropped = d?.dropped ?? 0;
  const maybe = d !== undefined && d.mayBeOnSpine > 0 ? ` (${n(d.mayBeOnSpine)} of them had lost an answer, so the Spine may hold those)` : '';
  return (
    `${RUN_KIND_NAMES[run.kind]} (run ${run.id ?? '?'}) discarded by the user at ${n(p.checked)} of ${n(p.total)} patients checked: ` +
    `${n(messages.sent)} messages sent (acknowledged by the Spine) and ${n(messages.failed)} failed stay on record; ` +
    `${n(dropped)} unsent message${dropped === 1 ? ' was' : 's were'} dropped${maybe}. The run will not continue; a new run, an import or deleting the practice data can go ahead.`
  );
}
