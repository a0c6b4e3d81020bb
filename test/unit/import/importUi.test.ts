// The import's presentational components as markup (rendered to HTML, no DOM): what the user
// reads while an import runs, at the end, and in the report table.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImportProgress, ImportReportRow, LatestImport } from '../../../src/shared/importTypes';
import { ImportFilePicker } from '../../../src/ui/import/ImportFilePicker';
import { ImportProgressView } from '../../../src/ui/import/ImportProgressView';
import { ImportReportTable } from '../../../src/ui/import/ImportReportTable';
import { ImportSummaryView } from '../../../src/ui/import/ImportSummaryView';

const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();

const summary: LatestImport['summary'] = {
  startedAt: '2026-01-15T12:00:00.000Z',
  finishedAt: '2026-01-15T12:01:00.000Z',
  files: [
    { name: 'Patient.ndjson', bytes: 2_048, format: 'ndjson', records: 3, accepted: 3, problems: 1 },
    { name: 'scan.png', bytes: 300, format: 'unreadable', records: 0, accepted: 0, problems: 1 },
  ],
  patients: 3,
  resourcesByType: { Patient: 3, MedicationRequest: 5 },
  problemsByCode: { 'invalid-nhs-number': 1, 'binary-file': 1 },
  errors: 1,
  warnings: 1,
  practice: { name: "St Mary's Health Centre", odsCode: 'Y90101' },
};

describe('ImportSummaryView', () => {
  it('imported: the new practice, resources by type, problems by reason, the files', () => {
    const t = text(renderToStaticMarkup(createElement(ImportSummaryView, { latest: { outcome: 'imported', rejection: null, message: null, summary } })));
    expect(t).toContain('Practice extract imported');
    expect(t).toContain("3 patients of St Mary's Health Centre (Y90101) are now the practice data.");
    expect(t).toContain('1 error (not imported) and 1 warning: see the report below.');
    expect(t).toContain('MedicationRequest 5 Patient 3');
    expect(t).toContain('Invalid NHS number (imported) 1 Binary file, not text 1');
    expect(t).toContain('scan.png (not read) 300 bytes 0 1');
  });

  it('rejected: says why and that the previous practice data is unchanged', () => {
    const t = text(renderToStaticMarkup(createElement(ImportSummaryView, { latest: { outcome: 'rejected', rejection: 'no-practice', message: 'The extract has no usable Organization for the practice (name and ODS code): nothing was imported.', summary } })));
    expect(t).toContain('Practice extract not imported');
    expect(t).toContain('nothing was imported. The previous practice data is unchanged.');
  });
});

describe('ImportReportTable', () => {
  const rows: ImportReportRow[] = [
    { file: 'Patient.ndjson', line: 12, severity: 'error', code: 'invalid-date', reason: 'birthDate "2023-02-30" is not a valid date' },
    { file: 'scan.png', line: null, severity: 'error', code: 'binary-file', reason: 'byte 9 is a NUL byte' },
  ];
  it('rows with file, line, severity and reason; the range; paging and the download', () => {
    const html = renderToStaticMarkup(createElement(ImportReportTable, { page: { rows, total: 52 }, offset: 50, pageSize: 50, onPage: () => undefined, onDownload: () => undefined }));
    const t = text(html);
    expect(t).toContain('Rows 51 to 52 of 52');
    expect(t).toContain('Patient.ndjson 12 Error: not imported birthDate "2023-02-30" is not a valid date');
    expect(t).toContain('scan.png whole file Error: not imported byte 9 is a NUL byte');
    expect(t).toContain('Download the report (CSV)');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Next rows<\/button>/);
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>Previous rows<\/button>/);
  });
  it('nothing at all when the report is empty', () => {
    expect(renderToStaticMarkup(createElement(ImportReportTable, { page: { rows: [], total: 0 }, offset: 0, pageSize: 50, onPage: () => undefined, onDownload: () => undefined }))).toBe('');
  });
});

describe('ImportProgressView and ImportFilePicker', () => {
  const progress: ImportProgress = { phase: 'reading', bytesDone: 3 * 1_048_576, bytesTotal: 12 * 1_048_576, resources: 12_345, problems: 7, file: 'MedicationRequest.ndjson', patientsWritten: 0, patientsTotal: 2_000 };
  it('reading: bytes, resources, problems, the file, and Cancel', () => {
    const t = text(renderToStaticMarkup(createElement(ImportProgressView, { progress, onCancel: () => undefined })));
    expect(t).toContain('Read: 3.0 MB of 12 MB (25%)');
    // Sizes as people read them, never raw byte counts beside them.
    expect(t).not.toContain('3,145,728');
    expect(t).toContain('Resources accepted 12,345 Problems found 7 Reading MedicationRequest.ndjson');
    expect(t).toContain('Cancel import');
  });
  it('joining: patients stored; no Cancel once it was asked', () => {
    const t = text(renderToStaticMarkup(createElement(ImportProgressView, { progress: { ...progress, phase: 'joining', file: null, patientsWritten: 500 }, onCancel: null })));
    expect(t).toContain('Patients stored: 500 of 2,000 (25%)');
    expect(t).not.toContain('Cancel import');
  });
  it('the picker says why importing is refused and disables its inputs', () => {
    const html = renderToStaticMarkup(createElement(ImportFilePicker, { onFiles: () => undefined, refusal: 'An upload run is in progress: import when it has finished.' }));
    expect(text(html)).toContain('Error: An upload run is in progress: import when it has finished.');
    expect(html.match(/<input[^>]*disabled=""/g)).toHaveLength(2);
    expect(html).toMatch(/<input[^>]*webkitdirectory=""/);
  });
});
