// The message monitor's reads over a real (fake-indexeddb) outbox: filters by state, reason and
// NHS number, paging at its boundaries (by offset from either end and by key), the CSV export
// and a message's detail.

import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import type { OutboxMessage, OutboxState, SendFailureCode } from '../../../src/domain/model/runs';
import type { MessageFilter } from '../../../src/shared/monitor';
import { listMessages, messageDetail, messagesCsv } from '../../../src/worker/monitor/messageQueries';
import { demoOutboxRows, freshDatabase } from '../send/support';

const databases: ScrDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** Built once: building bundles for every test would dominate the run time. */
let base: OutboxMessage[] = [];
beforeAll(() => {
  base = demoOutboxRows(130);
});

const all = (runId = 1): MessageFilter => ({ runId, state: null, failureCode: null, nhsNumber: null });

function failed(row: OutboxMessage, code: SendFailureCode, failure: string): OutboxMessage {
  return { ...row, state: 'failed', failureCode: code, failure, attempts: [{ at: '2026-01-01T09:01:00.000Z', status: 400, error: failure }] };
}

function inState(row: OutboxMessage, state: Exclude<OutboxState, 'failed'>): OutboxMessage {
  return { ...row, state };
}

async function load(rows: readonly OutboxMessage[]): Promise<ScrDatabase> {
  const db = freshDatabase('monitor');
  databases.push(db);
  await db.outbox.bulkAdd([...rows]);
  return db;
}

/** Every 5th row sent, every 7th failed (rejected, or too large when also even), the rest queued. */
function mixed(): OutboxMessage[] {
  return base.map((row, i) => {
    if (i % 7 === 3) return failed(row, i % 2 === 0 ? 'too-large' : 'rejected', `Refused ${i}`);
    if (i % 5 === 0) return inState(row, 'sent');
    return row;
  });
}

const seqs = (page: { items: readonly { seq: number }[] }): number[] => page.items.map((m) => m.seq);

describe('listMessages', () => {
  it('filters by state, in list order, with the total of all pages', async () => {
    const rows = mixed();
    const db = await load(rows);
    const expected = rows.filter((r) => r.state === 'sent').map((r) => r.seq);
    const page = await listMessages(db, { ...all(), state: 'sent' }, 0, 50);
    expect(page.total).toBe(expected.length);
    expect(seqs(page)).toEqual(expected);
    expect(page.items.every((m) => m.state === 'sent')).toBe(true);
  });

  it('filters failed messages by reason; a reason with another state matches nothing', async () => {
    const rows = mixed();
    const db = await load(rows);
    const tooLarge = rows.filter((r) => r.failureCode === 'too-large').map((r) => r.seq);
    expect(tooLarge.length).toBeGreaterThan(0);
    const byReason = await listMessages(db, { ...all(), failureCode: 'too-large' }, 0, 50);
    expect(seqs(byReason)).toEqual(tooLarge);
    expect(byReason.total).toBe(tooLarge.length);
    expect(await listMessages(db, { ...all(), state: 'failed', failureCode: 'too-large' }, 0, 50)).toEqual(byReason);
    expect(await listMessages(db, { ...all(), state: 'sent', failureCode: 'too-large' }, 0, 50)).toEqual({ items: [], total: 0, offset: 0 });
  });

  it('finds a patient by NHS number written with spaces, only in the asked run and state', async () => {
    const rows = mixed();
    const target = rows[10];
    if (target === undefined) throw new Error('fixture too small');
    const otherRun = { ...target, requestId: 'f0000000-0000-4000-8000-000000000001', runId: 2 };
    const db = await load([...rows, otherRun]);
    const spaced = `${target.nhsNumber.slice(0, 3)} ${target.nhsNumber.slice(3, 6)} ${target.nhsNumber.slice(6)}`;
    const page = await listMessages(db, { ...all(), nhsNumber: ` ${spaced} ` }, 0, 50);
    expect(page.items.map((m) => m.requestId)).toEqual([target.requestId]);
    expect(page.total).toBe(1);
    expect((await listMessages(db, { ...all(2), nhsNumber: spaced }, 0, 50)).items.map((m) => m.requestId)).toEqual([otherRun.requestId]);
    const otherState = target.state === 'sent' ? 'queued' : 'sent';
    expect((await listMessages(db, { ...all(), nhsNumber: spaced, state: otherState }, 0, 50)).total).toBe(0);
    expect((await listMessages(db, { ...all(), nhsNumber: '123' }, 0, 50)).total).toBe(0);
  });

  it('treats a blank NHS number as no search', async () => {
    const db = await load(base.slice(0, 20));
    expect((await listMessages(db, { ...all(), nhsNumber: '   ' }, 0, 50)).total).toBe(20);
  });

  it('pages without gaps or repeats, from either end, up to and past the last row', async () => {
    const rows = base.slice(0, 120);
    const db = await load(rows);
    const every = rows.map((r) => r.seq);
    const pages = await Promise.all([0, 50, 100, 120, 500].map((offset) => listMessages(db, all(), offset, 50)));
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20, 0, 0]);
    expect(pages.every((p) => p.total === 120)).toBe(true);
    expect(pages.flatMap(seqs)).toEqual(every);
    // Offsets past the middle are read backwards from the end: the same rows in the same order.
    for (const offset of [59, 60, 61, 70, 119]) expect(seqs(await listMessages(db, all(), offset, 50))).toEqual(every.slice(offset, offset + 50));
    expect(seqs(await listMessages(db, all(), 0, 1))).toEqual([every[0]]);
  });

  it('reads the next and previous page by key, exclusive of the anchor row', async () => {
    const rows = mixed();
    const db = await load(rows);
    const filter: MessageFilter = { ...all(), state: 'queued' };
    const queued = rows.filter((r) => r.state === 'queued').map((r) => r.seq);
    const first = await listMessages(db, filter, 0, 30);
    const last = first.items[first.items.length - 1];
    if (last === undefined) throw new Error('empty page');
    const next = await listMessages(db, filter, 30, 30, { afterSeq: last.seq });
    expect(seqs(next)).toEqual(queued.slice(30, 60));
    expect(next.offset).toBe(30);
    expect(next.total).toBe(queued.length);
    const firstOfNext = next.items[0];
    if (firstOfNext === undefined) throw new Error('empty page');
    expect(seqs(await listMessages(db, filter, 0, 30, { beforeSeq: firstOfNext.seq }))).toEqual(queued.slice(0, 30));
    // The last page by key holds only what is left.
    const tail = queued[queued.length - 6];
    if (tail === undefined) throw new Error('fixture too small');
    expect(seqs(await listMessages(db, filter, queued.length - 5, 30, { afterSeq: tail }))).toEqual(queued.slice(-5));
  });

  it('keeps runs apart and describes each message without its body', async () => {
    const db = await load([...base.slice(0, 5), ...base.slice(5, 8).map((r) => ({ ...r, runId: 2 }))]);
    const page = await listMessages(db, all(2), 0, 50);
    expect(page.total).toBe(3);
    const first = page.items[0];
    expect(first).toEqual({
      requestId: base[5]?.requestId,
      seq: base[5]?.seq,
      nhsNumber: base[5]?.nhsNumber,
      state: 'queued',
      attemptCount: 0,
      lastAttempt: null,
      nextAttemptAt: 0,
      failure: null,
      failureCode: null,
    });
  });
});

