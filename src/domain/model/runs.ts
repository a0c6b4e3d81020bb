// The upload's records: runs (with their checkpoint and counters), the outcome of every patient
// that was not queued, and the outbox of built messages. The database stores them as they are.
//
// Invariant (the checkpoint): for a run, every patient in its scope with seq <= run.checkpoint
// has exactly one outbox row (queued) or one outcome row (not required / failed), written in the
// same transaction that moved the checkpoint past them; no patient above it has either.

import type { FailedReason, NotRequiredReason } from '../eligibility';

/**
 * Why a message failed, for filtering: the Spine refused it (400), it was too large (413), the
 * patient has no consent on Spine (403), another refusal, or no acknowledgement came after the
 * last attempt of the retry schedule; or the patient's record was gone when the message was to
 * be built (practice data replaced), so there was nothing to send.
 */
export type SendFailureCode = 'rejected' | 'too-large' | 'no-consent' | 'refused' | 'gave-up' | 'record-gone';

/** Run: everyone; Rerun: everyone again after a completed run; Failed: only the failed patients. */
export type RunKind = 'run' | 'rerun' | 'failed';

/**
 * What the run should be doing, as stored, so a reload knows whether to continue:
 * `running` continues by itself when the app opens; `paused` and `stopped` wait for the user;
 * `completed` and `discarded` are ends: a discarded run was ended for good before it completed
 * (its unsent messages dropped, what the Spine acknowledged kept) and never runs again.
 */
export type RunControl = 'running' | 'paused' | 'stopped' | 'completed' | 'discarded';

/**
 * Who or what stopped (paused or stopped) a run, as data: the status bar and the log say it in
 * words from this, never guessed from the control alone.
 *   user     - Pause or Cancel Upload, in this tab or another
 *   schedule - the pause time or the stop time came
 *   storage  - the browser's storage for the site is full (a write was refused); `detail` in words
 *   upgrade  - a newer version of the app, opened in another tab, upgraded the database
 */
export type StopCause =
  | { readonly by: 'user' }
  | { readonly by: 'schedule' }
  | { readonly by: 'storage'; readonly detail: string | null }
  | { readonly by: 'upgrade' };

/** What discarding a run did, kept with it. */
export interface DiscardRecord {
  /** ISO instant. */
  readonly at: string;
  /** Messages dropped unsent (waiting to send, cut off in flight, or waiting to retry). */
  readonly dropped: number;
  /**
   * Of those, messages with an attempt whose answer was lost (no answer, a timeout, a network
   * error or a 5xx): the Spine may have stored them before the answer was lost.
   */
  readonly mayBeOnSpine: number;
}

/** A run that has not ended (completed or discarded): it can be resumed, and blocks a new one. */
export function isUnfinished(run: RunRecord | null | undefined): run is RunRecord {
  return run !== null && run !== undefined && run.control !== 'completed' && run.control !== 'discarded';
}

export interface RunCounts {
  /** Patients checked so far (queued + not required + failed). */
  readonly checked: number;
  readonly queued: number;
  readonly notRequired: Readonly<Record<NotRequiredReason, number>>;
  readonly failed: Readonly<Record<FailedReason, number>>;
}

export interface RunRecord {
  /** Auto-incremented; later runs have larger ids. */
  readonly id?: number;
  readonly kind: RunKind;
  /** For `failed` runs: the run whose failed patients this one reprocesses. */
  readonly sourceRunId: number | null;
  /** `YYYY-MM-DD`: the content windows are measured back from this day for the whole run. */
  readonly runDate: string;
  /** ISO instants. */
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly control: RunControl;
  /** Patients in scope when the run was created. */
  readonly total: number;
  /** The last patient `seq` whose outcome is committed; 0 before the first page. */
  readonly checkpoint: number;
  readonly counts: RunCounts;
  /** Milliseconds spent actively checking, building and queueing (excludes pauses). */
  readonly activeMs: number;
  /**
   * The run's messages by state when it last stopped, paused or completed: its statistics stay
   * when the messages themselves are deleted with the practice data. Absent before that.
   */
  readonly messages?: Readonly<Record<OutboxState, number>>;
  /** Why the run is paused or stopped; absent while running, once ended, and on runs stored before it existed. */
  readonly stoppedBy?: StopCause;
  /** Set when the run was discarded. */
  readonly discarded?: DiscardRecord;
}

