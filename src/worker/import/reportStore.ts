// Reading the latest import's error report: a page of rows for the table, and the whole report
// as CSV for download (built as a Blob in parts, so a huge report is never one string).

import type { ScrDatabase } from '../../db/database';
import { REPORT_CHUNK_ROWS } from '../../db/types';
import type { ImportReportPage, ImportReportRow, LatestImport } from '../../shared/importTypes';
import { csvLine } from '../../domain/export/csv';

export async function readImportReport(db: ScrDatabase, offset: number, limit: number): Promise<ImportReportPage> {
  const last = await db.importReport.orderBy('chunk').last();
  const total = last === undefined ? 0 : last.chunk * REPORT_CHUNK_ROWS + last.rows.length;
  const from = Math.max(0, Math.floor(offset));
  const to = Math.min(total, from + Math.max(0, Math.floor(limit)));
  if (to <= from) return { rows: [], total };
  const chunks = await db.importReport.where('chunk').between(Math.floor(from / REPORT_CHUNK_ROWS), Math.floor((to - 1) / REPORT_CHUNK_ROWS), true, true).toArray();
  const rows: ImportReportRow[] = [];
  for (const c of chunks) rows.push(...c.rows);
  const skip = from - Math.floor(from / REPORT_CHUNK_ROWS) * REPORT_CHUNK_ROWS;
  return { rows: rows.slice(skip, skip + (to - from)), total };
}

export async function latestImport(db: ScrDatabase): Promise<LatestImport | null> {
  const stored = await db.importLatest.get('latest');
  if (!stored) return null;
  const { key: _key, ...latest } = stored;
  return latest;
}

export const IMPORT_REPORT_CSV_HEADER = 'File,Line,Severity,Reason code,Reason';

/** The whole report as CSV (RFC 4180, CRLF), one row per problem, in the order found. */
export async function importReportCsv(db: ScrDatabase): Promise<Blob> {
  const parts: Blob[] = [new Blob([IMPORT_REPORT_CSV_HEADER + '\r\n'])];
  await db.importReport.orderBy('chunk').each((chunk) => {
    parts.push(new Blob([chunk.rows.map((r) => csvLine([r.file, r.line === null ? '' : String(r.line), r.severity, r.code, r.reason])).join('')]));
  });
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
