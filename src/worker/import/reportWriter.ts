// The import's error report: rows collected in the order they are found, stored in chunks of
// REPORT_CHUNK_ROWS (one IndexedDB record each, so a report of a million rows is a thousand
// records), with counts by reason for the summary. Reading pages and the CSV download are in
// reportStore.ts.

import { REPORT_CHUNK_ROWS, type ImportReportChunk } from '../../db/types';
import type { ImportProblemCode, ImportReportRow } from '../../shared/importTypes';
import { severityOf } from '../../shared/importTypes';

export class ReportWriter {
  private current: ImportReportRow[] = [];
  private full: ImportReportChunk[] = [];
  private nextChunk = 0;
  readonly byCode: Partial<Record<ImportProblemCode, number>> = {};
  errors = 0;
  warnings = 0;

  add(file: string, line: number | null, code: ImportProblemCode, reason: string): void {
    const severity = severityOf(code);
    this.current.push({ file, line, severity, code, reason });
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (severity === 'error') this.errors++;
    else this.warnings++;
    if (this.current.length === REPORT_CHUNK_ROWS) {
      this.full.push({ chunk: this.nextChunk++, rows: this.current });
      this.current = [];
    }
  }

  get total(): number {
    return this.errors + this.warnings;
  }

  /** Completed chunks not yet taken (to be written with the next staging flush). */
  takeFull(): ImportReportChunk[] {
    const taken = this.full;
    this.full = [];
    return taken;
  }

  /** Everything not yet taken, including the last partial chunk (at the end of the import). */
  takeAll(): ImportReportChunk[] {
    const taken = this.takeFull();
    if (this.current.length > 0) {
      taken.push({ chunk: this.nextChunk++, rows: this.current });
      this.current = [];
    }
    return taken;
  }
}
