// Figures derived from a run record for progress displays: pure, shared by engine and UI.

import type { RunRecord } from '../domain/model/runs';

export interface RunProgress {
  readonly checked: number;
  readonly total: number;
  /** Patients not yet checked: the original's "Unprocessed Patients". */
  readonly unprocessed: number;
  readonly queued: number;
  readonly notRequired: number;
  readonly failed: number;
  /** Patients checked per second of active checking time; null before the first page. Checking only, never sending. */
  readonly perSecond: number | null;
  /** Average milliseconds of checking per patient. */
  readonly msPerPatient: number | null;
  /** Seconds of checking left at the checking rate; null when unknown. Says nothing about sending. */
  readonly etaSeconds: number | null;
}

/**
 * How long sending has left, as the tab that sends measures it:
 *   done     - nothing is left to send
 *   measured - at the rate messages were answered over the last minute (never less than the
 *              configured limit allows)
 *   at-least - not measured yet (sending has only just begun): what the limit allows at best
 *   held     - sending waits (offline, a login, a refusal, the endpoint, storage): no estimate
 */
export type TimeLeft =
  | { readonly kind: 'done' }
  | { readonly kind: 'measured'; readonly seconds: number }
  | { readonly kind: 'at-least'; readonly seconds: number }
  | { readonly kind: 'held' };

export interface SendingPace {
  /** Messages acknowledged by the Spine (Sent) per minute over the last minute; null until measured. */
  readonly sentPerMinute: number | null;
  /** Messages still to be answered: unsent now, and those expected from patients not yet checked. */
  readonly remaining: number;
  readonly timeLeft: TimeLeft;
  /** The configured limit, requests a second. */
  readonly limitPerSecond: number;
}

export const NO_PACE: SendingPace = { sentPerMinute: null, remaining: 0, timeLeft: { kind: 'done' }, limitPerSecond: 0 };

const sum = (r: Readonly<Record<string, number>>): number => Object.values(r).reduce((s, n) => s + n, 0);

export function runProgress(run: RunRecord): RunProgress {
  const { checked } = run.counts;
  const unprocessed = Math.max(0, run.total - checked);
  const perSecond = checked > 0 && run.activeMs > 0 ? (checked * 1000) / run.activeMs : null;
  return {
    checked,
    total: run.total,
    unprocessed,
    queued: run.counts.queued,
    notRequired: sum(run.counts.notRequired),
    failed: sum(run.counts.failed),
    perSecond,
    msPerPatient: checked > 0 ? run.activeMs / checked : null,
    etaSeconds: perSecond ? unprocessed / perSecond : null,
  };
}
