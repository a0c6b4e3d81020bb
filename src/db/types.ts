// Shapes stored only for the database's own bookkeeping: which patient records are the current
// list, an import's staging and its stored report. The practice data itself is the domain's
// (src/domain/model/practice.ts), stored as it is; what the UI is sent is in src/shared/.

import type { ImportReportRow, LatestImport } from '../shared/importTypes';

/**
 * Which stored patient records are the practice's current list: those with `firstSeq <= seq <=
 * lastSeq` (empty when lastSeq < firstSeq). Written in the same transaction as the practice row,
 * so replacing the practice data is one short transaction however many patients it has.
 *
 * Invariant: seqs only grow. A load or import writes its patients ABOVE every stored seq, while
 * the current range stays readable; the switch then moves the range; rows outside the range are
 * stale (the replaced practice, or what a cancelled or crashed load left) and are deleted in
 * batches afterwards (src/worker/import/practiceData.ts). Readers never look outside the range.
 */
export interface PatientRange {
  readonly key: 'current';
  readonly firstSeq: number;
  readonly lastSeq: number;
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
