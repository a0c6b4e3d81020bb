// One message in full: who and what it is, every attempt, the summary as the Spine shows it, and
// the Bundle as sent. A failed message of the latest run can be reprocessed from here.

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { requestCount, type SendAttempt } from '../../domain/model/runs';
import type { MessageDetail } from '../../shared/monitor';
import { formatCount, formatDateTime } from '../format';
import { attemptAnswerText, sentAsAlreadyOnSpine } from './attemptText';
import { prettyJson } from './bundleSummary';
import { FAILURE_LABELS, STATE_LABELS } from './labels';
import { useMessageDetail } from './monitorQueries';
import { ReprocessResult, type ReprocessOutcome } from './ReprocessResult';
import { SpineSummary } from './SpineSummary';
import { localClockTime } from '../../domain/localDate';
import { TableScroll } from '../components/TableScroll';

export interface MessageDetailViewProps {
  readonly requestId: string;
  /** Whether Reprocess is offered (only the latest run's messages can be reprocessed). */
  readonly canReprocess: boolean;
  readonly reprocessing: boolean;
  readonly outcome: ReprocessOutcome | null;
  onReprocess(requestId: string): void;
  onBack(): void;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function stateText(d: MessageDetail): string {
  const { item } = d;
  if (item.state === 'waiting') return `${STATE_LABELS.waiting}${item.nextAttemptAt > 0 ? `: next attempt at ${localClockTime(item.nextAttemptAt)}` : ''}`;
  if (item.state === 'failed') return `${STATE_LABELS.failed}${item.failureCode === null ? '' : `: ${FAILURE_LABELS[item.failureCode]}`}`;
  if (item.state === 'sent' && sentAsAlreadyOnSpine(d.attempts)) return `${STATE_LABELS.sent}: already on the Spine (the answer to an earlier attempt was lost; the Spine said it holds this summary)`;
  return STATE_LABELS[item.state];
}

function AttemptsTable({ attempts }: { attempts: readonly SendAttempt[] }) {
  if (attempts.length === 0) return <p className="nhsuk-body">No attempts yet.</p>;
  return (
    <TableScroll label="Attempts table">
      <table className="nhsuk-table" data-testid="attempts-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">Attempts ({formatCount(requestCount(attempts))})</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">Time</th>
            <th scope="col" className="nhsuk-table__header">Answer (HTTP status)</th>
            <th scope="col" className="nhsuk-table__header">Error</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {attempts.map((a, i) => (
            <tr className="nhsuk-table__row" key={i}>
              <td className="nhsuk-table__cell">{formatDateTime(a.at)}</td>
              <td className="nhsuk-table__cell">{attemptAnswerText(a)}</td>
              <td className="nhsuk-table__cell">{a.error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function MessageDetailView({ requestId, canReprocess, reprocessing, outcome, onReprocess, onBack }: MessageDetailViewProps) {
  const detail = useMessageDetail(requestId);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  // Opening a message moves focus to it, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), []);
  const d = detail.data;
  return (
    <section aria-labelledby={headingId} data-testid="message-detail">
      <p className="nhsuk-body">
        <button type="button" className="app-link-button" onClick={onBack}>‹ Back to messages</button>
      </p>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {d ? `Message for NHS number ${d.item.nhsNumber}` : 'Message'}
      </h2>
      {detail.isPending && <p className="nhsuk-body">Reading the message…</p>}
      {detail.isError && <p className="nhsuk-error-message" role="alert">The message could not be read: {detail.error.message}</p>}
      {d === null && <p className="nhsuk-body">This message is no longer in the outbox.</p>}
      {d && (
        <>
          <dl className="nhsuk-summary-list">
            <Row label="NHS number">{d.item.nhsNumber}</Row>
            <Row label="State"><span data-testid="detail-state">{stateText(d)}</span></Row>
            {d.item.failure !== null && <Row label="Reason given">{d.item.failure}</Row>}
            <Row label="Request ID"><code>{d.item.requestId}</code></Row>
            <Row label="Bundle ID"><code>{d.bundleId}</code></Row>
            <Row label="Composition ID"><code>{d.compositionId}</code></Row>
            <Row label="List position">{formatCount(d.item.seq)}</Row>
            <Row label="Queued">{formatDateTime(d.queuedAt)}</Row>
          </dl>
          <ReprocessResult outcome={outcome} />
          {d.item.state === 'failed' && canReprocess && (
            <button type="button" className="nhsuk-button" disabled={reprocessing} onClick={() => onReprocess(d.item.requestId)}>Reprocess</button>
          )}
          <AttemptsTable attempts={d.attempts} />
          {d.body === null ? (
            <p className="nhsuk-body" data-testid="no-body">There is no summary to show: the patient’s record is no longer stored.</p>
          ) : (
            <>
              {!d.bodyStored && (
                <p className="nhsuk-body nhsuk-u-secondary-text-colour">
                  {d.attempts.length === 0 ? 'Not sent yet: this is the summary as it will be sent.' : 'The Spine refused what the app sent; this is the summary as it will be sent again, built with the current settings.'}
                </p>
              )}
              <SpineSummary body={d.body} />
              <details className="nhsuk-details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">{d.bodyStored ? 'The message as sent' : 'The message as it will be sent'} (FHIR Bundle, JSON)</span>
                </summary>
                <div className="nhsuk-details__text">
                  <pre data-testid="bundle-json" style={{ overflowX: 'auto', maxHeight: '32rem', fontSize: '0.875rem' }}>{prettyJson(d.body)}</pre>
                </div>
              </details>
            </>
          )}
        </>
      )}
    </section>
  );
}
