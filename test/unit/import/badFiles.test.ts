// The bad-file corpus (test/fixtures/extract/corpus/, expectations in corpus.expected.json):
// every kind of bad input the issue lists, each reported with its file, line and reason, while
// every valid line around it is still imported. Plus what cannot be a checked-in file: a line of
// several megabytes.

import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readImportReport, importReportCsv } from '../../../src/worker/import/reportStore';
import { MAX_LINE_BYTES } from '../../../src/worker/import/importPractice';
import { closeAll, file, openDb, runImport } from './support';

const DIR = new URL('../../fixtures/extract/', import.meta.url);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, DIR)));
const base = () => readdirSync(new URL('base/', DIR)).map((n) => file(n, read(`base/${n}`)));

type ExpectedRow = [number | null, 'error' | 'warning', string, string];
interface Expected {
  readonly accepted: number;
  readonly rows: readonly ExpectedRow[];
  readonly resourcesByType: Readonly<Record<string, number>>;
}
const expected = JSON.parse(readFileSync(new URL('corpus.expected.json', DIR), 'utf-8')) as Record<string, Expected | string>;
const cases = Object.entries(expected).filter((e): e is [string, Expected] => typeof e[1] !== 'string');

afterEach(closeAll);

describe('the bad-file corpus', () => {
  it('covers every file in the corpus folder', () => {
    expect(cases.map(([name]) => name).sort()).toEqual(readdirSync(new URL('corpus/', DIR)).sort());
  });

  it.each(cases)('%s: reported by file, line and reason; the valid lines are imported', async (name, want) => {
    const db = openDb();
    const { outcome } = await runImport(db, [...base(), file(name, read(`corpus/${name}`))]);
    expect(outcome.kind).toBe('imported');
    const report = await readImportReport(db, 0, 100);
    const rows = report.rows.filter((r) => r.file === name);
    expect(rows.map((r) => [r.line, r.severity, r.code])).toEqual(want.rows.map(([line, severity, code]) => [line, severity, code]));
    rows.forEach((r, i) => expect(r.reason).toContain(want.rows[i]?.[3]));
    // Nothing is reported against the good files.
    expect(report.rows.filter((r) => r.file !== name)).toEqual([]);
    expect(outcome.summary.files.find((f) => f.name === name)?.accepted).toBe(want.accepted);
    expect(outcome.summary.resourcesByType).toEqual(want.resourcesByType);
    expect(outcome.summary.errors + outcome.summary.warnings).toBe(want.rows.length);
  });

  it('the report downloads as CSV with the same rows', async () => {
    const db = openDb();
    await runImport(db, [...base(), file('ids.ndjson', read('corpus/ids.ndjson')), file('scan.png', read('corpus/scan.png'))]);
    const csv = await (await importReportCsv(db)).text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('File,Line,Severity,Reason code,Reason');
    expect(lines[1]).toBe('ids.ndjson,2,error,missing-id,the resource has no id');
    expect(lines[3]).toBe('ids.ndjson,4,error,duplicate-id,MedicationRequest m4 appeared earlier in the extract: this one is ignored');
    // A file-level problem has no line; a reason with a comma is quoted.
    expect(lines[5]).toBe('scan.png,,error,binary-file,"byte 9 is a NUL byte: this is a binary file, not FHIR JSON text"');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe('');
  });
});

describe('a line of many megabytes', () => {
  it('is reported and skipped without stopping the file; the lines after it are imported', async () => {
    const good = (id: string) => JSON.stringify({ resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://read.info/readv2', code: '9Ndo.' }] }, subject: { reference: 'Patient/pat-1' }, effectiveDateTime: '2025-01-02' });
    const huge = JSON.stringify({ resourceType: 'Observation', id: 'huge', note: [{ text: 'x'.repeat(MAX_LINE_BYTES + 1_000_000) }] });
    const db = openDb();
    const { outcome } = await runImport(db, [...base(), file('Observation.ndjson', [good('o1'), huge, good('o2')].join('\n') + '\n')]);
    const report = await readImportReport(db, 0, 10);
    expect(report.rows.map((r) => [r.file, r.line, r.code])).toEqual([['Observation.ndjson', 2, 'line-too-long']]);
    expect(report.rows[0]?.reason).toMatch(/^the line is 5\.0 MiB long, over the 4 MiB limit: skipped without reading it$/);
    expect(outcome.summary.resourcesByType['Observation']).toBe(2);
  });

  it('as the last line, with no newline after it, is reported too', async () => {
    const db = openDb();
    await runImport(db, [...base(), file('Observation.ndjson', `{"resourceType":"Observation","id":"z","x":"${'y'.repeat(2_000)}"}`)], { maxLineBytes: 1_000 });
    const report = await readImportReport(db, 0, 10);
    expect(report.rows.map((r) => [r.line, r.code])).toEqual([[1, 'line-too-long']]);
  });
});
