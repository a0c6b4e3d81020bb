// The Upload Errors list: failed patients of a run with their reasons, filterable, in pages,
// and as CSV. Reads only the failed outcome rows and the matching patients; the CSV is streamed
// a page of rows at a time (a practice can have hundreds of thousands of failed patients).

import type { ScrDatabase } from '../../db/database';
import type { OutcomeRecord } from '../../domain/model/runs';
import { getPatients } from '../../db/patientStore';
import { FAILED_LABELS, type FailedReason } from '../../domain/eligibility';
import { csvLine } from '../../domain/export/csv';
import { pagedTextStream, streamText } from '../exports/pagedTextStream';

/** Failed outcome rows per page of the CSV (each page is one short read). */
export const FAILURES_CSV_PAGE = 2_000;
export const FAILURES_CSV_HEADER = 'NHS number,Patient record,Name,Reason,Time';

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

/** The run's failed outcomes with list position above `afterSeq`, in list order. */
function failedRange(db: ScrDatabase, runId: number, afterSeq = -Infinity) {
  return db.outcomes.where('[runId+outcome+seq]').between([runId, 'failed', afterSeq], [runId, 'failed', Infinity], false, true);
}

async function failedOutcomes(db: ScrDatabase, runId: number, reason: FailedReason | null): Promise<OutcomeRecord[]> {
  const all = await failedRange(db, runId).toArray();
  return reason ? all.filter((o) => o.reason === reason) : all;
}

async function toRows(db: ScrDatabase, outcomes: readonly OutcomeRecord[]): Promise<FailureRow[]> {
  const patients = await getPatients(db, outcomes.map((o) => o.seq));
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
  if (reason === null) {
    // Every failure: the page and the total straight from the index, without reading them all.
    const [total, page] = await db.transaction('r', db.outcomes, () => Promise.all([failedRange(db, runId).count(), failedRange(db, runId).offset(offset).limit(limit).toArray()]));
    return { rows: await toRows(db, page), total };
  }
  const outcomes = await failedOutcomes(db, runId, reason);
  return { rows: await toRows(db, outcomes.slice(offset, offset + limit)), total: outcomes.length };
}

/** The failed patients as CSV (RFC 4180, CRLF), a page of rows at a time, in list order. */
export function failuresCsvStream(db: ScrDatabase, runId: number, reason: FailedReason | null, pageSize = FAILURES_CSV_PAGE): ReadableStream<Uint8Array> {
  return pagedTextStream<number>(FAILURES_CSV_HEADER + '\r\n', async (afterSeq) => {
    const outcomes = await failedRange(db, runId, afterSeq ?? -Infinity).limit(pageSize).toArray();
    const last = outcomes[outcomes.length - 1];
    if (last === undefined) return null;
    const rows = await toRows(db, reason === null ? outcomes : outcomes.filter((o) => o.reason === reason));
    const text = rows.map((r) => csvLine([r.nhsNumber ?? '', r.patientId ?? '', r.name ?? '', r.reasonText, r.at])).join('');
    return { text, last: last.seq };
  });
}

export function failuresCsv(db: ScrDatabase, runId: number, reason: FailedReason | null): Promise<string> {
  return streamText(failuresCsvStream(db, runId, reason));
}