export type OutcomeKind = 'not-required' | 'failed';

/** A patient that was checked and not queued. */
export interface OutcomeRecord {
  readonly runId: number;
  readonly seq: number;
  readonly outcome: OutcomeKind;
  readonly reason: NotRequiredReason | FailedReason;
  /** As recorded (may be missing or invalid): the only identifying detail kept. */
  readonly nhsNumber: string | null;
  /** ISO instant. */
  readonly at: string;
}

/** Outbox states (transmission adds sending, waiting and the ends, sent and failed). */
export type OutboxState = 'queued' | 'sending' | 'waiting' | 'sent' | 'failed';

/**
 * What an attempt came to beyond its status and error; absent for an ordinary answer (and on
 * attempts stored before this field existed):
 *   in-flight        - recorded when the message is claimed for sending, before the request goes
 *                      out; replaced by the answer when it comes
 *   cut-off          - still in flight when the app was closed: no answer was recorded
 *   already-on-spine - the Spine answered that it already holds this very summary (a re-send
 *                      after a lost answer): the message is Sent
 *   held             - the Spine refused what the app sends (a defect every message would meet):
 *                      sending paused and the message went back to waiting; uses no retry
 *   throttled        - the gateway refused the request with 429 before the service saw it
 *                      (nothing about this message): due again once the gateway admits
 *                      requests (its Retry-After, if any; the pacer holds everyone meanwhile);
 *                      uses no retry
 */
export type AttemptOutcome = 'in-flight' | 'cut-off' | 'already-on-spine' | 'held' | 'throttled';

export interface SendAttempt {
  /** ISO instant the request was made (for an in-flight or cut-off attempt: when it was claimed). */
  readonly at: string;
  /** HTTP status, or null for a timeout, a network error or no answer at all. */
  readonly status: number | null;
  /** Why the answer was not a plain 201, in words (the Spine's own words where it gave any). */
  readonly error: string | null;
  readonly outcome?: AttemptOutcome;
  /**
   * A throttled attempt stands for this many 429s in a row (absent: one), `at` being the latest:
   * a gateway that keeps refusing adds one attempt to the message, not one per refusal.
   */
  readonly repeats?: number;
}

/** How many requests `attempts` stand for (a throttled attempt may stand for several). */
export function requestCount(attempts: readonly SendAttempt[]): number {
  return attempts.reduce((n, a) => n + (a.repeats ?? 1), 0);
}

export interface OutboxMessage {
  /** X-Request-ID: a UUID fixed when queued and sent unchanged on every attempt. */
  readonly requestId: string;
  readonly runId: number;
  readonly seq: number;
  readonly nhsNumber: string;
  readonly bundleId: string;
  readonly compositionId: string;
  /**
   * The message exactly as sent (JSON text), so every retry is byte-identical. Null until the
   * message is first claimed for sending: it is then built (domain/summary/messageBody.ts) from
   * the patient's record, the practice and the run's date with the ids and timestamp above, and
   * stored in the same transaction that marks it sending. Queueing therefore writes a few hundred
   * bytes per patient instead of the whole summary (IndexedDB's cost here grows with the bytes
   * written; a run of 100,000 patients wrote about 470 MB of summaries before this). Null again
   * after the Spine refused what the app sends (a held attempt): it stored nothing, and the
   * message is rebuilt, same ids, with the settings as fixed.
   */
  readonly body: string | null;
  /** ISO instant. */
  readonly queuedAt: string;
  readonly state: OutboxState;
  readonly attempts: readonly SendAttempt[];
  /** Epoch milliseconds of the next attempt; 0 when it may go at once. */
  readonly nextAttemptAt: number;
  /** Why it failed, once it has. */
  readonly failure: string | null;
  /** The kind of failure, once it has failed. */
  readonly failureCode: SendFailureCode | null;
  /**
   * Attempts made before the message was last reprocessed: the retry schedule counts only the
   * attempts after them (a reprocessed message gets the whole schedule again).
   */
  readonly retryBase: number;
  /**
   * Rerun only: the event id (Composition identifier, upper case as the Spine files it) of this
   * patient's latest summary the Spine acknowledged before this run; the new summary says it
   * replaces that one. Absent or null for a first upload (and on rows queued before v5 of the app).
   */
  readonly replacesEventId?: string | null;
}
