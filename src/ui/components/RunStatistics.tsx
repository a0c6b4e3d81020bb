// The statistics of a run, as the original showed them: Unprocessed Patients, Sent, Sending,
// Failed, Not Required (with reasons), the qualifying patients, and rate figures.

import type { RunRecord } from '../../db/runRecords';
import { FAILED_LABELS, NOT_REQUIRED_LABELS, type FailedReason, type NotRequiredReason } from '../../domain/eligibility';
import { runProgress } from '../../shared/runProgress';
import { formatCount } from '../format';
import { CountTable } from './CountTable';
import type { OutboxCounts } from '../../shared/sendingStatus';

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

/**
 * `messages`: the run's messages by state (null while they are being counted). Sent only ever
 * comes from the Spine's acknowledgements (201); Failed adds patients that failed the checks
 * and messages the Spine refused or never acknowledged.
 */
export function RunStatistics({ run, messages, showRates }: { run: RunRecord; messages: OutboxCounts | null; showRates: boolean }) {
  const p = runProgress(run);
  const m = messages;
  const unsent = m === null ? null : m.queued + m.sending + m.waiting;
  const rows: [string, string, string][] = [
    ['Unprocessed Patients', formatCount(p.unprocessed), 'unprocessed'],
    ['Sent', m === null ? '…' : formatCount(m.sent), 'sent'],
    ['Sending', unsent === null ? '…' : formatCount(unsent), 'sending'],
    ['Failed', m === null ? formatCount(p.failed) : formatCount(p.failed + m.failed), 'failed'],
    ['Not Required', formatCount(p.notRequired), 'not-required'],
    ['Qualifying patients (messages queued)', formatCount(p.queued), 'queued'],
  ];
  if (showRates) {
    rows.push(['Average time per patient', p.msPerPatient === null ? '—' : `${p.msPerPatient.toFixed(2)} ms`, 'avg']);
    rows.push(['Rate', p.perSecond === null ? '—' : `${formatCount(Math.round(p.perSecond))} patients a second`, 'rate']);
    rows.push(['Estimated time left', p.etaSeconds === null ? '—' : formatDuration(p.etaSeconds), 'eta']);
  }
  const notRequired = (Object.entries(run.counts.notRequired) as [NotRequiredReason, number][]).filter(([, n]) => n > 0);
  const failed = (Object.entries(run.counts.failed) as [FailedReason, number][]).filter(([, n]) => n > 0);
  const sendFailed = m === null || m.failed === 0 ? [] : [['Failed on sending (see Messages)', m.failed] as const];
  return (
    <>
      <dl className="nhsuk-summary-list" data-testid="run-statistics">
        {rows.map(([label, value, id]) => (
          <div className="nhsuk-summary-list__row" key={id}>
            <dt className="nhsuk-summary-list__key">{label}</dt>
            <dd className="nhsuk-summary-list__value" data-testid={`stat-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {(notRequired.length > 0 || failed.length > 0 || sendFailed.length > 0) && (
        <CountTable
          caption="By reason"
          captionSize="s"
          groupHeading="Reason"
          testId="reason-breakdown"
          rows={[...sendFailed, ...failed.map(([reason, n]) => [FAILED_LABELS[reason], n] as const), ...notRequired.map(([reason, n]) => [NOT_REQUIRED_LABELS[reason], n] as const)]}
        />
      )}
    </>
  );
}
