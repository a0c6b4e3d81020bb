// Jobs that replace or remove the practice data: loading the demo practice, importing a practice
// extract, and deleting the practice data; each under the job lock, refused while a run is
// unfinished, reported through the job state and the log.

import type { ScrDatabase } from '../../db/database';
import { DEFAULT_DEMO_SEED, MAX_DEMO_SIZE } from '../../demo/generatePatients';
import { localIsoDate } from '../../domain/localDate';
import { fail, ok, toEngineError, type Result } from '../../shared/errors';
import type { ImportOutcome, ImportProgress } from '../../shared/importTypes';
import { loadDemoPractice } from '../demoLoader';
import { deletePracticeData, exportPractice, importPractice, type ExportedFile, type ImportSource } from '../import';
import type { Clock } from '../ports';
import { latestRun } from '../run/runStore';
import type { JobHost } from './jobHost';
import { unfinished } from './runActions';

export interface DemoLoadOptions {
  readonly size: number;
  readonly seed?: number;
}

export interface PracticeJobsDeps {
  readonly host: JobHost;
  readonly db: ScrDatabase;
  readonly clock: Clock;
}

export class PracticeJobs {
  constructor(private readonly deps: PracticeJobsDeps) {}

  /**
   * Starts loading the demo practice and returns once the job has started (or could not).
   * Progress and the end come as status events.
   */
  async startDemoLoad(options: DemoLoadOptions): Promise<Result<null>> {
    const { size } = options;
    if (!Number.isInteger(size) || size < 1 || size > MAX_DEMO_SIZE) {
      return fail('invalid-argument', `The demo practice size must be a whole number from 1 to ${MAX_DEMO_SIZE.toLocaleString('en-GB')}; got ${String(size)}.`);
    }
    const refused = await this.refusal('resume or finish it before replacing the practice data');
    if (refused) return refused;
    const seed = options.seed ?? DEFAULT_DEMO_SEED;
    return this.deps.host.startJob<null>((started) => {
      started(null);
      return this.loadDemo(size, seed);
    });
  }

  /**
   * Imports a practice extract (FHIR R4 NDJSON files or one Bundle) in place of the practice
   * data. Refused while a run is unfinished; the previous practice data stays until the new data
   * is complete and then switches in one step. Returns once the job has started.
   */
  async startImport(files: readonly ImportSource[]): Promise<Result<null>> {
    if (files.length === 0) return fail('invalid-argument', 'Choose at least one file of the practice extract.');
    const refused = await this.refusal('resume or finish it before replacing the practice data');
    if (refused) return refused;
    return this.deps.host.startJob<null>((started) => {
      started(null);
      return this.runImport(files);
    });
  }

  /**
   * Removes every patient's data from this browser: the patients, their queued and sent
   * messages, the outcome rows and the import staging. The log and the runs' statistics stay.
   * Refused while a run is unfinished.
   */
  async deletePracticeData(): Promise<Result<null>> {
    const refused = await this.refusal('finish it before deleting the practice data');
    if (refused) return refused;
    const { host, db } = this.deps;
    return host.startJob<null>(async (started) => {
      started(null);
      host.dispatch({ type: 'delete-started' });
      try {
        const { patientsDeleted } = await deletePracticeData(db);
        const messages = await db.outbox.count();
        // Messages hold each patient's summary and outcome rows their NHS number: patient data too.
        await db.transaction('rw', [db.outbox, db.outcomes], async () => {
          await db.outbox.clear();
          await db.outcomes.clear();
        });
        await host.log('info', `Practice data deleted from this browser: ${patientsDeleted.toLocaleString('en-GB')} patients and ${messages.toLocaleString('en-GB')} messages. The log and the runs' statistics are kept.`);
        host.announce('practice-changed');
        host.announce('messages-changed');
        host.dispatch({ type: 'job-finished' });
      } catch (e) {
        const error = toEngineError(e);
        host.dispatch({ type: 'job-failed', job: 'delete', error });
        await host.log('error', `Deleting the practice data failed: ${error.message}`).catch(() => undefined);
      }
    });
  }

  /** The stored practice in the import format, one NDJSON file per resource type. */
  exportPractice(): Promise<ExportedFile[]> {
    return exportPractice(this.deps.db);
  }

