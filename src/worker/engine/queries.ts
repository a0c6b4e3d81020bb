// Read-only queries for the screens: the practice, runs, Upload Errors, patients and their
// preview, the log and a run's message counts. They read the database and change nothing, so
// api.ts calls them directly and no job state is involved.

import type { ScrDatabase } from '../../db/database';
import { readLog } from '../../db/logStore';
import type { LogEntry } from '../../db/records';
import type { RunRecord } from '../../domain/model/runs';
import type { Practice } from '../../domain/model/practice';
import { isCompleteAuthor } from '../../domain/author/validateAuthor';
import type { FailedReason } from '../../domain/eligibility';
import { localIsoDate } from '../../domain/localDate';
import { previewPatient, type PatientPreview } from '../../domain/preview';
import { fail, ok, type Result } from '../../shared/errors';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { loadAuthor } from '../authorStore';
import { logTextStream } from '../exports/logStream';
import { currentPatient } from '../import';
import { findPatients, toListItem, type PatientListItem } from '../patientLookup';
import type { Clock } from '../ports';
import { failuresCsvStream, listFailures, type FailurePage } from '../run/failures';
import { latestCompletedRun, latestRun } from '../run/runStore';
import { countRunByState } from '../send/outboxStore';

export function engineQueries(db: ScrDatabase, clock: Clock) {
  const practice = async (): Promise<Practice | null> => (await db.practice.get('practice')) ?? null;
  return {
    practice,
    latestRun: (): Promise<RunRecord | null> => latestRun(db),
    /** The latest run that completed (Run is refused once there is one; Rerun and Failed are offered). */
    latestCompletedRun: (): Promise<RunRecord | null> => latestCompletedRun(db),
    listFailures: (runId: number, reason: FailedReason | null, offset: number, limit: number): Promise<FailurePage> => listFailures(db, runId, reason, Math.max(0, offset), Math.min(Math.max(1, limit), 500)),
    /** The Upload Errors CSV, streamed a page of rows at a time. */
    failuresCsv: (runId: number, reason: FailedReason | null): ReadableStream<Uint8Array> => failuresCsvStream(db, runId, reason),
    findPatients: (query: string, offset: number, limit: number): Promise<PatientListItem[]> => findPatients(db, query, Math.max(0, offset), Math.min(Math.max(1, limit), 200)),
    /** The summary as it would be sent today, and why the patient qualifies or not. */
    preview: async (seq: number): Promise<Result<{ patient: PatientListItem; preview: PatientPreview }>> => {
      const [patient, current] = await Promise.all([currentPatient(db, seq), practice()]);
      if (!current) return fail('no-practice', 'There is no practice data.');
      if (!patient) return fail('invalid-argument', `There is no patient with list position ${seq}.`);
      const now = clock.now();
      const author = await loadAuthor(db);
      return ok({ patient: toListItem(patient), preview: previewPatient(patient, current, localIsoDate(now), new Date(now).toISOString(), author !== null && isCompleteAuthor(author) ? author : null) });
    },
    readLog: (afterId: number, limit: number): Promise<LogEntry[]> => readLog(db, afterId, Math.min(Math.max(1, limit), 1_000)),
    /** The whole log for download, streamed a page of entries at a time. */
    logFile: (): ReadableStream<Uint8Array> => logTextStream(db),
    /** A run's messages by state (for statistics of a run that is not running here). */
    runMessageCounts: (runId: number): Promise<OutboxCounts> => countRunByState(db, runId),
  };
}

export type EngineQueries = ReturnType<typeof engineQueries>;
