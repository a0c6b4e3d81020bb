// The statistics of a run, as the original showed them: Unprocessed Patients, Sent, Sending,
// Failed, Not Required (with reasons), the qualifying patients, and rate figures.

import type { RunRecord } from '../../db/runRecords';
import { FAILED_LABELS, NOT_REQUIRED_LABELS, type FailedReason, type NotRequiredReason } from '../../domain/eligibility';
import { runProgress } from '../../shared/runProgress';
import { formatCount } from '../format';
import { CountTable } from './CountTable';

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export function RunStatistics({ run, showRates }: { run: RunRecord; showRates: boolean }) {
  const p = runProgress(run);
  const rows: [string, string, string][] = [
    ['Unprocessed Patients', formatCount(p.unprocessed), 'unprocessed'],
    // Sent only ever comes from the Spine's acknowledgements; until transmission runs, every
    // queued message is still Sending.
    ['Sent', '0', 'sent'],
    ['Sending', formatCount(p.queued), 'sending'],
    ['Failed', formatCount(p.failed), 'failed'],
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
      {(notRequired.length > 0 || failed.length > 0) && (
        <CountTable
          caption="By reason"
          captionSize="s"
          groupHeading="Reason"
          testId="reason-breakdown"
          rows={[...failed.map(([reason, n]) => [FAILED_LABELS[reason], n] as const), ...notRequired.map(([reason, n]) => [NOT_REQUIRED_LABELS[reason], n] as const)]}
        />
      )}
    </>
  );
}
