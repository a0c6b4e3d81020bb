// Figures derived from a run record for progress displays: pure, shared by engine and UI.

import type { RunRecord } from '../db/runRecords';

export interface RunProgress {
  readonly checked: number;
  readonly total: number;
  /** Patients not yet checked: the original's "Unprocessed Patients". */
  readonly unprocessed: number;
  readonly queued: number;
  readonly notRequired: number;
  readonly failed: number;
  /** Patients checked per second of active time; null before the first page. */
  readonly perSecond: number | null;
  /** Average milliseconds per patient (the original's "average upload time per patient"). */
  readonly msPerPatient: number | null;
  /** Seconds of active work left at the current rate; null when unknown. */
  readonly etaSeconds: number | null;
}

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
