// The message monitor's reads of the outbox: a run's messages in pages (by state, failure reason
// or NHS number, always in list order), one message in full, and the CSV export. Pages read
// only the rows they show, through the v3 indexes; never the whole outbox.
//
// Cost on a 100,000-message run: a page is one index count plus a walk to the page. IndexedDB
// can only reach the n-th key of a range by stepping over the n before it, so a page is read
// from whichever end of the range is nearer (the worst page costs total / 2 steps, the first and
// last pages almost none), or, given the seq next to it (PageAnchor), by key in O(limit).

import Dexie from 'dexie';
import type { ScrDatabase } from '../../db/database';
import { getPatient } from '../../db/patientStore';
import { buildMessageBody } from '../../domain/summary/messageBody';
import { loadMessageContext } from '../authorStore';
import { requestCount, type OutboxMessage } from '../../domain/model/runs';
import { normaliseNhsNumber } from '../../domain/nhsNumber';
import type { MessageDetail, MessageFilter, MessageListItem, MessagePage } from '../../shared/monitor';
import { pagedTextStream, streamText } from '../exports/pagedTextStream';
import { csvLine } from '../../domain/export/csv';
import { MESSAGE_CSV_HEADER, MESSAGE_CSV_PAGE, messageCsvFields } from './messageCsv';

export function toMessageListItem(row: OutboxMessage): MessageListItem {
  return {
    requestId: row.requestId,
    seq: row.seq,
    nhsNumber: row.nhsNumber,
    state: row.state,
    attemptCount: requestCount(row.attempts),
    lastAttempt: row.attempts[row.attempts.length - 1] ?? null,
    nextAttemptAt: row.nextAttemptAt,
    failure: row.failure,
    failureCode: row.failureCode,
  };
}

/**
 * Where a page starts when the caller has just shown the page next to it: the seq of the row
 * before it (Next) or after it (Previous). The page is then read by key, and `offset` is taken
 * as given (it is only reported back); if rows changed state in between, the page still starts
 * exactly after (or ends exactly before) the row the user saw last.
 */
export type PageAnchor = { readonly afterSeq: number } | { readonly beforeSeq: number };

type OutboxCollection = ReturnType<ScrDatabase['outbox']['toCollection']>;

/**
 * How a filter is read:
 * - `none`: nothing can match (a failure reason with a state other than failed);
 * - `patient`: one patient's messages, from [runId+nhsNumber] (a handful: read them whole);
 * - `range`: a seq-ordered index range `[...prefix, seq]`, the narrowest the filter allows.
 *
 * Invariant used for `range` by reason: failureCode is non-null only while a message is failed
 * (src/domain/sending/outboxTransition.ts clears it on every other transition), so the
 * [runId+failureCode+seq] range holds failed messages only and needs no state check.
 */
type Plan =
  | { readonly kind: 'none' }
  | { readonly kind: 'patient'; readonly nhsNumber: string }
  | { readonly kind: 'range'; readonly index: '[runId+seq]' | '[runId+state+seq]' | '[runId+failureCode+seq]'; readonly prefix: readonly (string | number)[] };

function planFor(filter: MessageFilter): Plan {
  const { runId, state, failureCode } = filter;
  if (failureCode !== null && state !== null && state !== 'failed') return { kind: 'none' };
  const nhsNumber = filter.nhsNumber === null ? '' : normaliseNhsNumber(filter.nhsNumber);
  if (nhsNumber !== '') return { kind: 'patient', nhsNumber };
  if (failureCode !== null) return { kind: 'range', index: '[runId+failureCode+seq]', prefix: [runId, failureCode] };
  if (state !== null) return { kind: 'range', index: '[runId+state+seq]', prefix: [runId, state] };
  return { kind: 'range', index: '[runId+seq]', prefix: [runId] };
}

/** The range's rows with seq strictly between `afterSeq` and `beforeSeq` (null: unbounded). */
function rangeRows(db: ScrDatabase, plan: Extract<Plan, { kind: 'range' }>, afterSeq: number | null = null, beforeSeq: number | null = null): OutboxCollection {
  const lower = [...plan.prefix, afterSeq ?? Dexie.minKey];
  const upper = [...plan.prefix, beforeSeq ?? Dexie.maxKey];
  return db.outbox.where(plan.index).between(lower, upper, afterSeq === null, beforeSeq === null);
}

