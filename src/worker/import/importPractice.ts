// Imports a practice extract (docs/practice-extract.md) into staging and switches to it in one
// step. The engine runs this as a job under the cross-tab job lock.
//
//   1. reading: each file is streamed (sourceReader.ts), each resource mapped and checked
//      (collector.ts) and staged in hash buckets (staging.ts); bad lines go to the report;
//   2. joining: bucket by bucket, clinical items are attached to their patients and the Patient
//      records are written ABOVE every stored seq (join.ts), while the previous practice data
//      stays current and readable;
//   3. the switch: the practice row, the new patient range and the summary in ONE transaction
//      (practiceData.ts); only now does the app see the new data;
//   4. tidying: the replaced patients and the staging rows are deleted.
// Cancelled, rejected or failed before step 3, the previous practice data is exactly as it was;
// the rows written so far are stale and are deleted (here, or by the next load or import).

import type { ScrDatabase } from '../../db/database';
import type { Practice } from '../../domain/model/practice';
import type { ImportFileSummary, ImportOutcome, ImportPhase, ImportProgress, ImportRejection, ImportSummary, LatestImport } from '../../shared/importTypes';
import { ExtractCollector, type FileCounts } from './collector';
import { joinStaged } from './join';
import { clearStaging, nextFreeSeq, purgeStalePatients, switchPractice } from './practiceData';
import { authorAfterImport } from '../../domain/author/practiceAuthor';
import { ReportWriter } from './reportWriter';
import { readSource } from './sourceReader';
import { Stager } from './staging';

/** Longest NDJSON line (bytes) or Bundle entry (characters) read; longer ones are reported. */
export const MAX_LINE_BYTES = 4 * 1_048_576;
/** Least time between two progress reports, in milliseconds. */
const PROGRESS_INTERVAL_MS = 100;

export interface ImportSource {
  /** The file's name (a dropped folder's files: their path inside it). */
  readonly name: string;
  readonly blob: Blob;
}

export interface ImportOptions {
  onProgress(progress: ImportProgress): void;
  isCancelled(): boolean;
  /** ISO instant, from the engine's clock. */
  now(): string;
  /** Test seam: a smaller line limit. */
  readonly maxLineBytes?: number;
}

