// The message monitor's reads of the outbox: a run's messages in pages (by state, failure reason
// or NHS number, always in list order), one message in full, and the CSV export. Pages read
// only the rows they show, through the v3 indexes; never the whole outbox.

import Dexie from 'dexie';
import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../db/runRecords';
import { normaliseNhsNumber } from '../../domain/nhsNumber';
import type { MessageDetail, MessageFilter, MessageListItem, MessagePage } from '../../shared/monitor';
import { csvField } from '../run/failures';

export function toMessageListItem(row: OutboxMessage): MessageListItem {
  return {
    requestId: row.requestId,
    seq: row.seq,
    nhsNumber: row.nhsNumber,
    state: row.state,
    attemptCount: row.attempts.length,
    lastAttempt: row.attempts[row.attempts.length - 1] ?? null,
    nextAttemptAt: row.nextAttemptAt,
    failure: row.failure,
    failureCode: row.failureCode,
  };
}

/** The rows matching the filter, in seq order, as a Dexie collection over the narrowest index. */
type OutboxCollection = ReturnType<ScrDatabase['outbox']['toCollection']>;

function matching(db: ScrDatabase, filter: MessageFilter): OutboxCollection {
  const { runId } = filter;
  const nhs = filter.nhsNumber === null ? '' : normaliseNhsNumber(filter.nhsNumber);
  if (nhs !== '') {
    return db.outbox
      .where('[runId+nhsNumber]')
      .equals([runId, nhs])
      .filter((m) => (filter.state === null || m.state === filter.state) && (filter.failureCode === null || m.failureCode === filter.failureCode));
  }
  if (filter.failureCode !== null) {
    const byCode = db.outbox.where('[runId+failureCode+seq]').between([runId, filter.failureCode, Dexie.minKey], [runId, filter.failureCode, Dexie.maxKey]);
    return filter.state === null || filter.state === 'failed' ? byCode : byCode.filter(() => false);
  }
  if (filter.state !== null) return db.outbox.where('[runId+state+seq]').between([runId, filter.state, Dexie.minKey], [runId, filter.state, Dexie.maxKey]);
  return db.outbox.where('[runId+seq]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]);
}

export async function listMessages(db: ScrDatabase, filter: MessageFilter, offset: number, limit: number): Promise<MessagePage> {
  return db.transaction('r', db.outbox, async () => {
    const [total, rows] = await Promise.all([matching(db, filter).count(), matching(db, filter).offset(offset).limit(limit).toArray()]);
    const items = rows.map(toMessageListItem);
    // An NHS-number match comes from an index not ordered by seq: put it in list order.
    if (filter.nhsNumber !== null && filter.nhsNumber.trim() !== '') items.sort((a, b) => a.seq - b.seq);
    return { items, total, offset };
  });
}

export async function messageDetail(db: ScrDatabase, requestId: string): Promise<MessageDetail | null> {
  const row = await db.outbox.get(requestId);
  if (row === undefined) return null;
  return { item: toMessageListItem(row), bundleId: row.bundleId, compositionId: row.compositionId, queuedAt: row.queuedAt, attempts: row.attempts, body: row.body };
}

export async function messagesCsv(db: ScrDatabase, filter: MessageFilter): Promise<string> {
  const lines = ['NHS number,List position,State,Attempts,Last attempt,Last status,Reason,Request ID'];
  await matching(db, filter).each((row) => {
    const item = toMessageListItem(row);
    lines.push(
      [item.nhsNumber, String(item.seq), item.state, String(item.attemptCount), item.lastAttempt?.at ?? '', item.lastAttempt?.status === null || item.lastAttempt === null ? '' : String(item.lastAttempt.status), item.failure ?? '', item.requestId]
        .map(csvField)
        .join(','),
    );
  });
  return lines.join('\r\n') + '\r\n';
}
