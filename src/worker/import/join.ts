// The join: after every file has been read, each staged bucket is read back, its clinical parts
// are attached to their patients as seqs `base + position in the extract`, and the assembled
// patients are parked in batches, then written as chunks in seq order (./joinedPatients.ts).
// A part whose patient is not in the extract is reported.

import type { ScrDatabase } from '../../db/database';
import type { Patient, PracticeStats } from '../../domain/model/practice';
import { assemblePatient } from '../../domain/extract/assemble';
import type { PatientCore, PatientPart } from '../../domain/extract/mapped';
import { createStatsAccumulator } from '../practiceStats';
import type { ReportWriter } from './reportWriter';
import { readBucket, STAGE_BUCKETS } from './staging';
import { JoinedPatients } from './joinedPatients';

/**
 * Assembled patients per parking transaction: large batches amortise a transaction and make
 * fewer, larger parked rows (one per bin of seqs the batch touches).
 */
export const JOIN_WRITE_BATCH = 2_000;

export interface JoinControl {
  onProgress(written: number): void;
  isCancelled(): boolean;
}

export type JoinEnd =
  | { readonly kind: 'joined'; readonly patients: number; readonly stats: PracticeStats; readonly resourcesByType: Readonly<Record<string, number>> }
  | { readonly kind: 'cancelled' };

export async function joinStaged(db: ScrDatabase, base: number, fileNames: readonly string[], report: ReportWriter, control: JoinControl): Promise<JoinEnd> {
  const stats = createStatsAccumulator();
  const byType: Record<string, number> = {};
  const joined = new JoinedPatients(db, base);
  // Each patient is stored twice (parked, then in order): progress counts both halves.
  let parked = 0;
  const progress = (placed: number): void => control.onProgress(Math.floor((parked + placed) / 2));
  let batch: Patient[] = [];
  let inFlight: Promise<unknown> | null = null;
  const write = async (): Promise<void> => {
    if (inFlight) await inFlight;
    const rows = batch;
    const chunks = report.takeFull();
    batch = [];
    const parkedRows = joined.rowsFor(rows);
    inFlight = db.transaction('rw', db.importJoined, db.importReport, async () => {
      await joined.park(parkedRows);
      if (chunks.length) await db.importReport.bulkAdd(chunks);
    });
    parked += rows.length;
    progress(0);
  };

  let next = readBucket(db, 0);
  for (let bucket = 0; bucket < STAGE_BUCKETS; bucket++) {
    const entries = await next;
    if (control.isCancelled()) {
      if (inFlight) await inFlight;
      return { kind: 'cancelled' };
    }
    // Read ahead: the next bucket's read overlaps this one's assembly and writes.
    if (bucket + 1 < STAGE_BUCKETS) next = readBucket(db, bucket + 1);
    const patients = new Map<string, { ord: number; core: PatientCore; parts: PatientPart[] }>();
    for (const e of entries) if (e.t === 'patient') patients.set(e.core.id, { ord: e.ord, core: e.core, parts: [] });
    for (const e of entries) {
      if (e.t !== 'part') continue;
      const owner = patients.get(e.part.patientId);
      if (!owner) {
        report.add(fileNames[e.file] ?? '', e.line, 'unknown-patient', `refers to Patient/${e.part.patientId}, which is not among the extract's imported patients`);
        continue;
      }
      owner.parts.push(e.part);
      byType[e.rt] = (byType[e.rt] ?? 0) + 1;
    }
    for (const { ord, core, parts } of patients.values()) {
      const patient = assemblePatient(base + ord, core, parts);
      stats.add(patient);
      batch.push(patient);
      byType['Patient'] = (byType['Patient'] ?? 0) + 1;
      if (batch.length >= JOIN_WRITE_BATCH) await write();
    }
  }
  await write();
  if (inFlight) await inFlight;
  if ((await joined.writeInOrder(progress, () => control.isCancelled())) === 'cancelled') return { kind: 'cancelled' };
  return { kind: 'joined', patients: stats.result().patients, stats: stats.result(), resourcesByType: byType };
}
