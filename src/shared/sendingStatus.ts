// What sending is doing, as the engine reports it to the UI: the run's messages by state and
// what (if anything) holds sending back. Plain data, shared by the worker and the UI.

import type { OutboxState } from '../domain/model/runs';

export type OutboxCounts = Record<OutboxState, number>;

/**
 * Why no new request goes out, each lifted by its own event:
 *   auth               - a 401 or no token (no attempt used up)        -> new credentials
 *   offline            - the browser says offline                      -> back online
 *   endpoint           - the endpoint or configuration is wrong        -> settings fixed / Resume
 *   refused-by-service - the Spine refuses what this app sends, as it  -> settings fixed / Resume
 *                        would for every message (see ServiceRefusal)
 *   error              - the database failed (e.g. storage full)       -> Resume
 */
export type SenderHold = 'auth' | 'offline' | 'endpoint' | 'refused-by-service' | 'error';

/**
 * Why the Spine's refusal is taken to be about what this app sends rather than about one patient:
 *   contract     - a 400 that names no PSIS code (a missing header, a reference the service cannot
 *                  resolve, a Bundle its mappers reject)
 *   content-type - a 415
 *   repeated     - the same refusal for REPEATED_REFUSAL_LIMIT different patients in a row
 */
export type RefusalRule = 'contract' | 'content-type' | 'repeated';

/** A refusal that holds sending (the `refused-by-service` hold). Plain data. */
export interface ServiceRefusal {
  readonly rule: RefusalRule;
  /** The HTTP status of the refusal. */
  readonly status: number;
  /** The service's own words (its OperationOutcome text, or what came instead). */
  readonly text: string;
}

export interface SenderStatus {
  /** start() was called and neither stop() nor an error ended it (it may still be held). */
  readonly running: boolean;
  readonly holds: readonly SenderHold[];
  /** Why, for auth, endpoint, refused-by-service and error holds (words for the status bar). */
  readonly detail: string | null;
  /** The refusal behind a `refused-by-service` hold; null otherwise. */
  readonly refusal: ServiceRefusal | null;
  readonly inFlight: number;
  /** A 429 stopped everyone until then (epoch ms). */
  readonly throttledUntil: number | null;
  /** Probing after a network error: the next probe (epoch ms). */
  readonly probeAt: number | null;
  /** Nothing is due now; the next retry is then (epoch ms). */
  readonly nextAttemptAt: number | null;
}

/** Sending as part of a running run. */
export interface RunSending {
  /** This run's messages by state. */
  readonly counts: OutboxCounts;
  readonly sender: SenderStatus;
  /** Where messages go, in words: the training Spine or the endpoint's host. */
  readonly destination: string;
  readonly training: boolean;
}

export const EMPTY_OUTBOX_COUNTS: OutboxCounts = { queued: 0, sending: 0, waiting: 0, sent: 0, failed: 0 };

/** Messages not yet acknowledged or failed: the run cannot complete while any remain. */
export const unfinishedMessages = (c: OutboxCounts): number => c.queued + c.sending + c.waiting;
