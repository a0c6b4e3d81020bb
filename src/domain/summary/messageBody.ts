// The message body of a queued summary: the Bundle as JSON text, built from the patient's stored
// record, the practice, the run's date and what was fixed when the patient was queued (the
// Bundle and Composition ids and the timestamp). Pure and deterministic: the same inputs give
// the same bytes, so a body built when the message is first sent is the one the queue implied.

import type { Patient, Practice } from '../../db/types';
import type { OutboxMessage } from '../../db/runRecords';
import { buildSummaryBundle } from './buildBundle';

export function buildMessageBody(message: Pick<OutboxMessage, 'bundleId' | 'compositionId' | 'queuedAt'>, patient: Patient, practice: Pick<Practice, 'name' | 'odsCode'>, runDate: string): string {
  return JSON.stringify(buildSummaryBundle({ patient, practice, runDate, timestamp: message.queuedAt, bundleId: message.bundleId, compositionId: message.compositionId }));
}
