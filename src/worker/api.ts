// The engine's API as the UI sees it through Comlink. The UI imports only this file's TYPE
// (`import type { EngineApi }`), so no engine code can reach the main bundle. Every method
// returns plain data; failures come back as `Result` errors with a code, never as thrown errors.

import * as Comlink from 'comlink';
import type { LogEntry } from '../db/records';
import type { Practice } from '../domain/model/practice';
import type { EngineListener, EngineStatus } from '../shared/engineState';
import { fail, ok, type Result } from '../shared/errors';
import type { AdjustableClock } from './testClock';
import { importReportCsv, latestImport, readImportReport, type ExportedFile, type ImportSource } from './import';
import type { ImportReportPage, LatestImport } from '../shared/importTypes';
import type { DemoLoadOptions, Engine } from './engine';
import type { RunKind, RunRecord } from '../domain/model/runs';
import type { FailedReason } from '../domain/eligibility';
import type { PatientPreview } from '../domain/preview';
import type { FailurePage } from './run/failures';
import type { PatientListItem } from './patientLookup';
import type { ScrDatabase } from '../db/database';
import type { MessageDetail, MessageFilter, MessagePage, MinuteTally } from '../shared/monitor';
import type { OutboxCounts } from '../shared/sendingStatus';
import type { SettingsFormValues } from '../domain/settings/formValues';
import type { SigningKeyInfo } from '../domain/settings/publicKey';
import type { SaveSettingsResult, SendingSettingsView } from './send/sendingSettingsService';
import type { AuthorView, SaveAuthorResult } from './authorService';
import type { AuthorFormValues } from '../domain/author/authorForm';
import type { StoredSchedule } from './schedule/scheduleStore';
import type { ScheduleInput } from '../domain/schedule/types';
import type { ScheduleValidation } from '../domain/schedule/validateSchedule';
import { listMessages, messageDetail, messagesCsvStream } from './monitor/messageQueries';
import { transferred } from './exports/transferred';
import type { ConnectionTestResult } from '../shared/connectionTest';
import { testSavedConnection } from './send/connectionProbe';

