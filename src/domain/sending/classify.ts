// The verdict on one send attempt, from what the transport saw. Only 201 is an acknowledgement,
// and one refusal that says the Spine already holds this very summary:
//
//   201                      sent
//   400 PSIS-30134 naming    already-stored: the Spine holds this summary (a re-send after a 504,
//     this message's own       a timeout, a reset or a lost answer; the service keeps no replay
//     event id                 record by X-Request-ID): Sent, never Failed
//   400 naming no PSIS code, refused-by-service: a defect in what this app sends (a missing
//   415                        header, a reference the service cannot resolve): every message
//                              would get the same answer, so sending pauses with the service's
//                              words and the message goes back to waiting; nothing is failed
//   400 with a PSIS code     failed: the Spine refused this record (its OperationOutcome says why)
//   413                      failed: too large
//   403                      failed: no consent on Spine
//   other 4xx not below      failed: refused, with the status and body (the message, not the link)
//   401, no token            auth-expired: sending pauses, no attempt is used up
//   408, 425, 429, 5xx,      transient: retry on the ladder with the same X-Request-ID
//   timeout, network error,
//   other 1xx/2xx, odd codes
//   3xx, 404, 405, 406,      halt: the endpoint or configuration is wrong (every message would
//   407, 501, 505              get the same answer): sending stops, no attempt is used up,
//                              nothing is failed, until someone fixes it and starts again
//
// Why halt or hold rather than fail for those: failing 10,000 messages because the base URL has
// a typo, or a header is missing, would force a full rerun; stopping keeps the queue intact.
// The same refusal for several patients in a row is judged across answers (refusalWatch.ts).

import { parseRetryAfter } from './retryAfter';
import { describeBody } from './responseText';
import { isOwnDuplicate, psisCodes } from './psis';
import type { TransportResponse } from './transportResponse';
import type { ServiceRefusal } from '../../shared/sendingStatus';

export type FailureCode = 'rejected' | 'too-large' | 'no-consent' | 'refused';
export type TransientCause = 'rate-limited' | 'server-error' | 'timeout' | 'network' | 'unexpected';

export type SendVerdict =
  | { readonly kind: 'sent'; readonly status: 201 }
  /** The Spine already holds this very summary (PSIS-30134 for its own event id): Sent. */
  | { readonly kind: 'already-stored'; readonly status: number; readonly reason: string }
  /** `serviceText`: the Spine's own words, without the status name (`reason` has both). */
  | { readonly kind: 'failed'; readonly code: FailureCode; readonly status: number; readonly reason: string; readonly serviceText: string }
  /** The Spine refuses what this app sends: hold sending, the message goes back to waiting. */
  | { readonly kind: 'refused-by-service'; readonly status: number; readonly reason: string; readonly refusal: ServiceRefusal }
  | { readonly kind: 'auth-expired'; readonly status: number | null; readonly reason: string }
  | {
      readonly kind: 'transient';
      readonly cause: TransientCause;
      readonly status: number | null;
      readonly reason: string;
      /** The server's Retry-After as a wait from the time of the answer (ms), if it gave one. */
      readonly retryAfterMs: number | null;
    }
  | { readonly kind: 'halt'; readonly status: number; readonly reason: string };

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'Rejected by the Spine',
  403: 'No consent on Spine',
  404: 'Spine endpoint not found',
  405: 'Method not allowed by the endpoint',
  406: 'Response format not acceptable',
  407: 'Proxy authentication required',
  408: 'Request timed out at the server',
  413: 'Message too large for the Spine',
  415: 'Content type not supported by the endpoint',
  425: 'Too early',
  429: 'Rate limit exceeded',
  500: 'Spine internal error',
  501: 'Not implemented by the endpoint',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Spine timed out',
  505: 'HTTP version not supported',
};

const HALT_STATUSES = new Set([404, 405, 406, 407, 501, 505]);
const TRANSIENT_4XX = new Set([408, 425, 429]);

function reasonFor(status: number, serviceText: string): string {
  const name = STATUS_NAMES[status] ?? 'Unexpected response';
  return `${name} (${status}): ${serviceText}`;
}

/**
 * `nowMs`: when the answer arrived (epoch ms), for a Retry-After given as an HTTP date.
 * `ownIds`: the message's event id (its Composition identifier) and Bundle identifier, to
 * recognise a duplicate-event refusal for the message itself (psis.ts); without them such a
 * refusal fails the message.
 */
export function classifyResponse(response: TransportResponse, nowMs: number, ownIds: readonly string[] = []): SendVerdict {
  switch (response.kind) {
    case 'timeout':
      return { kind: 'transient', cause: 'timeout', status: null, reason: `No answer within ${Math.round(response.afterMs / 1000)} s`, retryAfterMs: null };
    case 'network-error':
      return { kind: 'transient', cause: 'network', status: null, reason: `Network error: ${response.message}`, retryAfterMs: null };
    case 'auth-unavailable':
      return { kind: 'auth-expired', status: null, reason: `Not signed in: ${response.message}` };
    case 'refused-by-browser':
      // Every request would be refused alike: stop, fail nothing. Status 0, as fetch reports an
      // answer the page may not read.
      return { kind: 'halt', status: 0, reason: `Refused by the browser: ${response.message}` };
    case 'response':
      break;
  }
  const { status, bodyText } = response;
  const contentType = response.headers.contentType;
  if (status === 201) return { kind: 'sent', status: 201 };
  const serviceText = describeBody(bodyText, contentType);
  const reason = reasonFor(status, serviceText);
  const failed = (code: FailureCode): SendVerdict => ({ kind: 'failed', code, status, reason, serviceText });
  const transient = (cause: TransientCause): SendVerdict => ({
    kind: 'transient',
    cause,
    status,
    reason,
    retryAfterMs: parseRetryAfter(response.headers.retryAfter, nowMs),
  });
  if (status === 401) return { kind: 'auth-expired', status, reason: `Login expired (401): ${serviceText}` };
  if (status === 400) {
    if (isOwnDuplicate(serviceText, ownIds)) return { kind: 'already-stored', status, reason: `Already on the Spine (${status}): ${serviceText}` };
    if (psisCodes(serviceText).length === 0) return { kind: 'refused-by-service', status, reason, refusal: { rule: 'contract', status, text: serviceText } };
    return failed('rejected');
  }
  if (status === 415) return { kind: 'refused-by-service', status, reason, refusal: { rule: 'content-type', status, text: serviceText } };
  if (status === 413) return failed('too-large');
  if (status === 403) return failed('no-consent');
  if (status === 429) return transient('rate-limited');
  if (HALT_STATUSES.has(status) || (status >= 300 && status < 400)) return { kind: 'halt', status, reason };
  if (TRANSIENT_4XX.has(status)) return transient('server-error');
  if (status >= 400 && status < 500) return failed('refused');
  if (status >= 500 && status < 600) return transient('server-error');
  // 1xx, other 2xx and codes outside 100-599: not an acknowledgement; the same X-Request-ID
  // makes a retry safe whatever the server did.
  return transient('unexpected');
}
