// The import's assembled patients on their way to the chunk table. The join assembles patients
// in hash-bucket order (src/worker/import/staging.ts), but chunks hold runs of consecutive seqs
// and each is written once, whole (src/db/types.ts PatientChunk). So assembled patients are
// first parked in `importJoined`, one row per write batch and bin of JOIN_BIN seqs (a few
// thousand rows for 100,000 patients instead of a record each), then written as chunks bin by
// bin in seq order, reading the next bin while the previous one is written. The parked rows are
// cleared with the staging (practiceData.clearStaging).

import Dexie from 'dexie';
import type { ScrDatabase } from '../../db/database';
import type { Patient } from '../../domain/model/practice';
import type { ImportJoinedRow } from '../../db/types';
import { PATIENTS_PER_CHUNK } from '../../db/patientChunks';
import { putPatients } from '../../db/patientStore';

/**
 * Seqs per bin: whole windows, so a bin's chunks are complete. Bounds what is in memory while
 * writing in order (two bins, about 7 MB of records each at the demo's patient size).
 */
export const JOIN_BIN = 50 * PATIENTS_PER_CHUNK;

export class JoinedPatients {
  private part = 0;
  private lastBin = -1;

  /** `base`: the import's first seq, the start of a window (nextFreeSeq). */
  constructor(
    private readonly db: ScrDatabase,
    private readonly base: number,
  ) {}

  /** The rows that park `patients` (any order): one per bin they touch. Write them with `park`. */
  rowsFor(patients: readonly Patient[]): ImportJoinedRow[] {
    const byBin = new Map<number, Patient[]>();
    for (const p of patients) {
      const bin = Math.floor((p.seq - this.base) / JOIN_BIN);
      const list = byBin.get(bin);
      if (list) list.push(p);
      else byBin.set(bin, [p]);
      if (bin > this.lastBin) this.lastBin = bin;
    }
    return [...byBin].map(([bin, list]) => ({ bin, part: this.part++, patients: list }));
  }

  /** Parks rows from `rowsFor` (inside the caller's transaction when there is one). */
  async park(rows: readonly ImportJoinedRow[]): Promise<void> {
    if (rows.length > 0) await this.db.importJoined.bulkAdd([...rows]);
  }

  /**
   * Writes every parked patient to the chunk table in seq order. `onPlaced` gets the number
   * written so far after each bin; stops between bins when `isCancelled` (the chunks written
   * are then stale and purged by the caller).
   */
  async writeInOrder(onPlaced: (n: number) => void, isCancelled: () => boolean): Promise<'written' | 'cancelled'> {
    let placed = 0;
    let next = this.readBin(0);
    for (let bin = 0; bin <= this.lastBin; bin++) {
      const patients = await next;
      if (isCancelled()) return 'cancelled';
      if (bin + 1 <= this.lastBin) next = this.readBin(bin + 1);
      await this.db.transaction('rw', this.db.patientChunks, () => putPatients(this.db, patients));
      placed += patients.length;
      onPlaced(placed);
    }
    return 'written';
  }

  private async readBin(bin: number): Promise<Patient[]> {
    const rows = await this.db.importJoined.where('[bin+part]').between([bin, Dexie.minKey], [bin, Dexie.maxKey], true, true).toArray();
    return rows.flatMap((r) => r.patients).sort((a, b) => a.seq - b.seq);
  }
}
