// Every CSV export goes through the one writer (src/domain/export/csv.ts): what a user opening
// each file in a spreadsheet sees when the exported text would otherwise run as a formula (a
// patient's name or record id from the extract, a Spine's failure reason, a file's name), and
// that awkward text still reads back cell for cell.

import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { generatePage } from '../../../src/demo/generatePatients';
import { streamText } from '../../../src/worker/exports/pagedTextStream';
import { importReportCsv } from '../../../src/worker/import/reportStore';
import { messagesCsvStream } from '../../../src/worker/monitor/messageQueries';
import { failuresCsvStream } from '../../../src/worker/run/failures';
import { file, closeAll, openDb, runImport } from '../import/support';
import { demoOutboxRows, freshDatabase } from '../send/support';
import { readCsv } from '../support/readCsv';
import { putPatients } from '../../../src/db/patientStore';

const databases: ScrDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
  await closeAll();
});

function open(): ScrDatabase {
  const db = freshDatabase('csv-exports');
  databases.push(db);
  return db;
}

describe('Upload Errors CSV', () => {
  it('a patient whose name or record id would run as a formula is shown as text', async () => {
    const db = open();
    const [first, second] = generatePage({ seed: 7, asOf: '2026-01-15' }, 1, 2);
    if (first === undefined || second === undefined) throw new Error('no demo patients');
    await putPatients(db, [
      { ...first, id: '-23', familyName: '=HYPERLINK("http://example.test")', givenName: 'Ann' },
      { ...second, id: 'p2', familyName: 'Smith, Jones', givenName: '@Bob' },
    ]);
    await db.outcomes.bulkAdd([
      { runId: 1, seq: first.seq, outcome: 'failed', reason: 'not-linked-to-pds', nhsNumber: null, at: '2026-01-15T09:00:00.000Z' },
      { runId: 1, seq: second.seq, outcome: 'failed', reason: 'not-linked-to-pds', nhsNumber: '9990000018', at: '2026-01-15T09:00:01.000Z' },
    ]);
    const [header, a, b, ...rest] = readCsv(await streamText(failuresCsvStream(db, 1, null)));
    expect(header).toEqual(['NHS number', 'Patient record', 'Name', 'Reason', 'Time']);
    expect(a?.slice(0, 3)).toEqual(['', "'-23", `'=HYPERLINK("HTTP://EXAMPLE.TEST"), Ann`]);
    // A comma in a name stays in its cell; the '@' is not first in the cell, so nothing is added.
    expect(b?.slice(0, 3)).toEqual(['9990000018', 'p2', 'SMITH, JONES, @Bob']);
    expect(a?.[3]).toContain('not linked to PDS');
    expect(rest).toEqual([]);
  });
});

describe('message monitor CSV', () => {
  it("a Spine's failure reason that would run as a formula is shown as text; one with line breaks stays one cell", async () => {
    const db = open();
    const [a, b, c] = demoOutboxRows(3);
    if (a === undefined || b === undefined || c === undefined) throw new Error('no rows');
    const failed = (row: OutboxMessage, failure: string): OutboxMessage => ({ ...row, state: 'failed', failure, failureCode: 'rejected', attempts: [{ at: '2026-01-01T09:01:00.000Z', status: 400, error: failure }] });
    await db.outbox.bulkAdd([failed(a, '+cmd|" /C calc"!A0'), failed(b, '\r=1+1'), failed(c, 'Invalid:\r\n"code", see PSIS-30134')]);
    const records = readCsv(await streamText(messagesCsvStream(db, { runId: 1, state: null, failureCode: null, nhsNumber: null })));
    const reason = (row: OutboxMessage) => records.find((r) => r[8] === row.requestId)?.[7];
    expect(records).toHaveLength(4);
    expect(reason(a)).toBe(`'+cmd|" /C calc"!A0`);
    expect(reason(b)).toBe("'\r=1+1");
    expect(reason(c)).toBe('Invalid:\r\n"code", see PSIS-30134');
  });
});

describe('import report CSV', () => {
  it('a file named like a formula is shown as text in the File column', async () => {
    const DIR = new URL('../../fixtures/extract/', import.meta.url);
    const base = readdirSync(new URL('base/', DIR)).map((n) => file(n, new Uint8Array(readFileSync(new URL(`base/${n}`, DIR)))));
    const db = openDb('csv-import');
    await runImport(db, [...base, file('=cmd|calc.ndjson', 'not json\n')]);
    const records = readCsv(await (await importReportCsv(db)).text());
    expect(records[0]).toEqual(['File', 'Line', 'Severity', 'Reason code', 'Reason']);
    const rows = records.slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[0] === "'=cmd|calc.ndjson")).toBe(true);
  });
});
