// Words for who or what paused or stopped a run, from the engine's typed cause (never guessed
// from the run's control alone): the status bar, the Upload screen and its controls use these.

import type { RunRecord, StopCause } from '../domain/model/runs';
import type { RunStopping } from '../shared/engineState';

/** Why, as the end of a sentence: "you asked", "the pause time came", … */
function because(kind: 'pause' | 'stop', cause: StopCause): string {
  switch (cause.by) {
    case 'user':
      return kind === 'pause' ? 'you paused it' : 'you cancelled it';
    case 'schedule':
      return kind === 'pause' ? 'the schedule’s pause time came' : 'the schedule’s stop time came';
    case 'storage':
      return 'the browser’s storage for this site is full';
    case 'upgrade':
      return 'a newer version of the app, opened in another tab, upgraded the database';
  }
}

/** The button label and the sentence while a stop is under way: "Pausing…" and why. */
export function stoppingLabel(stopping: RunStopping): string {
  return stopping.kind === 'pause' ? 'Pausing…' : 'Stopping…';
}

export function stoppingText(stopping: RunStopping): string {
  return `${stoppingLabel(stopping)} The upload ${stopping.kind === 'pause' ? 'pauses' : 'stops'} at the next checkpoint: ${because(stopping.kind, stopping.cause)}.`;
}

/** "Paused by you", "Stopped by the schedule (stop time reached)", … for a paused or stopped run. */
export function stoppedText(run: RunRecord): string {
  const kind = run.control === 'paused' ? 'pause' : 'stop';
  const cause = run.stoppedBy;
  if (cause === undefined) return run.control === 'paused' ? 'Paused' : run.control === 'stopped' ? 'Cancelled' : 'Interrupted';
  switch (cause.by) {
    case 'user':
      return kind === 'pause' ? 'Paused by you' : 'Cancelled by you';
    case 'schedule':
      return kind === 'pause' ? 'Paused by the schedule (pause time reached)' : 'Stopped by the schedule (stop time reached)';
    case 'storage':
      return 'Paused because the browser’s storage for this site was full';
    case 'upgrade':
      return 'Stopped because a newer version of the app upgraded the database';
  }
}

/** The same as a phrase after "was": "paused by you", "interrupted", … */
export function stoppedPhrase(run: RunRecord): string {
  const text = stoppedText(run);
  return text.charAt(0).toLowerCase() + text.slice(1);
}
