// Reading and writing runs: the scope pages, the one-transaction checkpoint, completion.

import type { ScrDatabase } from '../../db/database';
import type { LogEntry } from '../../db/records';
import { isUnfinished, type RunControl, type RunKind, type RunRecord, type StopCause } from '../../domain/model/runs';
import type { Patient } from '../../domain/model/practice';
import { addCounts, emptyCounts } from './counts';
import { currentRange, rangeSize } from '../import/practiceData';
import { getPatients, readPatientsAfter } from '../../db/patientStore';
import type { PreparedPage } from './preparePage';

/** Thrown inside a checkpoint transaction when the run moved on without us: aborts it. */
export class CheckpointConflict extends Error {
  constructor(expected: number, found: number) {
    super(`The run's checkpoint is ${found}, expected ${expected}: another runner advanced it.`);
    this.name = 'CheckpointConflict';
  }
}

export async function latestRun(db: ScrDatabase): Promise<RunRecord | null> {
  return (await db.runs.orderBy('id').last()) ?? null;
}

/** The latest run that completed (a discarded run never did), or null. */
export async function latestCompletedRun(db: ScrDatabase): Promise<RunRecord | null> {
  // Index entries of one key are in primary-key order: the last is the latest run.
  return (await db.runs.where('control').equals('completed').last()) ?? null;
}

/** The latest run if it has not ended (completed or discarded), or null. */
export async function unfinishedRun(db: ScrDatabase): Promise<RunRecord | null> {
  const latest = await latestRun(db);
  return isUnfinished(latest) ? latest : null;
}

export async function runsWithControl(db: ScrDatabase, control: RunControl): Promise<RunRecord[]> {
  return db.runs.where('control').equals(control).toArray();
}

export interface NewRun {
  readonly kind: RunKind;
  readonly sourceRunId: number | null;
  readonly runDate: string;
  readonly createdAt: string;
}

/** Creates a run with its scope counted, and logs it, in one transaction. */
export async function createRun(db: ScrDatabase, spec: NewRun, logText: (total: number) => string): Promise<RunRecord> {
  return db.transaction('rw', [db.runs, db.patientRange, db.outcomes, db.outbox, db.log], async () => {
    // Only the current practice data is in scope (src/db/types.ts PatientRange): failed patients
    // of a replaced practice are not reprocessed.
    const range = await currentRange(db);
    const total =
      range === null
        ? 0
        : spec.kind === 'failed' && spec.sourceRunId !== null
          ? (await failedOutcomeSeqs(db, spec.sourceRunId, range.firstSeq - 1, range.lastSeq, Infinity)).length +
            (await failedMessageSeqs(db, spec.sourceRunId, range.firstSeq - 1, range.lastSeq, Infinity)).length
          : rangeSize(range);
    const run: RunRecord = { ...spec, completedAt: null, control: 'running', total, checkpoint: 0, counts: emptyCounts(), activeMs: 0 };
    const id = await db.runs.add(run);
    await db.log.add({ at: spec.createdAt, level: 'info', text: logText(total) });
    return { ...run, id };
  });
}

/**
 * The next `limit` patients in the run's scope after its checkpoint, in seq order. The scope is
 * the current practice data only: rows of a replaced practice not yet deleted are never read.
 */
export async function readScopePage(db: ScrDatabase, run: RunRecord, afterSeq: number, limit: number): Promise<Patient[]> {
  const range = await currentRange(db);
  if (range === null || afterSeq >= range.lastSeq) return [];
  const from = Math.max(afterSeq, range.firstSeq - 1);
  if (run.kind === 'failed' && run.sourceRunId !== null) {
    // Patients that failed the checks and patients whose message failed on sending: disjoint
    // (a patient was either queued or not), merged in seq order.
    const [checks, sending] = await Promise.all([
      failedOutcomeSeqs(db, run.sourceRunId, from, range.lastSeq, limit),
      failedMessageSeqs(db, run.sourceRunId, from, range.lastSeq, limit),
    ]);
    const seqs = [...checks, ...sending].sort((a, b) => a - b).slice(0, limit);
    const patients = await getPatients(db, seqs);
    return patients.filter((p): p is Patient => p !== undefined);
  }
  return readPatientsAfter(db, from, range.lastSeq, limit);
}