/** Files are read in name order, so the same files give the same practice data in any drop order. */
const byName = (a: ImportSource, b: ImportSource): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function importPractice(db: ScrDatabase, sources: readonly ImportSource[], options: ImportOptions): Promise<ImportOutcome> {
  const startedAt = options.now();
  const files = [...sources].sort(byName);
  const names = files.map((f) => f.name);
  const bytesTotal = files.reduce((n, f) => n + f.blob.size, 0);
  const report = new ReportWriter();
  const stager = new Stager(db, report);
  const collector = new ExtractCollector(stager, report, names);
  const fileSummaries: ImportFileSummary[] = [];

  let phase: ImportPhase = 'reading';
  let bytesBefore = 0;
  let bytesDone = 0;
  let currentFile: string | null = null;
  let written = 0;
  let lastReport = -Infinity;
  const progress = (force: boolean): void => {
    const at = Date.now();
    if (!force && at - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = at;
    options.onProgress({ phase, bytesDone, bytesTotal, resources: collector.accepted, problems: report.total, file: currentFile, patientsWritten: written, patientsTotal: collector.patientOrdinals.size });
  };

  const summary = (patients: number, resourcesByType: Readonly<Record<string, number>>): ImportSummary => ({
    startedAt,
    finishedAt: options.now(),
    files: fileSummaries,
    patients,
    resourcesByType,
    problemsByCode: { ...report.byCode },
    errors: report.errors,
    warnings: report.warnings,
    practice: collector.practice && { name: collector.practice.name, odsCode: collector.practice.odsCode },
  });

  /** Ends without switching: the previous practice data stays; what this import wrote is deleted. */
  const endUnswitched = async (outcome: ImportOutcome): Promise<ImportOutcome> => {
    phase = 'tidying';
    currentFile = null;
    progress(true);
    const chunks = report.takeAll();
    if (chunks.length) await db.importReport.bulkAdd(chunks);
    await purgeStalePatients(db);
    await clearStaging(db);
    await storeLatest(db, outcome);
    return outcome;
  };
  const reject = (reason: ImportRejection, message: string): Promise<ImportOutcome> => endUnswitched({ kind: 'rejected', reason, message, summary: summary(0, {}) });

  // Whatever a crashed load or import left, and the previous import's report, go first.
  await purgeStalePatients(db);
  await db.transaction('rw', db.importStage, db.importJoined, db.importReport, db.importLatest, async () => {
    await db.importStage.clear();
    await db.importJoined.clear();
    await db.importReport.clear();
    await db.importLatest.clear();
  });
  const base = await nextFreeSeq(db);
  progress(true);

  try {
    if (files.length === 0) return await reject('no-files', 'No files were given.');
    for (const [index, file] of files.entries()) {
      currentFile = file.name;
      const counts: FileCounts = { records: 0, accepted: 0, problems: 0 };
      const end = await readSource(file.name, file.blob, { maxLineBytes: options.maxLineBytes ?? MAX_LINE_BYTES }, {
        isCancelled: () => options.isCancelled(),
        onRecords: async (records, bytesRead) => {
          collector.take(index, records, counts);
          bytesDone = bytesBefore + bytesRead;
          progress(false);
          await stager.maybeFlush();
        },
      });
      fileSummaries.push({ name: file.name, bytes: file.blob.size, format: end.format, ...counts });
      if (end.cancelled) {
        await stager.abandon();
        return await endUnswitched({ kind: 'cancelled', summary: summary(0, {}) });
      }
      bytesBefore += file.blob.size;
      bytesDone = bytesBefore;
    }
    await stager.finish();
    currentFile = null;

    if (collector.practice === null) return await reject('no-practice', 'The extract has no usable Organization for the practice (name and ODS code): nothing was imported.');
    if (collector.patientOrdinals.size === 0) return await reject('no-patients', 'The extract has no patient that could be imported: nothing was imported.');

    phase = 'joining';
    progress(true);
    const joined = await joinStaged(db, base, names, report, {
      isCancelled: () => options.isCancelled(),
      onProgress: (n) => {
        written = n;
        progress(false);
      },
    });
    if (joined.kind === 'cancelled') return await endUnswitched({ kind: 'cancelled', summary: summary(0, {}) });

    const chunks = report.takeAll();
    if (chunks.length) await db.importReport.bulkAdd(chunks);
    const outcome: ImportOutcome = { kind: 'imported', summary: summary(joined.patients, joined.resourcesByType) };
    const practice: Practice = {
      key: 'practice',
      name: collector.practice.name,
      odsCode: collector.practice.odsCode,
      source: 'import',
      demo: null,
      loadedAt: options.now(),
      stats: joined.stats,
    };
    const organisation = collector.practice;
    await switchPractice(db, practice, base, base + joined.patients - 1, (current) => authorAfterImport(current, organisation), () => db.importLatest.put({ key: 'latest', ...toLatest(outcome) }).then(() => undefined));

    phase = 'tidying';
    progress(true);
    await purgeStalePatients(db);
    await clearStaging(db);
    return outcome;
  } catch (e) {
    // A failed write (a full disk, a closed database): leave nothing half-made behind, as far as
    // the database still lets us; the previous practice data was never touched.
    await purgeStalePatients(db).catch(() => undefined);
    await clearStaging(db).catch(() => undefined);
    throw e;
  }
}

function toLatest(outcome: ImportOutcome): LatestImport {
  return {
    outcome: outcome.kind,
    rejection: outcome.kind === 'rejected' ? outcome.reason : null,
    message: outcome.kind === 'rejected' ? outcome.message : null,
    summary: outcome.summary,
  };
}

async function storeLatest(db: ScrDatabase, outcome: ImportOutcome): Promise<void> {
  await db.importLatest.put({ key: 'latest', ...toLatest(outcome) });
}
