// One page of a run's messages. The NHS number opens the message; after coming back from a
// message, focus returns to the button that opened it.

import { useEffect, useRef } from 'react';
import type { MessageListItem } from '../../shared/monitor';
import { formatDateTime } from '../format';
import { attemptShortText } from './attemptText';
import { FAILURE_LABELS, STATE_LABELS } from './labels';
import { localClockTime } from '../../domain/localDate';
import { TableScroll } from '../components/TableScroll';

function lastAttemptText(m: MessageListItem): string {
  if (m.lastAttempt === null) return '—';
  return `${formatDateTime(m.lastAttempt.at)} (${attemptShortText(m.lastAttempt)})`;
}

function detailText(m: MessageListItem): string {
  if (m.state === 'sent' && m.lastAttempt?.outcome === 'already-on-spine') return 'Already on the Spine';
  if (m.state === 'waiting' && m.lastAttempt?.outcome === 'held') return 'Waits until sending resumes';
  if (m.state === 'waiting') return m.nextAttemptAt > 0 ? `Next attempt at ${localClockTime(m.nextAttemptAt)}` : 'Due now';
  if (m.state === 'failed') return m.failureCode === null ? (m.failure ?? '') : FAILURE_LABELS[m.failureCode];
  return '';
}

export interface MessageTableProps {
  readonly items: readonly MessageListItem[];
  onOpen(requestId: string): void;
  /** The message just closed: its button takes focus once it is on screen. */
  readonly focusRequestId: string | null;
  onFocused(): void;
}

export function MessageTable({ items, onOpen, focusRequestId, onFocused }: MessageTableProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const present = focusRequestId !== null && items.some((m) => m.requestId === focusRequestId);
  useEffect(() => {
    if (!present || focusRequestId === null) return;
    body.current?.querySelector<HTMLButtonElement>(`button[data-request-id="${CSS.escape(focusRequestId)}"]`)?.focus();
    onFocused();
  }, [present, focusRequestId, onFocused]);
  return (
    <TableScroll label="Messages table">
      <table className="nhsuk-table" data-testid="message-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Messages</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">NHS number</th>
            <th scope="col" className="nhsuk-table__header">State</th>
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Attempts</th>
            <th scope="col" className="nhsuk-table__header">Last attempt</th>
            <th scope="col" className="nhsuk-table__header">Next attempt or reason</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body" ref={body}>
          {items.map((m) => (
            <tr className="nhsuk-table__row" key={m.requestId}>
              <td className="nhsuk-table__cell">
                <button type="button" className="app-link-button" data-request-id={m.requestId} onClick={() => onOpen(m.requestId)} aria-label={`${m.nhsNumber}: open the message`}>
                  {m.nhsNumber}
                </button>
              </td>
              <td className="nhsuk-table__cell">{STATE_LABELS[m.state]}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{m.attemptCount}</td>
              <td className="nhsuk-table__cell">{lastAttemptText(m)}</td>
              <td className="nhsuk-table__cell">{detailText(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