/** One patient's messages matching the rest of the filter, in seq order. */
async function patientRows(db: ScrDatabase, filter: MessageFilter, nhsNumber: string): Promise<OutboxMessage[]> {
  const rows = await db.outbox.where('[runId+nhsNumber]').equals([filter.runId, nhsNumber]).toArray();
  return rows
    .filter((m) => (filter.state === null || m.state === filter.state) && (filter.failureCode === null || m.failureCode === filter.failureCode))
    .sort((a, b) => a.seq - b.seq);
}

/** `limit` rows from `offset`, walking from the nearer end of the range. */
async function pageByOffset(range: () => OutboxCollection, total: number, offset: number, limit: number): Promise<OutboxMessage[]> {
  const size = Math.min(limit, total - offset);
  if (size <= 0) return [];
  const after = total - offset - size;
  if (after >= offset) return range().offset(offset).limit(size).toArray();
  const rows = await range().reverse().offset(after).limit(size).toArray();
  return rows.reverse();
}

async function pageByAnchor(db: ScrDatabase, plan: Extract<Plan, { kind: 'range' }>, anchor: PageAnchor, limit: number): Promise<OutboxMessage[]> {
  if ('afterSeq' in anchor) return rangeRows(db, plan, anchor.afterSeq).limit(limit).toArray();
  const rows = await rangeRows(db, plan, null, anchor.beforeSeq).reverse().limit(limit).toArray();
  return rows.reverse();
}

export async function listMessages(db: ScrDatabase, filter: MessageFilter, offset: number, limit: number, anchor: PageAnchor | null = null): Promise<MessagePage> {
  const plan = planFor(filter);
  if (plan.kind === 'none') return { items: [], total: 0, offset };
  // One read transaction: the total and the page describe the same moment.
  return db.transaction('r', db.outbox, async () => {
    if (plan.kind === 'patient') {
      const rows = await patientRows(db, filter, plan.nhsNumber);
      return { items: rows.slice(offset, offset + limit).map(toMessageListItem), total: rows.length, offset };
    }
    const total = await rangeRows(db, plan).count();
    const rows = anchor === null ? await pageByOffset(() => rangeRows(db, plan), total, offset, limit) : await pageByAnchor(db, plan, anchor, limit);
    return { items: rows.map(toMessageListItem), total, offset };
  });
}

/**
 * One message in full. A message not sent yet has no stored body: it is built the same way the
 * sender will build it (null when the patient’s record is gone or the author is not complete).
 */
export async function messageDetail(db: ScrDatabase, requestId: string): Promise<MessageDetail | null> {
  return db.transaction('r', [db.outbox, db.patientChunks, db.practice, db.runs, db.settings], async () => {
    const row = await db.outbox.get(requestId);
    if (row === undefined) return null;
    let body = row.body;
    if (body === null) {
      const [patient, practice, run, context] = await Promise.all([getPatient(db, row.seq), db.practice.get('practice'), db.runs.get(row.runId), loadMessageContext(db)]);
      if (patient !== undefined && practice !== undefined && run !== undefined && context !== null && patient.nhsNumber === row.nhsNumber) body = buildMessageBody(row, patient, context, run.runDate);
    }
    return { item: toMessageListItem(row), bundleId: row.bundleId, compositionId: row.compositionId, queuedAt: row.queuedAt, attempts: row.attempts, body, bodyStored: row.body !== null };
  });
}

const csvLines = (rows: readonly OutboxMessage[]): string => rows.map((row) => csvLine(messageCsvFields(row))).join('');

/**
 * Every message matching the filter, in list order, one CSV line each (header first, CRLF),
 * streamed a page of rows at a time by list position (see exports/pagedTextStream.ts).
 */
export function messagesCsvStream(db: ScrDatabase, filter: MessageFilter, pageSize = MESSAGE_CSV_PAGE): ReadableStream<Uint8Array> {
  const plan = planFor(filter);
  return pagedTextStream<number>(csvLine(MESSAGE_CSV_HEADER), async (afterSeq) => {
    if (plan.kind === 'none') return null;
    if (plan.kind === 'patient') {
      // One patient's few messages: one page.
      if (afterSeq !== null) return null;
      return { text: csvLines(await patientRows(db, filter, plan.nhsNumber)), last: 0 };
    }
    const rows = await rangeRows(db, plan, afterSeq).limit(pageSize).toArray();
    const last = rows[rows.length - 1];
    return last === undefined ? null : { text: csvLines(rows), last: last.seq };
  });
}

export function messagesCsv(db: ScrDatabase, filter: MessageFilter): Promise<string> {
  return streamText(messagesCsvStream(db, filter));
}
