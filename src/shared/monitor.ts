// What the message monitor reads from the worker: pages of a run's outbox, one message in full,
// and sends per minute for the live chart. Plain data, shared by the worker and the UI.

import type { OutboxState, SendAttempt, SendFailureCode } from '../domain/model/runs';

export interface MessageFilter {
  readonly runId: number;
  /** Only messages in this state; null for every state. */
  readonly state: OutboxState | null;
  /** Only failed messages with this reason; null for any. */
  readonly failureCode: SendFailureCode | null;
  /** Only this patient's messages (10 digits, spaces allowed); null or '' for everyone. */
  readonly nhsNumber: string | null;
}

/** One row of the monitor's list: never the body. */
export interface MessageListItem {
  readonly requestId: string;
  /** The patient's list position. */
  readonly seq: number;
  readonly nhsNumber: string;
  readonly state: OutboxState;
  readonly attemptCount: number;
  /** The last attempt, if any. */
  readonly lastAttempt: SendAttempt | null;
  /** Epoch ms of the next attempt for a waiting message; 0 otherwise. */
  readonly nextAttemptAt: number;
  readonly failure: string | null;
  readonly failureCode: SendFailureCode | null;
}

export interface MessagePage {
  readonly items: readonly MessageListItem[];
  /** Messages matching the filter (all pages). */
  readonly total: number;
  readonly offset: number;
}

export interface MessageDetail {
  readonly item: MessageListItem;
  readonly bundleId: string;
  readonly compositionId: string;
  /** ISO instant. */
  readonly queuedAt: string;
  readonly attempts: readonly SendAttempt[];
  /**
   * The Bundle (JSON text): as sent, or for a message not sent yet as it will be sent; null when
   * it cannot be built (the patient's record is gone).
   */
  readonly body: string | null;
  /** False until the message is first sent: the body shown was built for display. */
  readonly bodyStored: boolean;
}

/** Finished attempts in one wall-clock minute. */
export interface MinuteTally {
  /** Epoch ms of the minute's start. */
  readonly minute: number;
  readonly sent: number;
  readonly failed: number;
  /** Attempts that will be retried (429, 5xx, timeouts, network errors). */
  readonly retried: number;
}
