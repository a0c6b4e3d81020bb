// The columns of the message monitor's CSV export, one line per outbox message. States are
// written as the monitor screen names them (src/ui/monitor/labels.ts), so the file and the
// screen agree; times are ISO instants (UTC), which spreadsheets sort correctly.

import { requestCount, type OutboxMessage, type OutboxState } from '../../domain/model/runs';

export const MESSAGE_CSV_HEADER = ['NHS number', 'List position', 'State', 'Attempts', 'Last attempt', 'Last status', 'Next attempt', 'Reason', 'Request ID'] as const;

const STATE_NAMES: Readonly<Record<OutboxState, string>> = {
  queued: 'Unsent',
  sending: 'Sending',
  waiting: 'Waiting to retry',
  sent: 'Sent',
  failed: 'Failed',
};

export function messageCsvFields(row: OutboxMessage): string[] {
  const last = row.attempts[row.attempts.length - 1];
  return [
    row.nhsNumber,
    String(row.seq),
    STATE_NAMES[row.state],
    String(requestCount(row.attempts)),
    last?.at ?? '',
    last?.status == null ? '' : String(last.status),
    row.state === 'waiting' && row.nextAttemptAt > 0 ? new Date(row.nextAttemptAt).toISOString() : '',
    row.failure ?? '',
    row.requestId,
  ];
}

/** Messages per page of the CSV download: rows carry their bodies (tens of KB), so a page stays a few MB. */
export const MESSAGE_CSV_PAGE = 500;