/** Seqs in (afterSeq, lastSeq] of patients that failed the checks in run `runId`, in order. */
async function failedOutcomeSeqs(db: ScrDatabase, runId: number, afterSeq: number, lastSeq: number, limit: number): Promise<number[]> {
  const keys = await db.outcomes.where('[runId+outcome+seq]').between([runId, 'failed', afterSeq], [runId, 'failed', lastSeq], false, true).limit(limit).keys();
  return keys.map(seqOfKey);
}

/** Seqs in (afterSeq, lastSeq] of patients whose message of run `runId` failed on sending, in order. */
async function failedMessageSeqs(db: ScrDatabase, runId: number, afterSeq: number, lastSeq: number, limit: number): Promise<number[]> {
  const keys = await db.outbox.where('[runId+state+seq]').between([runId, 'failed', afterSeq], [runId, 'failed', lastSeq], false, true).limit(limit).keys();
  return keys.map(seqOfKey);
}

/** The seq of a [runId, state or outcome, seq] index key. */
function seqOfKey(key: unknown): number {
  const seq: unknown = Array.isArray(key) ? key[2] : undefined;
  if (typeof seq !== 'number') throw new TypeError('an index key without a seq');
  return seq;
}

export interface CommitHooks {
  /** Test seam: called inside the transaction after the rows are added, before the checkpoint moves. */
  readonly insideCommit?: () => void;
}

/**
 * Writes a prepared page and moves the checkpoint past it, in ONE transaction: either all of it
 * is stored or none of it. Refuses (aborting everything) if the checkpoint is not where this
 * runner left it.
 */
export async function commitPage(db: ScrDatabase, runId: number, expectedCheckpoint: number, page: PreparedPage, activeMs: number, hooks: CommitHooks = {}): Promise<RunRecord> {
  return db.transaction('rw', [db.runs, db.outbox, db.outcomes, db.log], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new Error(`Run ${runId} no longer exists.`);
    if (run.checkpoint !== expectedCheckpoint) throw new CheckpointConflict(expectedCheckpoint, run.checkpoint);
    // put, not add, where a key can never be taken: an add makes IndexedDB look each key up
    // first (a fifth of the database's work per queued message). requestIds are fresh UUIDs and
    // log ids are generated; an outcome's key is the patient's, so add keeps refusing a second one.
    if (page.outbox.length) await db.outbox.bulkPut(page.outbox);
    if (page.outcomes.length) await db.outcomes.bulkAdd(page.outcomes);
    if (page.log.length) await db.log.bulkPut(page.log);
    hooks.insideCommit?.();
    const updated: RunRecord = { ...run, checkpoint: page.lastSeq, counts: addCounts(run.counts, page.counts), activeMs: run.activeMs + activeMs };
    await db.runs.put(updated);
    return updated;
  });
}

/** The record without a stop cause (running again, or ended). */
function withoutStopCause({ stoppedBy, ...rest }: RunRecord): RunRecord {
  void stoppedBy;
  return rest;
}

/**
 * Sets the run's stored control (and completion time), with a log line, in one transaction. A
 * completed run set running again (its failed messages reprocessed) is no longer completed. A
 * paused or stopped run keeps who or what stopped it (`stoppedBy`); any other control clears it.
 */
export async function setRunControl(
  db: ScrDatabase,
  runId: number,
  control: Exclude<RunControl, 'discarded'>,
  at: string,
  log: Omit<LogEntry, 'at'> | null,
  messages?: RunRecord['messages'],
  stoppedBy?: StopCause,
): Promise<RunRecord> {
  return db.transaction('rw', [db.runs, db.log], async () => {
    const run = await db.runs.get(runId);
    if (!run) throw new Error(`Run ${runId} no longer exists.`);
    const base = withoutStopCause({ ...run, control, completedAt: control === 'completed' ? at : null, ...(messages ? { messages } : {}) });
    const updated: RunRecord = stoppedBy !== undefined && (control === 'paused' || control === 'stopped') ? { ...base, stoppedBy } : base;
    await db.runs.put(updated);
    if (log) await db.log.add({ ...log, at });
    return updated;
  });
}
