// The sender's reads and writes of the outbox, each one short Dexie transaction with no network
// I/O inside. Rows move queued/waiting -> sending (claimed, before the request) -> sent, failed,
// waiting, or back to due (released). A row in `sending` belongs to the one running sender (the
// job lock makes it one per browser profile); one found when a sender starts was left by a crash
// and is due again with the same requestId and body, its cut-off attempt kept: the Spine either
// stores the resend or answers that it already holds that summary (Sent; classify.ts).

import Dexie from 'dexie';
import type { ScrDatabase } from '../../db/database';
import { getPatients } from '../../db/patientStore';
import type { OutboxMessage, OutboxState } from '../../domain/model/runs';
import { movesOf, type OutboxMove } from '../../domain/sending/outboxMoves';
import { recoveredRow, releasedRow, reprocessedRow, startedRow } from '../../domain/sending/outboxTransition';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { buildMessageBody } from '../../domain/summary/messageBody';
import { loadMessageContext } from '../authorStore';

export type { OutboxCounts } from '../../shared/sendingStatus';

export const OUTBOX_STATES: readonly OutboxState[] = ['queued', 'sending', 'waiting', 'sent', 'failed'];

/** The index every due-message query uses: [state+nextAttemptAt]. */
const DUE_INDEX = '[state+nextAttemptAt]';

/** A message claimed for sending: its body is built and stored. */
export type ClaimedMessage = OutboxMessage & { readonly body: string };

/** What a claim did: the messages to send, and every row's change of state (gone ones failed). */
export interface Claim {
  readonly claimed: ClaimedMessage[];
  readonly moves: readonly OutboxMove[];
}

/** Why no message can be built: the summary's author is not set (see Settings). */
export const AUTHOR_MISSING = 'The summary’s author (the practice and the responsible clinician) is not complete: enter it in Settings, then resume.';

/** Why a message could not be built: its patient's record is gone (practice data replaced). */
export const RECORD_GONE = "The patient's record is no longer stored (the practice data was replaced or deleted), so there is no summary to send.";

/**
 * Claims up to `limit` due messages and marks them `sending`, in one transaction: first retries
 * that are due (oldest nextAttemptAt first), then queued messages. The order is stable: by
 * [state+nextAttemptAt], then requestId (the primary key). Each claimed row gets its attempt
 * recorded as started (in flight) in the same transaction. A message sent for the first time has
 * its body built here from the patient's record, the practice and its run's date, and stored with
 * the claim; one whose patient record is gone fails with that reason instead.
 */
export function claimDue(db: ScrDatabase, nowMs: number, limit: number): Promise<Claim> {
  return db.transaction('rw', [db.outbox, db.patientChunks, db.practice, db.runs, db.settings], async () => {
    const retries = await db.outbox.where(DUE_INDEX).between(['waiting', Dexie.minKey], ['waiting', nowMs], true, true).limit(limit).toArray();
    const rest = limit - retries.length;
    const queued = rest > 0 ? await db.outbox.where(DUE_INDEX).between(['queued', Dexie.minKey], ['queued', Dexie.maxKey], true, true).limit(rest).toArray() : [];
    const due = [...retries, ...queued];
    const unbuilt = due.filter((row) => row.body === null);
    const [patients, practice, runs, context] = await Promise.all([
      getPatients(db, unbuilt.map((row) => row.seq)),
      db.practice.get('practice'),
      db.runs.bulkGet([...new Set(unbuilt.map((row) => row.runId))]),
      loadMessageContext(db),
    ]);
    // A run does not start without a complete author; losing it mid-run stops sending (the
    // error hold) rather than sending summaries without one.
    if (unbuilt.length > 0 && context === null) throw new Error(AUTHOR_MISSING);
    const runDates = new Map(runs.filter((r) => r !== undefined).map((r) => [r.id, r.runDate]));
    const bodies = new Map<string, string | null>();
    unbuilt.forEach((row, i) => {
      const patient = patients[i];
      const runDate = runDates.get(row.runId);
      // The record is the same patient only if it still carries the queued NHS number.
      const usable = patient !== undefined && practice !== undefined && runDate !== undefined && patient.nhsNumber === row.nhsNumber;
      bodies.set(row.requestId, usable && context !== null ? buildMessageBody(row, patient, context, runDate) : null);
    });
    const claimed: ClaimedMessage[] = [];
    const written: OutboxMessage[] = [];
    for (const row of due) {
      const body = row.body ?? bodies.get(row.requestId) ?? null;
      if (body === null) {
        written.push({ ...row, state: 'failed', nextAttemptAt: 0, failure: RECORD_GONE, failureCode: 'record-gone' });
      } else {
        const message = { ...startedRow(row, nowMs), body };
        claimed.push(message);
        written.push(message);
      }
    }
    if (written.length > 0) await db.outbox.bulkPut(written);
    return { claimed, moves: movesOf(due, written) };
  });
}

