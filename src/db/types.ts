// Shapes stored only for the database's own bookkeeping: which patient records are the current
// list and how they are stored (in chunks), an import's staging and its stored report. The
// practice data itself is the domain's (src/domain/model/practice.ts), stored as it is (the
// patients grouped into chunks); what the UI is sent is in src/shared/.

import type { ImportReportRow, LatestImport } from '../shared/importTypes';
import type { Patient } from '../domain/model/practice';

/**
 * Which stored patient records are the practice's current list: those with `firstSeq <= seq <=
 * lastSeq` (empty when lastSeq < firstSeq). Written in the same transaction as the practice row,
 * so replacing the practice data is one short transaction however many patients it has.
 *
 * Invariant: seqs only grow. A load or import writes its patients ABOVE every stored seq, while
 * the current range stays readable; the switch then moves the range; rows outside the range are
 * stale (the replaced practice, or what a cancelled or crashed load left) and are deleted in
 * batches afterwards (src/worker/import/practiceData.ts). Readers never look outside the range.
 *
 * Invariant: the range is dense, every seq in it is a stored patient (a load writes every seq
 * from its first to its last), so its size is the number of current patients and the n-th
 * current patient is seq `firstSeq + n`.
 */
export interface PatientRange {
  readonly key: 'current';
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/**
 * Up to PATIENTS_PER_CHUNK patients stored as ONE record (src/db/patientChunks.ts): IndexedDB's
 * cost is per record written (in Chromium 200-300 µs of the browser's CPU per patient as a
 * record of its own), so the practice's patients are stored a window of seqs at a time.
 *
 * Invariants: `first` is the first seq of the chunk's window (windows are fixed: seqs 1-100,
 * 101-200, ...); `patients` are in ascending seq, all inside the window; a window belongs to one
 * load or import only (each starts writing at a new window) and its chunk is written once,
 * whole. `nhsNumbers` and `ids` repeat the patients' NHS numbers (those that have one) and
 * record ids for the table's multi-entry indexes.
 */
export interface PatientChunk {
  readonly first: number;
  readonly patients: readonly Patient[];
  readonly nhsNumbers: readonly string[];
  readonly ids: readonly string[];
}

/**
 * Patients an import has assembled, waiting to be written in seq order: the join assembles them
 * in hash-bucket order, so they are parked by `bin` (a range of seqs) and written as chunks bin
 * by bin once all are assembled (src/worker/import/joinedPatients.ts).
 */
export interface ImportJoinedRow {
  readonly bin: number;
  readonly part: number;
  readonly patients: readonly Patient[];
}

/**
 * Staged extract resources awaiting the join: one row per hash bucket of patient ids per flush
 * (`part`), holding the bucket's staged entries as JSON text (cheap to store and read back).
 */
export interface ImportStageRow {
  readonly bucket: number;
  readonly part: number;
  readonly data: string;
}

/** Report rows are stored in chunks of this many, in the order they were found. */
export const REPORT_CHUNK_ROWS = 1_000;

export interface ImportReportChunk {
  readonly chunk: number;
  readonly rows: readonly ImportReportRow[];
}

export interface StoredLatestImport extends LatestImport {
  readonly key: 'latest';
}
