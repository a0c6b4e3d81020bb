// The Upload Errors list: failed patients of a run with their reasons, filterable, in pages,
// and as CSV. Reads only the (few) failed outcome rows and the matching patients.

import type { ScrDatabase } from '../../db/database';
import type { OutcomeRecord } from '../../db/runRecords';
import { FAILED_LABELS, type FailedReason } from '../../domain/eligibility';

export interface FailureRow {
  readonly seq: number;
  readonly patientId: string | null;
  readonly name: string | null;
  readonly nhsNumber: string | null;
  readonly reason: FailedReason;
  readonly reasonText: string;
  /** ISO instant. */
  readonly at: string;
}

export interface FailurePage {
  readonly rows: readonly FailureRow[];
  /** Rows matching the filter, in all pages. */
  readonly total: number;
}

async function failedOutcomes(db: ScrDatabase, runId: number, reason: FailedReason | null): Promise<OutcomeRecord[]> {
  const all = await db.outcomes.where('[runId+outcome+seq]').between([runId, 'failed', -Infinity], [runId, 'failed', Infinity]).toArray();
  return reason ? all.filter((o) => o.reason === reason) : all;
}

async function toRows(db: ScrDatabase, outcomes: readonly OutcomeRecord[]): Promise<FailureRow[]> {
  const patients = await db.patients.bulkGet(outcomes.map((o) => o.seq));
  return outcomes.map((o, i) => {
    const p = patients[i];
    const reason = o.reason as FailedReason;
    return {
      seq: o.seq,
      patientId: p?.id ?? null,
      name: p ? `${p.familyName.toUpperCase()}, ${p.givenName}` : null,
      nhsNumber: o.nhsNumber,
      reason,
      reasonText: FAILED_LABELS[reason],
      at: o.at,
    };
  });
}

export async function listFailures(db: ScrDatabase, runId: number, reason: FailedReason | null, offset: number, limit: number): Promise<FailurePage> {
  const outcomes = await failedOutcomes(db, runId, reason);
  return { rows: await toRows(db, outcomes.slice(offset, offset + limit)), total: outcomes.length };
}

/** RFC 4180 field quoting; a leading =, +, - or @ is prefixed so spreadsheets show it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function failuresCsv(db: ScrDatabase, runId: number, reason: FailedReason | null): Promise<string> {
  const rows = await toRows(db, await failedOutcomes(db, runId, reason));
  const lines = ['NHS number,Patient record,Name,Reason,Time'];
  for (const r of rows) lines.push([r.nhsNumber ?? '', r.patientId ?? '', r.name ?? '', r.reasonText, r.at].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