/** Puts claimed rows that were not sent back to due, unchanged otherwise; returns their moves. */
export async function releaseRows(db: ScrDatabase, requestIds: readonly string[]): Promise<readonly OutboxMove[]> {
  if (requestIds.length === 0) return [];
  return db.transaction('rw', db.outbox, async () => {
    const rows = (await db.outbox.bulkGet([...requestIds])).filter((row): row is OutboxMessage => row !== undefined && row.state === 'sending');
    const back = rows.map(releasedRow);
    if (back.length > 0) await db.outbox.bulkPut(back);
    return movesOf(rows, back);
  });
}

/**
 * After a crash: every `sending` row is due again (same requestId), the attempt it was on kept
 * in its history as cut off (recoveredRow). Returns their moves.
 */
export function recoverSending(db: ScrDatabase): Promise<readonly OutboxMove[]> {
  return db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.where('state').equals('sending').toArray();
    const recovered = rows.map(recoveredRow);
    if (recovered.length > 0) await db.outbox.bulkPut(recovered);
    return movesOf(rows, recovered);
  });
}

/**
 * Applies the results of finished attempts in one transaction. `update` gets the stored row
 * (only if it is still `sending`: a row someone else moved is left alone) and returns its next
 * version, or null to release it to due. Returns the rows' moves.
 */
export async function recordResults(
  db: ScrDatabase,
  results: readonly { readonly requestId: string; readonly update: (row: OutboxMessage) => OutboxMessage | null }[],
): Promise<readonly OutboxMove[]> {
  if (results.length === 0) return [];
  return db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.bulkGet(results.map((r) => r.requestId));
    const before: OutboxMessage[] = [];
    const next: OutboxMessage[] = [];
    results.forEach((result, i) => {
      const row = rows[i];
      if (row === undefined || row.state !== 'sending') return;
      before.push(row);
      next.push(result.update(row) ?? releasedRow(row));
    });
    if (next.length > 0) await db.outbox.bulkPut(next);
    return movesOf(before, next);
  });
}

/** The earliest nextAttemptAt among waiting messages (epoch ms), or null when none waits. */
export async function earliestWaiting(db: ScrDatabase): Promise<number | null> {
  const first = await db.outbox.where(DUE_INDEX).between(['waiting', Dexie.minKey], ['waiting', Dexie.maxKey], true, true).first();
  return first?.nextAttemptAt ?? null;
}

/** Messages per state, counted on the state index in one read transaction. */
export function countByState(db: ScrDatabase): Promise<OutboxCounts> {
  return db.transaction('r', db.outbox, async () => {
    const counts = await Promise.all(OUTBOX_STATES.map((state) => db.outbox.where('state').equals(state).count()));
    const result: OutboxCounts = { queued: 0, sending: 0, waiting: 0, sent: 0, failed: 0 };
    OUTBOX_STATES.forEach((state, i) => (result[state] = counts[i] ?? 0));
    return result;
  });
}

/** One run's messages per state, counted on the [runId+state+seq] index in one read transaction. */
export function countRunByState(db: ScrDatabase, runId: number): Promise<OutboxCounts> {
  return db.transaction('r', db.outbox, async () => {
    const counts = await Promise.all(
      OUTBOX_STATES.map((state) => db.outbox.where('[runId+state+seq]').between([runId, state, Dexie.minKey], [runId, state, Dexie.maxKey]).count()),
    );
    const result: OutboxCounts = { queued: 0, sending: 0, waiting: 0, sent: 0, failed: 0 };
    OUTBOX_STATES.forEach((state, i) => (result[state] = counts[i] ?? 0));
    return result;
  });
}

/**
 * Gives failed messages of a run a new chance (reprocessedRow), in one transaction: the ones
 * named, or every failed one when `requestIds` is null. Returns how many changed.
 */
export function reprocessFailed(db: ScrDatabase, runId: number, requestIds: readonly string[] | null, nowMs: number): Promise<number> {
  return db.transaction('rw', db.outbox, async () => {
    const rows =
      requestIds === null
        ? await db.outbox.where('[runId+state+seq]').between([runId, 'failed', Dexie.minKey], [runId, 'failed', Dexie.maxKey]).toArray()
        : (await db.outbox.bulkGet([...requestIds])).filter((r): r is OutboxMessage => r !== undefined && r.runId === runId && r.state === 'failed');
    if (rows.length > 0) await db.outbox.bulkPut(rows.map((row) => reprocessedRow(row, nowMs)));
    return rows.length;
  });
}
