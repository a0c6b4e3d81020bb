// The message body of a queued summary: the Bundle as JSON text, built from the patient's stored
// record, the author and fullUrl base (MessageContext), the run's date and what was fixed when the
// patient was queued (the Bundle and Composition ids, the timestamp, and for a rerun the event id
// it replaces). Pure and deterministic: the same inputs give the same bytes, so a body built when
// the message is first sent is the one the queue implied.

import type { Patient } from '../model/practice';
import type { OutboxMessage } from '../model/runs';
import type { AuthorSettings } from '../../shared/authorSettings';
import type { SendingSettings } from '../../shared/sendingSettings';
import { buildSummaryBundle } from './buildBundle';

export interface MessageContext {
  readonly author: AuthorSettings;
  /** Absolute base of the entries' fullUrls (see fullUrlBaseFor). */
  readonly fullUrlBase: string;
}

/**
 * The training Spine has no address of its own; its messages' entries live under this base.
 * `.invalid` is reserved (RFC 2606): it can never name a real server.
 */
export const TRAINING_FULL_URL_BASE = 'https://training-spine.invalid/FHIR/R4';

/** Entries live under the endpoint's FHIR base, as the national API's own examples have them. */
export function fullUrlBaseFor(settings: SendingSettings): string {
  return settings.kind === 'spine' ? settings.baseUrl : TRAINING_FULL_URL_BASE;
}

export type MessageIds = Pick<OutboxMessage, 'bundleId' | 'compositionId' | 'queuedAt'> & { readonly replacesEventId?: string | null | undefined };

export function buildMessageBody(message: MessageIds, patient: Patient, context: MessageContext, runDate: string): string {
  return JSON.stringify(
    buildSummaryBundle({
      patient,
      author: context.author,
      fullUrlBase: context.fullUrlBase,
      runDate,
      timestamp: message.queuedAt,
      bundleId: message.bundleId,
      compositionId: message.compositionId,
      replacesEventId: message.replacesEventId ?? null,
    }),
  );
}
