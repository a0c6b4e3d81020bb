// The downloads streamed a page at a time (Upload Errors CSV, the message CSV, the log) over a
// real (fake-indexeddb) database: the file is the same as reading everything at once; while a
// run writes between pages, nothing is written twice and every row present from start to end is
// written once; and no transaction is held between pages, so the run's writes go through while
// a download is half-read.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import { appendLog, logAsText } from '../../../src/db/logStore';
import type { OutcomeRecord, OutboxMessage } from '../../../src/domain/model/runs';
import type { FailedReason } from '../../../src/domain/eligibility';
import { logTextStream } from '../../../src/worker/exports/logStream';
import { streamText } from '../../../src/worker/exports/pagedTextStream';
import { messagesCsvStream } from '../../../src/worker/monitor/messageQueries';
import { FAILURES_CSV_HEADER, failuresCsvStream, listFailures } from '../../../src/worker/run/failures';
import { demoOutboxRows, freshDatabase } from '../send/support';

const databases: ScrDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
});

function open(): ScrDatabase {
  const db = freshDatabase('exports');
  databases.push(db);
  return db;
}

const REASONS: readonly FailedReason[] = ['nhs-number-missing-or-invalid', 'not-linked-to-pds'];

function failedOutcome(runId: number, seq: number): OutcomeRecord {
  return { runId, seq, outcome: 'failed', reason: REASONS[seq % 2] ?? 'not-linked-to-pds', nhsNumber: seq % 3 === 0 ? null : `99900${String(seq).padStart(5, '0')}`, at: '2026-01-01T09:00:00.000Z' };
}

/** CSV records (no quoted line breaks in these files), header first. */
const records = (text: string): string[] => text.split('\r\n').slice(0, -1);
const nhsNumbers = (text: string): string[] => records(text).slice(1).map((line) => line.split(',')[0] ?? '');

/** Reads a stream chunk by chunk, running `between` after the first chunk. */
async function readWith(stream: ReadableStream<Uint8Array>, between: () => Promise<void>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
    if (++chunks === 2) await between();
  }
}

describe('Upload Errors CSV, streamed', () => {
  it('5,000 failed patients in pages of 700: every one once, in list order, the same rows as the screen lists; a reason filter keeps only its rows', async () => {
    const db = open();
    await db.outcomes.bulkAdd(Array.from({ length: 5_000 }, (_, i) => failedOutcome(1, i + 1)));
    // Another run's failures and this run's not-required rows stay out.
    await db.outcomes.bulkAdd([failedOutcome(2, 1), { ...failedOutcome(1, 9_999), outcome: 'not-required', reason: 'fp69' }]);
    const text = await streamText(failuresCsvStream(db, 1, null, 700));
    const lines = records(text);
    expect(lines[0]).toBe(FAILURES_CSV_HEADER);
    expect(lines).toHaveLength(5_001);
    const listed = await listFailures(db, 1, null, 0, 5_000);
    expect(listed.total).toBe(5_000);
    expect(nhsNumbers(text)).toEqual(listed.rows.map((r) => r.nhsNumber ?? ''));
    const onlyPds = records(await streamText(failuresCsvStream(db, 1, 'not-linked-to-pds', 700)));
    expect(onlyPds).toHaveLength(2_501);
    expect(onlyPds.slice(1).every((l) => l.includes('not linked to PDS'))).toBe(true);
  });

  it('a run goes on writing while the file is half-read: its write is not held up, nothing is written twice, and later failures are included', async () => {
    const db = open();
    await db.outcomes.bulkAdd(Array.from({ length: 3_000 }, (_, i) => failedOutcome(1, i + 1)));
    let wroteMidway = false;
    const text = await readWith(failuresCsvStream(db, 1, null, 500), async () => {
      // The run checks another page of patients: a read-write transaction on the same table.
      await db.transaction('rw', db.outcomes, () => db.outcomes.bulkAdd(Array.from({ length: 1_000 }, (_, i) => failedOutcome(1, 3_001 + i))));
      wroteMidway = true;
    });
    expect(wroteMidway).toBe(true);
    const numbers = nhsNumbers(text);
    expect(numbers).toHaveLength(4_000);
    const seqsWithNumbers = Array.from({ length: 4_000 }, (_, i) => failedOutcome(1, i + 1).nhsNumber ?? '');
    expect(numbers).toEqual(seqsWithNumbers);
  });
});

describe('message CSV, streamed', () => {
  it('messages leaving the filtered state while the file is read are written once at most; those that stay, exactly once', async () => {
    const db = open();
    const rows: OutboxMessage[] = demoOutboxRows(60);
    await db.outbox.bulkAdd(rows);
    const queued = { runId: 1, state: 'queued' as const, failureCode: null, nhsNumber: null };
    const text = await readWith(messagesCsvStream(db, queued, 7), async () => {
      // Sending moves every third message to sent meanwhile.
      await db.outbox.bulkPut(rows.filter((_, i) => i % 3 === 0).map((r) => ({ ...r, state: 'sent' as const })));
    });
    const written = records(text).slice(1).map((l) => l.split(',').at(-1) ?? '');
    expect(new Set(written).size).toBe(written.length);
    const stayedQueued = rows.filter((_, i) => i % 3 !== 0).map((r) => r.requestId);
    for (const id of stayedQueued) expect(written).toContain(id);
  });
});

describe('log download, streamed', () => {
  it('the streamed log is the same text as the log read whole, a page of entries at a time', async () => {
    const db = open();
    for (let i = 0; i < 2_500; i++) await appendLog(db, new Date(Date.UTC(2026, 0, 1, 9, 0, i)), i % 10 === 0 ? 'warning' : 'info', `Entry ${i}, with a tab\there`);
    const whole = await logAsText(db);
    expect(await streamText(logTextStream(db, 300))).toBe(whole);
    expect(whole.split('\n')).toHaveLength(2_501);
    expect(await streamText(logTextStream(open(), 300))).toBe('');
  });
});
