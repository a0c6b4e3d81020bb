// Staging: resources accepted while reading wait in IndexedDB until every file has been read,
// because a patient's clinical items may arrive (in another file) before or after the patient.
//
// Entries are grouped by a hash bucket of their patient id and written once per flush as ONE
// record per bucket (JSON text), so staging costs a few hundred records however many resources
// the extract has (IndexedDB's cost is per record: docs/toolchain.md). The join then reads one
// bucket at a time: all of a patient's entries, and only ~1/STAGE_BUCKETS of the extract, are in
// memory together.

import type { ScrDatabase } from '../../db/database';
import type { ExtractResourceType } from '../../domain/extract/conventions';
import type { PatientCore, PatientPart } from '../../domain/extract/mapped';
import type { ImportStageRow } from '../../db/types';
import type { ReportWriter } from './reportWriter';

export const STAGE_BUCKETS = 64;
/**
 * Source bytes accepted between flushes: bounds the staged entries held in memory. Small, so
 * staged entries die young instead of filling the old generation until a major collection:
 * measured for 100,000 patients, 16 MiB peaked at 319 MiB, 8 MiB at 363, 2 MiB at 131.
 */
export const STAGE_FLUSH_BYTES = 2 * 1_048_576;

export type StagedEntry =
  /** A patient, with its position in the extract (the order of the new practice's seqs). */
  | { readonly t: 'patient'; readonly ord: number; readonly core: PatientCore }
  /** A clinical part, with where it came from (for a report row if its patient is unknown). */
  | { readonly t: 'part'; readonly file: number; readonly line: number; readonly rt: ExtractResourceType; readonly part: PatientPart };

export function bucketOf(patientId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < patientId.length; i++) h = Math.imul(h ^ patientId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % STAGE_BUCKETS;
}

export class Stager {
  private buckets: StagedEntry[][] = Array.from({ length: STAGE_BUCKETS }, () => []);
  private pendingBytes = 0;
  private part = 0;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly db: ScrDatabase,
    private readonly report: ReportWriter,
  ) {}

  add(patientId: string, entry: StagedEntry, sourceBytes: number): void {
    this.buckets[bucketOf(patientId)]?.push(entry);
    this.pendingBytes += sourceBytes;
  }

  /** Starts a flush when enough is pending; waits for the previous one first (back-pressure). */
  async maybeFlush(): Promise<void> {
    if (this.pendingBytes >= STAGE_FLUSH_BYTES) await this.flush();
  }

  /** Writes everything pending, and waits until all of it is stored. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
    this.inFlight = null;
  }

  /** Drops what is pending (a cancelled import) once the write in flight has ended. */
  async abandon(): Promise<void> {
    this.buckets = Array.from({ length: STAGE_BUCKETS }, () => []);
    this.pendingBytes = 0;
    await this.inFlight;
    this.inFlight = null;
  }

  private async flush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    const rows: ImportStageRow[] = [];
    this.buckets.forEach((entries, bucket) => {
      if (entries.length > 0) rows.push({ bucket, part: this.part, data: JSON.stringify(entries) });
    });
    this.buckets = Array.from({ length: STAGE_BUCKETS }, () => []);
    this.pendingBytes = 0;
    this.part++;
    const chunks = this.report.takeFull();
    const { db } = this;
    this.inFlight = db.transaction('rw', db.importStage, db.importReport, async () => {
      if (rows.length) await db.importStage.bulkAdd(rows);
      if (chunks.length) await db.importReport.bulkAdd(chunks);
    });
  }
}

/** Every staged entry of one bucket, in the order they were staged. */
export async function readBucket(db: ScrDatabase, bucket: number): Promise<StagedEntry[]> {
  const rows = await db.importStage.where('[bucket+part]').between([bucket, -Infinity], [bucket, Infinity], true, true).toArray();
  const entries: StagedEntry[] = [];
  for (const row of rows) for (const e of JSON.parse(row.data) as StagedEntry[]) entries.push(e);
  return entries;
}