  /** Cancel, for a demo load or an import: it stops at its next safe point. */
  cancel(): Result<null> {
    const phase = this.deps.host.state.phase;
    if (phase !== 'loading-demo' && phase !== 'importing') return fail('invalid-argument', 'There is no job to cancel.');
    this.deps.host.dispatch({ type: 'cancel-requested' });
    return ok(null);
  }

  /** Why the practice data cannot be replaced now (null when it can). */
  private async refusal(unfinishedAdvice: string): Promise<Result<never> | null> {
    if (this.deps.host.busy()) return fail('busy', 'Another job is already running.');
    if (unfinished(await latestRun(this.deps.db))) return fail('unfinished-run', `An upload run is unfinished: ${unfinishedAdvice}.`);
    return null;
  }

  /** Read afresh at each safe point of a demo load or import: Cancel may have come meanwhile. */
  private cancelRequested(): boolean {
    const state = this.deps.host.state;
    return (state.phase === 'loading-demo' || state.phase === 'importing') && state.cancelRequested;
  }

  private async loadDemo(size: number, seed: number): Promise<void> {
    const { db, clock, host } = this.deps;
    const startedAtMs = clock.now();
    host.dispatch({ type: 'demo-load-started', total: size, startedAt: new Date(startedAtMs).toISOString() });
    try {
      await host.log('info', `Loading the demo practice: ${size.toLocaleString('en-GB')} patients (seed ${seed}).`);
      const outcome = await loadDemoPractice(db, { size, seed, asOf: localIsoDate(startedAtMs) }, {
        onProgress: (done, total) => host.dispatch({ type: 'demo-load-progress', done, total }),
        isCancelled: () => this.cancelRequested(),
        now: () => host.nowIso(),
      });
      const seconds = ((clock.now() - startedAtMs) / 1000).toFixed(1);
      if (outcome.kind === 'loaded') await host.log('info', `Demo practice loaded: ${size.toLocaleString('en-GB')} patients in ${seconds} s.`);
      else await host.log('warning', 'Loading the demo practice was cancelled; no practice data is stored.');
      host.announce('practice-changed');
      host.dispatch({ type: 'job-finished' });
    } catch (e) {
      const error = toEngineError(e);
      host.dispatch({ type: 'job-failed', job: 'loading-demo', error });
      await host.log('error', `Loading the demo practice failed: ${error.message}`).catch(() => undefined);
    }
  }

  private async runImport(files: readonly ImportSource[]): Promise<void> {
    const { db, host } = this.deps;
    const startedAt = host.nowIso();
    const bytesTotal = files.reduce((sum, f) => sum + f.blob.size, 0);
    const first: ImportProgress = { phase: 'reading', bytesDone: 0, bytesTotal, resources: 0, problems: 0, file: files[0]?.name ?? null, patientsWritten: 0, patientsTotal: 0 };
    host.dispatch({ type: 'import-started', progress: first, startedAt });
    try {
      await host.log('info', `Importing a practice extract: ${files.length.toLocaleString('en-GB')} file${files.length === 1 ? '' : 's'}, ${(bytesTotal / 1_048_576).toFixed(1)} MB.`);
      const outcome = await importPractice(db, files, {
        onProgress: (progress) => host.dispatch({ type: 'import-progress', progress }),
        isCancelled: () => this.cancelRequested(),
        now: () => host.nowIso(),
      });
      await host.log(outcome.kind === 'imported' ? 'info' : 'warning', importLogText(outcome));
      host.announce('practice-changed');
      host.dispatch({ type: 'job-finished' });
    } catch (e) {
      const error = toEngineError(e);
      host.dispatch({ type: 'job-failed', job: 'import', error });
      await host.log('error', `The import failed; the previous practice data is unchanged: ${error.message}`).catch(() => undefined);
    }
  }
}

/** The log line for an import's end. */
function importLogText(outcome: ImportOutcome): string {
  const s = outcome.summary;
  const problems = `${s.errors.toLocaleString('en-GB')} lines with errors and ${s.warnings.toLocaleString('en-GB')} warnings (see the import report)`;
  switch (outcome.kind) {
    case 'imported':
      return `Practice extract imported: ${s.patients.toLocaleString('en-GB')} patients${s.practice ? ` of ${s.practice.name} (${s.practice.odsCode})` : ''}; ${problems}. It replaced the previous practice data.`;
    case 'cancelled':
      return `The import was cancelled; the previous practice data is unchanged (${problems}).`;
    case 'rejected':
      return `The extract was not imported: ${outcome.message} The previous practice data is unchanged (${problems}).`;
  }
}
