// A run's messages by state, with when the next retry is due while the run is sending.

import type { OutboxState } from '../../domain/model/runs';
import { formatCount } from '../format';
import { useEngineStatus } from '../queries/hooks';
import { MESSAGE_STATES, STATE_LABELS } from './labels';
import { useMessageCounts } from './monitorQueries';
import { localClockTime } from '../../domain/localDate';

/** What the Waiting to retry row adds: when, or why not yet. */
function useWaitingNote(runId: number, waiting: number): string {
  const job = useEngineStatus().data?.job;
  if (waiting === 0) return '';
  if (job?.phase !== 'running' || job.run.id !== runId) return 'sent again when the upload is resumed';
  const next = job.sending.sender.nextAttemptAt;
  return next === null ? 'due now' : `next attempt at ${localClockTime(next)}`;
}

export function MessageCounts({ runId }: { runId: number }) {
  const counts = useMessageCounts(runId);
  const c = counts.data;
  const waitingNote = useWaitingNote(runId, c?.waiting ?? 0);
  if (!c) return <p className="nhsuk-body">Counting messages…</p>;
  const total = MESSAGE_STATES.reduce((sum, s) => sum + c[s], 0);
  const note: Partial<Record<OutboxState, string>> = { queued: 'not yet sent', waiting: waitingNote, sent: 'acknowledged by the Spine' };
  return (
    <table className="nhsuk-table app-count-table" data-testid="message-counts">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">Messages by state</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">State</th>
          <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Messages</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {MESSAGE_STATES.map((s) => (
          <tr className="nhsuk-table__row" key={s}>
            <th scope="row" className="nhsuk-table__header">
              {STATE_LABELS[s]}
              {note[s] ? <span className="nhsuk-hint nhsuk-u-margin-bottom-0"> {note[s]}</span> : null}
            </th>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric" data-testid={`message-count-${s}`}>{formatCount(c[s])}</td>
          </tr>
        ))}
        <tr className="nhsuk-table__row">
          <th scope="row" className="nhsuk-table__header">Total</th>
          <td className="nhsuk-table__cell nhsuk-table__cell--numeric" data-testid="message-count-total">{formatCount(total)}</td>
        </tr>
      </tbody>
    </table>
  );
}
