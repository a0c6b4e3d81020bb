// The statistics of a run. Once it has stopped or completed, the original's names: Unprocessed
// Patients, Sent, Sending, Failed, Not Required (with reasons) and the qualifying patients. While
// it runs, each count says what it is (sent, in flight, waiting to send, waiting to retry and
// when, failed), checking has its own line while it lasts, and the rate and time left are those
// of sending: messages acknowledged a minute and what is unsent at that rate.

import type { RunRecord } from '../../domain/model/runs';
import { localClockTime } from '../../domain/localDate';
import { FAILED_LABELS, NOT_REQUIRED_LABELS, type FailedReason, type NotRequiredReason } from '../../domain/eligibility';
import { runProgress, type SendingPace } from '../../shared/runProgress';
import { formatCount } from '../format';
import { CountTable } from './CountTable';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { checkingText, perMessageText, sendRateText, timeLeftText } from '../paceText';

/** What only a running run has: its stage, the sending figures and the next retry (epoch ms). */
export interface LiveFigures {
  readonly stage: 'preparing' | 'sending';
  readonly pace: SendingPace;
  readonly nextAttemptAt: number | null;
}


/**
 * `messages`: the run's messages by state (null while they are being counted). Sent only ever
 * comes from the Spine's acknowledgements (201); Sending is what is in flight now, never what
 * merely waits; Failed adds patients that failed the checks and messages the Spine refused or
 * never acknowledged. `live` (with `showRates`) adds the running figures.
 */
export function RunStatistics({ run, messages, showRates, live = null }: { run: RunRecord; messages: OutboxCounts | null; showRates: boolean; live?: LiveFigures | null }) {
  const p = runProgress(run);
  const m = messages;
  const running = showRates && live !== null;
  const count = (n: number | undefined): string => (n === undefined ? '…' : formatCount(n));
  const rows: [string, string, string][] = [];
  if (running && live.stage === 'preparing') rows.push(['Checking', checkingText(p), 'checking']);
  rows.push(['Unprocessed Patients', formatCount(p.unprocessed), 'unprocessed']);
  rows.push([running ? 'Sent (acknowledged by the Spine)' : 'Sent', count(m?.sent), 'sent']);
  rows.push([running ? 'Sending (in flight now)' : 'Sending', count(m?.sending), 'sending']);
  if (running || (m !== null && m.queued > 0)) rows.push(['Waiting to send', count(m?.queued), 'waiting']);
  if (running || (m !== null && m.waiting > 0)) {
    const next = running && m !== null && m.waiting > 0 && live.nextAttemptAt !== null ? ` (next at ${localClockTime(live.nextAttemptAt)})` : '';
    rows.push(['Waiting to retry', `${count(m?.waiting)}${next}`, 'retrying']);
  }
  rows.push(['Failed', m === null ? formatCount(p.failed) : formatCount(p.failed + m.failed), 'failed']);
  rows.push(['Not Required', formatCount(p.notRequired), 'not-required']);
  rows.push(['Qualifying patients (messages queued)', formatCount(p.queued), 'queued']);
  if (running) {
    rows.push(['Rate', sendRateText(live.pace), 'rate']);
    rows.push(['Average time per message', perMessageText(live.pace), 'avg']);
    rows.push(['Estimated time left', timeLeftText(live.pace), 'eta']);
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