export function createEngineApi(engine: Engine, hub: { subscribe(listener: EngineListener): () => void }, db: ScrDatabase, testClock: AdjustableClock | null = null) {
  // Read-only queries change nothing, so they go straight to the database, past the job state.
  const queries = engine.queries;
  return {
    /** Answers at once; the bridge uses it to notice a worker that stopped answering. */
    ping: (): 'pong' => 'pong',
    status: (): EngineStatus => engine.status(),
    practice: (): Promise<Practice | null> => queries.practice(),
    startDemoLoad: (options: DemoLoadOptions): Promise<Result<null>> => engine.startDemoLoad(options),
    cancel: (): Result<null> => engine.cancel(),
    latestRun: (): Promise<RunRecord | null> => queries.latestRun(),
    /** Run, Rerun or Failed. */
    startRun: (kind: RunKind): Promise<Result<{ runId: number }>> => engine.startRun(kind, 'user'),
    resume: (): Promise<Result<{ runId: number }>> => engine.resume('user'),
    /** Pause, from any tab: carried out by the tab that holds the job. */
    pause: (): Promise<Result<null>> => engine.requestStopFromAnyTab('pause'),
    /** Cancel Upload, from any tab: stops at the next checkpoint; the run stays resumable. */
    stop: (): Promise<Result<null>> => engine.requestStopFromAnyTab('stop'),
    /** Discard this run: ends the unfinished run for good; unsent messages are dropped, what was acknowledged stays. */
    discardRun: (): Promise<Result<{ dropped: number }>> => engine.discardRun(),
    /** The latest run that completed (Run is refused once there is one; Rerun and Failed are offered). */
    latestCompletedRun: (): Promise<RunRecord | null> => queries.latestCompletedRun(),
    listFailures: (runId: number, reason: FailedReason | null, offset: number, limit: number): Promise<FailurePage> => queries.listFailures(runId, reason, offset, limit),
    /** Exports are streams handed over at once and read as the worker writes them: no call waits on a whole file. */
    failuresCsv: (runId: number, reason: FailedReason | null): ReadableStream<Uint8Array> => transferred(queries.failuresCsv(runId, reason)),
    findPatients: (query: string, offset: number, limit: number): Promise<PatientListItem[]> => queries.findPatients(query, offset, limit),
    preview: (seq: number): Promise<Result<{ patient: PatientListItem; preview: PatientPreview }>> => queries.preview(seq),
    readLog: (afterId: number, limit: number): Promise<LogEntry[]> => queries.readLog(afterId, limit),
    logFile: (): ReadableStream<Uint8Array> => transferred(queries.logFile()),
    /** The message monitor: a run's messages in pages, one in full, and as CSV. */
    listMessages: (filter: MessageFilter, offset: number, limit: number): Promise<MessagePage> => listMessages(db, filter, Math.max(0, offset), Math.min(Math.max(1, limit), 200)),
    messageDetail: (requestId: string): Promise<MessageDetail | null> => messageDetail(db, requestId),
    messagesCsv: (filter: MessageFilter): ReadableStream<Uint8Array> => transferred(messagesCsvStream(db, filter)),
    /** Failed messages of the latest run (the ones named, or all) get new attempts, same request ids. */
    reprocessMessages: (runId: number, requestIds: readonly string[] | null): Promise<Result<{ count: number }>> => engine.reprocessMessages(runId, requestIds),
    sendsPerMinute: (): MinuteTally[] => engine.sendsPerMinute(),
    runMessageCounts: (runId: number): Promise<OutboxCounts> => queries.runMessageCounts(runId),
    /** The browser's online/offline events: sending waits while offline. */
    setOnline: (online: boolean): void => engine.setOnline(online),
    /** The settings screen: read, validate and save, a session token, the signing key. */
    sendingSettings: (): Promise<SendingSettingsView> => engine.sendingSettings.view(),
    saveSendingSettings: (values: SettingsFormValues): Promise<SaveSettingsResult> => engine.sendingSettings.save(values),
    setSessionToken: (token: string): Result<null> => engine.sendingSettings.setSessionToken(token),
    createSigningKey: (): Promise<Result<SigningKeyInfo>> => engine.sendingSettings.createSigningKey(),
    /** Settings' Test connection: the saved settings' token exchange and a test message the Spine refuses, nothing stored. */
    testConnection: (): Promise<ConnectionTestResult> => testSavedConnection(db, () => engine.sendingSettings.view(), () => engine.transmission.bearerToken()),
    /** The summary's author (practice and responsible clinician): read, validate and save. */
    author: (): Promise<AuthorView> => engine.author.view(),
    saveAuthor: (values: AuthorFormValues): Promise<SaveAuthorResult> => engine.author.save(values),
    /** Import a practice extract (files or a folder's files, each with its name or path). */
    startImport: (files: readonly ImportSource[]): Promise<Result<null>> => engine.startImport(files),
    latestImport: (): Promise<LatestImport | null> => latestImport(db),
    importReport: (offset: number, limit: number): Promise<ImportReportPage> => readImportReport(db, Math.max(0, offset), Math.min(Math.max(1, limit), 500)),
    importReportCsv: (): Promise<Blob> => importReportCsv(db),
    exportPractice: (): Promise<ExportedFile[]> => engine.exportPractice(),
    deletePracticeData: (): Promise<Result<null>> => engine.deletePracticeData(),
    /** The schedule: read, set from the form (with the run it starts), clear, cancel the automatic resume. */
    schedule: (): Promise<StoredSchedule | null> => engine.schedule(),
    setSchedule: (input: ScheduleInput, kind: RunKind | null): Promise<ScheduleValidation> => engine.setSchedule(input, kind),
    clearSchedule: (): Promise<boolean> => engine.clearSchedule(),
    cancelScheduledResume: (): Promise<boolean> => engine.cancelScheduledResume(),
    /** Test builds only: moves the engine's clock forward (ms), then checks the schedule at once. */
    advanceTestClock: async (ms: number): Promise<Result<null>> => {
      if (testClock === null) return fail('invalid-argument', 'Only a test build can move the clock.');
      testClock.advance(ms);
      await engine.scheduler.tick();
      return ok(null);
    },
    /** Registers a listener; returns a proxied function that unsubscribes it. */
    subscribe: (listener: EngineListener): (() => void) => Comlink.proxy(hub.subscribe(listener)),
  };
}

export type EngineApi = ReturnType<typeof createEngineApi>;
