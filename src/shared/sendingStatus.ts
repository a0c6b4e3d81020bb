// What sending is doing, as the engine reports it to the UI: the run's messages by state and
// what (if anything) holds sending back. Plain data, shared by the worker and the UI.

import type { OutboxState } from '../db/runRecords';

export type OutboxCounts = Record<OutboxState, number>;

/**
 * Why no new request goes out, each lifted by its own event:
 *   auth     - a 401 or no token (no attempt used up)      -> new credentials
 *   offline  - the browser says offline                    -> back online
 *   endpoint - the endpoint or configuration is wrong      -> settings fixed / Resume
 *   error    - the database failed (e.g. storage full)     -> Resume
 */
export type SenderHold = 'auth' | 'offline' | 'endpoint' | 'error';

export interface SenderStatus {
  /** start() was called and neither stop() nor an error ended it (it may still be held). */
  readonly running: boolean;
  readonly holds: readonly SenderHold[];
  /** Why, for auth, endpoint and error holds (words for the status bar). */
  readonly detail: string | null;
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
