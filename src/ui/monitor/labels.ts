// The monitor's words for outbox states and failure reasons (en-GB), in the order the screen
// lists them. The CSV export uses the same state names (src/worker/monitor/messageCsv.ts).

import type { OutboxState, SendFailureCode } from '../../domain/model/runs';

export const MESSAGE_STATES: readonly OutboxState[] = ['queued', 'sending', 'waiting', 'sent', 'failed'];

export const STATE_LABELS: Readonly<Record<OutboxState, string>> = {
  queued: 'Unsent',
  sending: 'Sending',
  waiting: 'Waiting to retry',
  sent: 'Sent',
  failed: 'Failed',
};

export const FAILURE_CODES: readonly SendFailureCode[] = ['rejected', 'too-large', 'no-consent', 'refused', 'gave-up', 'record-gone'];

export const FAILURE_LABELS: Readonly<Record<SendFailureCode, string>> = {
  rejected: 'Rejected by the Spine',
  'too-large': 'Message too large',
  'no-consent': 'No consent recorded on the Spine',
  refused: 'Refused for another reason',
  'gave-up': 'No acknowledgement after every retry',
  'record-gone': 'The patient’s record was no longer stored',
};
