// The practice-extract import as the engine uses it: import, export, the error report, the
// latest import's summary, and deleting the practice data. Types are in src/shared/importTypes.ts.

export { importPractice, MAX_LINE_BYTES, type ImportOptions, type ImportSource } from './importPractice';
export { exportPractice, type ExportedFile } from './exportPractice';
export { importReportCsv, latestImport, readImportReport } from './reportStore';
export { currentPatient, deletePracticeData, purgeStalePatients } from './practiceData';
