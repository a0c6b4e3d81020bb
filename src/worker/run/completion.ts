// Names and the final-statistics text of a run, as written to the log and shown on completion.

import type { RunKind, RunRecord } from '../../db/runRecords';
import { FAILED_LABELS, NOT_REQUIRED_LABELS, type FailedReason, type NotRequiredReason } from '../../domain/eligibility';
import { runProgress } from '../../shared/runProgress';

export const RUN_KIND_NAMES: Readonly<Record<RunKind, string>> = {
  run: 'National Summary Initial Upload',
  rerun: 'Rerun of the National Summary Initial Upload',
  failed: 'Reprocessing of failed patients',
};

export const COMPLETED_TEXT = 'National Summary Initial Upload completed successfully';

const n = (v: number): string => v.toLocaleString('en-GB');

/** The statistics block, one fact per line; reasons with a zero count are left out. */
export function completionLog(run: RunRecord): string {
  const p = runProgress(run);
  const lines = [
    `${COMPLETED_TEXT} (${RUN_KIND_NAMES[run.kind]}, run ${run.id ?? '?'}).`,
    `Patients checked: ${n(p.checked)} of ${n(p.total)}; qualifying patients: ${n(p.queued)}.`,
    `Unprocessed Patients: ${n(p.unprocessed)}; Sent: 0; Sending: ${n(p.queued)}; Failed: ${n(p.failed)}; Not Required: ${n(p.notRequired)}.`,
  ];
  for (const [reason, count] of Object.entries(run.counts.notRequired) as [NotRequiredReason, number][]) if (count) lines.push(`  ${NOT_REQUIRED_LABELS[reason]}: ${n(count)}`);
  for (const [reason, count] of Object.entries(run.counts.failed) as [FailedReason, number][]) if (count) lines.push(`  ${FAILED_LABELS[reason]}: ${n(count)}`);
  return lines.join('\n');
}
