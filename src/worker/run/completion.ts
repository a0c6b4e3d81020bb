// Names and the final-statistics text of a run, as written to the log and shown on completion.

import type { RunKind, RunRecord } from '../../domain/model/runs';
import { FAILED_LABELS, NOT_REQUIRED_LABELS, type FailedReason, type NotRequiredReason } from '../../domain/eligibility';
import { runProgress } from '../../shared/runProgress';
import type { OutboxCounts } from '../../shared/sendingStatus';

export const RUN_KIND_NAMES: Readonly<Record<RunKind, string>> = {
  run: 'National Summary Initial Upload',
  rerun: 'Rerun of the National Summary Initial Upload',
  failed: 'Reprocessing of failed patients',
};

export const COMPLETED_TEXT = 'National Summary Initial Upload completed successfully';

const n = (v: number): string => v.toLocaleString('en-GB');

/**
 * The statistics block, one fact per line; reasons with a zero count are left out. Sent and
 * "failed on sending" come from the run's messages as acknowledged (201) or failed.
 */
export function completionLog(run: RunRecord, messages: OutboxCounts): string {
  const p = runProgress(run);
  const sending = messages.queued + messages.sending + messages.waiting;
  const lines = [
    `${COMPLETED_TEXT} (${RUN_KIND_NAMES[run.kind]}, run ${run.id ?? '?'}).`,
    `Patients checked: ${n(p.checked)} of ${n(p.total)}; qualifying patients: ${n(p.queued)}.`,
    `Unprocessed Patients: ${n(p.unprocessed)}; Sent: ${n(messages.sent)}; Sending: ${n(sending)}; Failed: ${n(p.failed + messages.failed)}; Not Required: ${n(p.notRequired)}.`,
  ];
  if (messages.failed > 0) lines.push(`  Failed on sending (see Messages): ${n(messages.failed)}`);
  for (const [reason, count] of Object.entries(run.counts.notRequired) as [NotRequiredReason, number][]) if (count) lines.push(`  ${NOT_REQUIRED_LABELS[reason]}: ${n(count)}`);
  for (const [reason, count] of Object.entries(run.counts.failed) as [FailedReason, number][]) if (count) lines.push(`  ${FAILED_LABELS[reason]}: ${n(count)}`);
  return lines.join('\n');
}