describe('messagesCsv', () => {
  it('writes one quoted, formula-safe line per matching message, in list order', async () => {
    const rows = base.slice(0, 6);
    const [a, b, c, d, e, f] = rows;
    if (a === undefined || b === undefined || c === undefined || d === undefined || e === undefined || f === undefined) throw new Error('fixture too small');
    const db = await load([
      failed(a, 'rejected', 'Invalid: "code", see\r\nPSIS-30134'),
      failed(b, 'rejected', '=HYPERLINK("http://example.test")'),
      failed(c, 'refused', '@SUM(A1)'),
      failed(d, 'refused', '\t=1+1'),
      // Three 429s in a row are one throttled attempt, counted as three requests.
      { ...e, state: 'waiting', nextAttemptAt: Date.UTC(2026, 0, 1, 10, 30), attempts: [{ at: '2026-01-01T09:29:00.000Z', status: 429, error: 'Rate limit exceeded', outcome: 'throttled', repeats: 3 }, { at: '2026-01-01T09:30:00.000Z', status: 503, error: 'Service unavailable' }] },
      inState(f, 'sent'),
    ]);
    const csv = await messagesCsv(db, all());
    expect(csv.startsWith('NHS number,List position,State,Attempts,Last attempt,Last status,Next attempt,Reason,Request ID\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`${a.nhsNumber},${a.seq},Failed,1,2026-01-01T09:01:00.000Z,400,,"Invalid: ""code"", see\r\nPSIS-30134",${a.requestId}`);
    expect(csv).toContain(`,"'=HYPERLINK(""http://example.test"")",${b.requestId}`);
    expect(csv).toContain(`,'@SUM(A1),${c.requestId}`);
    expect(csv).toContain(`,'\t=1+1,${d.requestId}`);
    expect(csv).toContain(`${e.nhsNumber},${e.seq},Waiting to retry,4,2026-01-01T09:30:00.000Z,503,2026-01-01T10:30:00.000Z,,${e.requestId}`);
    expect(csv).toContain(`${f.nhsNumber},${f.seq},Sent,0,,,,,${f.requestId}`);
    // Rows appear in list order.
    const positions = rows.map((r) => csv.indexOf(r.requestId));
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  it('exports only the filter: a reason, a patient, or nothing at all', async () => {
    const rows = mixed();
    const db = await load(rows);
    const lines = (csv: string) => csv.split('\r\n').filter((l) => l !== '').length - 1;
    expect(lines(await messagesCsv(db, { ...all(), failureCode: 'rejected' }))).toBe(rows.filter((r) => r.failureCode === 'rejected').length);
    const one = rows[4];
    if (one === undefined) throw new Error('fixture too small');
    const patientCsv = await messagesCsv(db, { ...all(), nhsNumber: one.nhsNumber });
    expect(lines(patientCsv)).toBe(1);
    expect(patientCsv).toContain(one.requestId);
    expect(lines(await messagesCsv(db, { ...all(), state: 'queued', failureCode: 'rejected' }))).toBe(0);
    expect(lines(await messagesCsv(db, all(9)))).toBe(0);
  });
});

describe('messageDetail', () => {
  it('returns the message in full, body and attempts as stored', async () => {
    const row = failed(base[0] as OutboxMessage, 'too-large', 'Payload too large');
    const db = await load([row]);
    const detail = await messageDetail(db, row.requestId);
    expect(detail?.body).toBe(row.body);
    expect(detail?.attempts).toEqual(row.attempts);
    expect(detail?.bundleId).toBe(row.bundleId);
    expect(detail?.compositionId).toBe(row.compositionId);
    expect(detail?.item.failureCode).toBe('too-large');
  });

  it('answers null for a request id that is not in the outbox', async () => {
    const db = await load(base.slice(0, 2));
    expect(await messageDetail(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
