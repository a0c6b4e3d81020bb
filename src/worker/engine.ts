// The engine: owns the job state, runs jobs (loading the demo practice, upload runs) under the
// cross-tab job lock, and reports through the event hub. Everything it touches comes in as a
// dependency (ports.ts), so tests drive it in-process exactly as the worker does.

import type { ScrDatabase } from '../db/database';
import { appendLog, readLog } from '../db/logStore';
import { logTextStream } from './exports/logStream';
import type { LogEntry } from '../db/records';
import { isUnfinished, type RunKind, type RunRecord, type StopCause } from '../db/runRecords';
import type { Practice } from '../db/types';
import { DEFAULT_DEMO_SEED, MAX_DEMO_SIZE } from '../demo/generatePatients';
import type { EngineEvent, EngineStatus, JobState, RunStopping } from '../shared/engineState';
import { fail, ok, toEngineError, type EngineError, type Result } from '../shared/errors';
import { NO_PACE, type SendingPace } from '../shared/runProgress';
import { loadDemoPractice } from './demoLoader';
import { AuthorService } from './authorService';
import { loadAuthor } from './authorStore';
import { isCompleteAuthor, missingAuthor } from '../domain/author/validateAuthor';
import type { EventHub } from './eventHub';
import type { Clock, JobLocks, PeerChannel } from './ports';
import { completionLog, RUN_KIND_NAMES } from './run/completion';
import { runLoop, type LoopDeps } from './run/runLoop';
import { createRun, latestCompletedRun, latestRun, runsWithControl, setRunControl, unfinishedRun } from './run/runStore';
import { discardRun } from './run/discardRun';
import { discardedLogText, stoppedLogText, stopUnderWayText } from './run/stopText';
import { addPaceSample, sendingPace, type PaceSample } from './run/sendPace';
import { RUN_COMMAND_ANSWER_MS, type RunCommand } from './run/runCommands';
import { TRAINING_PRESETS } from './send/createSender';
import { failuresCsvStream, listFailures, type FailurePage } from './run/failures';
import { findPatients, toListItem, type PatientListItem } from './patientLookup';
import { previewPatient, type PatientPreview } from '../domain/preview';
import type { FailedReason } from '../domain/eligibility';
import type { MinuteTally } from '../shared/monitor';
import { unfinishedMessages, type OutboxCounts, type RunSending } from '../shared/sendingStatus';
import { countRunByState, reprocessFailed } from './send/outboxStore';
import { refusalLogText } from '../domain/sending/refusalText';
import { realSleeper, Wakeup, type Sleeper } from './send/sleeper';
import { Transmission, type TransmissionDeps } from './send/transmission';
import { loadSendingSettings } from './send/sendingStore';
import { SendingSettingsService } from './send/sendingSettingsService';
import { ScheduleTicker, type RunState, type TickSource } from './schedule/scheduleTicker';
import { currentPatient, deletePracticeData, exportPractice, importPractice, purgeStalePatients, type ExportedFile, type ImportSource } from './import';
import type { ImportOutcome, ImportProgress } from '../shared/importTypes';
import type { StoredSchedule } from './schedule/scheduleStore';
import type { ScheduleInput } from '../domain/schedule/types';
import type { ScheduleValidation } from '../domain/schedule/validateSchedule';

export interface EngineDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly locks: JobLocks;
  readonly peers: PeerChannel;
  readonly hub: EventHub;
  /** UUID v4 source for message ids; defaults to crypto.randomUUID. */
  readonly uuid?: () => string;
  /** Test seams for crash injection in the run loop. */
  readonly loopHooks?: LoopDeps['hooks'];
  readonly runPageSize?: number;
  /** Waiting (virtual in tests); real timers by default. */
  readonly sleeper?: Sleeper;
  /** The token endpoint's fetch, and the training Spine's randomness (tests inject both). */
  readonly fetch?: TransmissionDeps['fetch'];
  readonly trainingRandom?: () => number;
  /** The practice's IANA time zone (the browser's by default); schedule times are local to it. */
  readonly timeZone?: string;
  /** The scheduler's clock checks; once a second by default (tests fire them by hand). */
  readonly scheduleTicks?: TickSource;
  /** How long Pause or Cancel Upload asked in a tab without the job waits for the holder's answer (ms). */
  readonly runCommandAnswerMs?: number;
}

const DATABASE_REPLACED = { code: 'database-closed', message: 'A newer version of the app was opened in another tab and upgraded the database. Reload this tab to carry on with the new version; nothing is lost.' } as const;

/** Which run a scheduled start begins (stored when the schedule is set from Run, Rerun or Failed). */
const SCHEDULED_KIND_KEY = 'scheduled-run-kind';

/** How often a run waiting for its last messages re-counts them if nothing wakes it (ms). */
const DRAIN_CHECK_MS = 1_000;

/** Shortest gap between two samples of the sending counts for the rate (ms). */
const PACE_SAMPLE_MS = 250;

export interface DemoLoadOptions {
  readonly size: number;
  readonly seed?: number;
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A run that has not ended (completed or discarded): it can be resumed, and blocks a new one. */
function unfinished(run: RunRecord | null): RunRecord | null {
  return isUnfinished(run) ? run : null;
}

export class Engine {
  private job: JobState = { phase: 'idle' };
  private runsHere = false;
  /** The last status another tab's engine reported while it held the job lock. */
  private peerStatus: EngineStatus | null = null;
  private cancelRequested = false;
  /** The stop under way for the run going here, with its cause: the first request wins. */
  private stopRequest: RunStopping | null = null;
  /** Another tab upgraded the database: this worker's connection is closed for good. */
  private databaseReplaced = false;
  /** Samples of the running run's message counts, for the rate (sendPace.ts). */
  private paceSamples: PaceSample[] = [];
  private lastPaceSampleMs = Number.NEGATIVE_INFINITY;
  /** Pause or Cancel Upload asked of the tab holding the job, waiting for its answer, by id. */
  private readonly pendingCommands = new Map<string, (result: Result<null>) => void>();
  /** The Spine refusal that holds sending, as last written to the log (once per hold). */
  private loggedRefusal: string | null = null;
  private readonly uuid: () => string;
  private readonly sleeper: Sleeper;
  readonly transmission: Transmission;
  readonly sendingSettings: SendingSettingsService;
  readonly author: AuthorService;
  readonly scheduler: ScheduleTicker;
  /** Woken by sending progress and stop requests while a run waits for its last messages. */
  private readonly drainWakeup = new Wakeup();
  private settingsLoaded: Promise<void> | null = null;

  constructor(private readonly deps: EngineDeps) {
    this.uuid = deps.uuid ?? (() => crypto.randomUUID());
    this.sleeper = deps.sleeper ?? realSleeper;
    this.transmission = new Transmission(
      { db: deps.db, clock: deps.clock, sleeper: deps.sleeper, onChange: () => this.sendingChanged(), fetch: deps.fetch, random: deps.trainingRandom },
      { kind: 'training', speed: 'fast' },
    );
    this.sendingSettings = new SendingSettingsService(deps.db, deps.clock, this.transmission, (text) => this.log('info', text), () => this.ensureSettings());
    this.author = new AuthorService(deps.db, (text) => this.log('info', text));
    this.scheduler = new ScheduleTicker({
      db: deps.db,
      clock: deps.clock,
      timeZone: deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      ticks: deps.scheduleTicks,
      runState: () => this.scheduleRunState(),
      actions: {
        start: () => this.scheduledStart(),
        stop: () => this.scheduledHalt('stop'),
        pause: () => this.scheduledHalt('pause'),
        resume: () => this.scheduledResume(),
        log: (level, text) => this.log(level, text),
        changed: () => this.announce('schedule-changed'),
      },
    });
    // A newer version of the app opened in another tab upgrades the database: Dexie closes this
    // connection at once (a transaction in progress aborts whole, so the run stops at its last
    // checkpoint) and this tab must be reloaded to run the new version.
    deps.db.on('versionchange', () => {
      // Never reopen: this code does not know the newer schema (Dexie would otherwise reopen
      // at the newer version on the next use). After Dexie's own handler, which closes with
      // reopening allowed.
      queueMicrotask(() => deps.db.close({ disableAutoOpen: true }));
      this.databaseReplaced = true;
      this.stopRequest ??= { kind: 'stop', cause: { by: 'upgrade' } };
      this.drainWakeup.wake();
      this.updateRunning();
      if (this.job.phase !== 'running' && this.job.phase !== 'loading-demo' && this.job.phase !== 'importing') this.setJob({ phase: 'failed', job: 'database', error: DATABASE_REPLACED });
    });
    deps.peers.onMessage((message) => {
      if (message.type === 'run-command') {
        // Only the tab holding the job answers: it carries the command out.
        if (this.runsHere) deps.peers.post({ type: 'run-command-result', id: message.id, result: this.stopHere(message.command.kind, { by: 'user' }) });
      } else if (message.type === 'run-command-result') {
        this.pendingCommands.get(message.id)?.(message.result);
      } else if (message.type === 'status') {
        if (this.runsHere) return;
        const busy = message.status.job.phase !== 'idle' && message.status.job.phase !== 'failed';
        this.peerStatus = busy ? message.status : null;
        deps.hub.status(this.status());
        if (busy) this.watchPeer();
      } else {
        if (message.type === 'messages-changed' && this.runsHere) this.transmission.wake();
        deps.hub.emit({ type: message.type });
      }
    });
  }

  /** The stored sending settings, read once per worker before the first run. */
  ensureSettings(): Promise<void> {
    this.settingsLoaded ??= loadSendingSettings(this.deps.db).then(async ({ settings, rememberedToken }) => {
      await this.transmission.configure(settings);
      if (rememberedToken !== null) this.transmission.setBearerToken(rememberedToken);
    });
    return this.settingsLoaded;
  }

  /** Sending counts or holds changed: republish the running job (the hub throttles). */
  private sendingChanged(): void {
    this.drainWakeup.wake();
    if (this.job.phase !== 'running' || !this.runsHere) return;
    const sending = this.transmission.view();
    // The outbox could not be written (storage full): the run pauses with the reason, unless
    // another stop is already under way (its cause stands).
    if (sending.sender.holds.includes('error') && this.stopRequest === null) {
      this.stopRequest = { kind: 'pause', cause: { by: 'storage', detail: sending.sender.detail } };
    }
    // The Spine refuses what this app sends: sending holds (the run does not fail); say so once.
    const refusal = sending.sender.refusal;
    if (refusal !== null && refusal.text !== this.loggedRefusal) void this.log('warning', refusalLogText(refusal)).catch(() => undefined);
    this.loggedRefusal = refusal?.text ?? null;
    // Status events carry the counts; the monitor polls its pages while a run is running.
    this.updateRunning();
  }

  /**
   * Republishes the running job with the sender's latest report, the stop under way and the
   * sending figures; `changes` replaces the run or the stage.
   */
  private updateRunning(changes: { readonly run?: RunRecord; readonly stage?: 'preparing' | 'sending' } = {}): void {
    if (this.job.phase !== 'running' || !this.runsHere) return;
    const sending = this.transmission.view();
    const run = changes.run ?? this.job.run;
    this.setJob({ ...this.job, ...changes, sending, stopping: this.stopRequest, pace: this.measurePace(run, sending) });
  }

  /** The sending figures now, from a new sample of the counts at most every PACE_SAMPLE_MS. */
  private measurePace(run: RunRecord, sending: RunSending): SendingPace {
    const nowMs = this.deps.clock.now();
    const c = sending.counts;
    if (nowMs - this.lastPaceSampleMs >= PACE_SAMPLE_MS || nowMs < this.lastPaceSampleMs) {
      this.paceSamples = addPaceSample(this.paceSamples, { atMs: nowMs, sent: c.sent, answered: c.sent + c.failed });
      this.lastPaceSampleMs = nowMs;
    }
    return sendingPace({
      samples: this.paceSamples,
      nowMs,
      counts: c,
      run: { total: run.total, checked: run.counts.checked, queued: run.counts.queued },
      limitPerSecond: this.limitPerSecond(),
      held: sending.sender.holds.length > 0,
      nextAttemptAt: sending.sender.nextAttemptAt,
    });
  }

  /** The configured sending limit, requests a second. */
  private limitPerSecond(): number {
    const s = this.transmission.currentSettings();
    return s.kind === 'training' ? TRAINING_PRESETS[s.speed].rateLimit.perSecond : s.ratePerSecond;
  }

  private watching = false;

  /**
   * While another tab runs a job, wait in the lock's queue. Getting the lock means that tab
   * finished or went away (a closed tab releases its locks): forget its last status, and if it
   * left a run that is still meant to be running, take the run over from its checkpoint.
   */
  private watchPeer(why = 'another tab that was running it closed'): void {
    if (this.watching) return;
    this.watching = true;
    void this.deps.locks
      .waitAndRun(async () => {
        this.watching = false;
        // Clear a stale status the other tab left behind (it may have closed mid-job).
        if (this.peerStatus) {
          this.peerStatus = null;
          this.deps.hub.status(this.status());
        }
        await this.continueRunningRun(why);
      })
      .catch(() => {
        this.watching = false;
      });
  }

  /** With the lock held: continues the latest run if it is stored as running and not running here. */
  private async continueRunningRun(why: string): Promise<void> {
    const running = await runsWithControl(this.deps.db, 'running');
    const current = running[running.length - 1];
    if (!current || this.job.phase === 'running') return;
    await this.log('info', `${RUN_KIND_NAMES[current.kind]} resumed automatically (${why}), at ${current.counts.checked.toLocaleString('en-GB')} of ${current.total.toLocaleString('en-GB')} patients checked.`);
    await this.executeRun(current, true);
  }

  /**
   * Called once when the worker starts: a run that was running when the app was closed or
   * reloaded continues by itself. If another tab runs it, this one waits for the lock and takes
   * over only if that tab goes away while the run is still meant to be running.
   */
  async start(): Promise<void> {
    await this.ensureSettings();
    // What came due while the app was closed applies first: past the stop time the stored run
    // is stopped, inside a pause window it is paused, before anything continues it.
    await this.scheduler.start();
    const running = await runsWithControl(this.deps.db, 'running');
    if (running.length > 0) this.watchPeer('the app was reopened while it was running');
    // Rows a crashed load or import left outside the current practice data take space: remove
    // them, under the lock (another tab may be writing a load there), unless a job is running.
    else void this.deps.locks.tryRun(async () => void (await purgeStalePatients(this.deps.db))).catch(() => undefined);
  }

  status(): EngineStatus {
    if (!this.runsHere && this.peerStatus) return { job: this.peerStatus.job, runsHere: false };
    return { job: this.job, runsHere: this.runsHere };
  }

  async getPractice(): Promise<Practice | null> {
    return (await this.deps.db.practice.get('practice')) ?? null;
  }

  latestRun(): Promise<RunRecord | null> {
    return latestRun(this.deps.db);
  }

  latestCompletedRun(): Promise<RunRecord | null> {
    return latestCompletedRun(this.deps.db);
  }

  listFailures(runId: number, reason: FailedReason | null, offset: number, limit: number): Promise<FailurePage> {
    return listFailures(this.deps.db, runId, reason, Math.max(0, offset), Math.min(Math.max(1, limit), 500));
  }

  /** The Upload Errors CSV, streamed a page of rows at a time. */
  failuresCsv(runId: number, reason: FailedReason | null): ReadableStream<Uint8Array> {
    return failuresCsvStream(this.deps.db, runId, reason);
  }

  findPatients(query: string, offset: number, limit: number): Promise<PatientListItem[]> {
    return findPatients(this.deps.db, query, Math.max(0, offset), Math.min(Math.max(1, limit), 200));
  }

  /** The summary as it would be sent today, and why the patient qualifies or not. */
  async preview(seq: number): Promise<Result<{ patient: PatientListItem; preview: PatientPreview }>> {
    const [patient, practice] = await Promise.all([currentPatient(this.deps.db, seq), this.getPractice()]);
    if (!practice) return fail('no-practice', 'There is no practice data.');
    if (!patient) return fail('invalid-argument', `There is no patient with list position ${seq}.`);
    const now = this.deps.clock.now();
    const author = await loadAuthor(this.deps.db);
    return ok({ patient: toListItem(patient), preview: previewPatient(patient, practice, localDate(now), new Date(now).toISOString(), author !== null && isCompleteAuthor(author) ? author : null) });
  }

  readLog(afterId: number, limit: number): Promise<LogEntry[]> {
    return readLog(this.deps.db, afterId, Math.min(Math.max(1, limit), 1_000));
  }

  /** The whole log for download, streamed a page of entries at a time. */
  logFile(): ReadableStream<Uint8Array> {
    return logTextStream(this.deps.db);
  }

  /**
   * Starts loading the demo practice and returns once the job has started (or could not).
   * Progress and the end come as status events.
   */
  async startDemoLoad(options: DemoLoadOptions): Promise<Result<null>> {
    const { size } = options;
    if (!Number.isInteger(size) || size < 1 || size > MAX_DEMO_SIZE) {
      return fail('invalid-argument', `The demo practice size must be a whole number from 1 to ${MAX_DEMO_SIZE.toLocaleString('en-GB')}; got ${String(size)}.`);
    }
    if (this.busy()) return fail('busy', 'Another job is already running.');
    if (unfinished(await latestRun(this.deps.db))) return fail('unfinished-run', 'An upload run is unfinished: resume or finish it before replacing the practice data.');
    const seed = options.seed ?? DEFAULT_DEMO_SEED;
    return this.startJob<null>((started) => {
      started(null);
      return this.runDemoLoad(size, seed);
    });
  }

  /** Run, Rerun or Failed: creates a run and starts it. Returns once it has started. */
  async startRun(kind: RunKind, by: 'user' | 'schedule' = 'user'): Promise<Result<{ runId: number }>> {
    const { db } = this.deps;
    if (this.busy()) return fail('busy', 'Another job is already running.');
    const practice = await this.getPractice();
    if (!practice) return fail('no-practice', 'There is no practice data: load the demo practice or import a practice extract first.');
    const open = await unfinishedRun(db);
    if (open) return fail('unfinished-run', `${RUN_KIND_NAMES[open.kind]} ${open.id ?? ''} is unfinished (${open.counts.checked.toLocaleString('en-GB')} of ${open.total.toLocaleString('en-GB')} patients checked): resume it, or discard it.`);
    // A discarded run never completed: what decides Run against Rerun and Failed is the latest
    // completed run (Failed reprocesses that run's failed patients).
    const latest = await latestCompletedRun(db);
    if (kind === 'run' && latest) return fail('already-completed', 'The initial upload has already run to completion. Choose Rerun to send for all eligible patients again, or Failed to reprocess the patients that failed.');
    if (kind !== 'run' && !latest) return fail('invalid-argument', 'Nothing has run to completion yet: choose Run.');
    if (kind === 'failed' && latest?.id !== undefined && Object.values(latest.counts.failed).every((n) => n === 0) && (await countRunByState(db, latest.id)).failed === 0) {
      return fail('no-failed-patients', 'No patients failed in the last completed run, in the checks or on sending: there is nothing to reprocess.');
    }
    const noAuthor = await this.authorProblem();
    if (noAuthor) return noAuthor;

    const now = this.deps.clock.now();
    if (by === 'user') await this.scheduler.startedByHand();
    return this.startJob<{ runId: number }>(async (started) => {
      const created = await createRun(
        db,
        { kind, sourceRunId: kind === 'failed' && latest?.id !== undefined ? latest.id : null, runDate: localDate(now), createdAt: new Date(now).toISOString() },
        (total) => `${RUN_KIND_NAMES[kind]} started for ${total.toLocaleString('en-GB')} patients (${practice.name}, ${practice.odsCode}).`,
      );
      started({ runId: created.id ?? 0 });
      await this.executeRun(created, false);
    });
  }

  /**
   * Why nothing can be sent yet (null when it can): the summary's author is not complete, or the
   * HTTP Spine settings (stored by an earlier version) lack the NHSD-Session-URID the service requires.
   */
  private async authorProblem(): Promise<Result<never> | null> {
    const missing = missingAuthor(await loadAuthor(this.deps.db));
    if (missing.length > 0) return fail('no-author', `Every summary names the practice and the responsible clinician as its author: enter ${missing.join(', ')} in Settings, then start again.`);
    await this.ensureSettings();
    const sending = this.transmission.currentSettings();
    if (sending.kind === 'spine' && sending.sessionUrid === null) {
      return fail('settings-incomplete', 'The national service refuses every upload without an NHSD-Session-URID: enter it in Settings, then start again.');
    }
    return null;
  }

  /** Continues the unfinished run from its checkpoint. */
  async resume(by: 'user' | 'schedule' = 'user'): Promise<Result<{ runId: number }>> {
    if (this.busy()) return fail('busy', 'A job is already running.');
    const latest = unfinished(await latestRun(this.deps.db));
    if (!latest || latest.id === undefined) return fail('nothing-to-resume', 'There is no unfinished run to resume.');
    const noAuthor = await this.authorProblem();
    if (noAuthor) return noAuthor;
    const runId = latest.id;
    if (by === 'user') await this.scheduler.startedByHand();
    const how = by === 'user' ? 'resumed' : 'resumed by the schedule';
    return this.startJob<{ runId: number }>(async (started) => {
      const run = await setRunControl(this.deps.db, runId, 'running', this.nowIso(), { level: 'info', text: `${RUN_KIND_NAMES[latest.kind]} ${how} at ${latest.counts.checked.toLocaleString('en-GB')} of ${latest.total.toLocaleString('en-GB')} patients checked.` });
      started({ runId });
      await this.executeRun(run, false);
    });
  }

  /**
   * Pause or Cancel Upload by the user, from any tab: the run ends at its next checkpoint and
   * waits for Resume. In a tab that does not hold the job the request goes to the tab that does
   * (run/runCommands.ts); its answer, or `not-running` when no tab answers, comes back.
   */
  requestStopFromAnyTab(kind: 'pause' | 'stop'): Promise<Result<null>> {
    if (this.runsHere) return Promise.resolve(this.requestStop(kind));
    return this.askJobHolder({ kind });
  }

  /** Pause or Cancel Upload by the user, for the run going in this tab. */
  requestStop(kind: 'pause' | 'stop'): Result<null> {
    return this.stopHere(kind, { by: 'user' });
  }

  /** Asks the run going in this tab to pause or stop at its next checkpoint. The first stop wins. */
  private stopHere(kind: 'pause' | 'stop', cause: StopCause): Result<null> {
    if (this.job.phase !== 'running' || !this.runsHere) return fail('not-running', 'No upload is running: there is nothing to pause or cancel.');
    if (this.stopRequest !== null) return fail('stop-under-way', stopUnderWayText(this.stopRequest));
    this.stopRequest = { kind, cause };
    this.drainWakeup.wake();
    this.updateRunning();
    return ok(null);
  }

  /** Sends a command to the tab holding the job and waits for its answer. */
  private askJobHolder(command: RunCommand): Promise<Result<null>> {
    const id = this.uuid();
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer(fail('not-running', 'No tab is running the upload: there is nothing to pause or cancel.')), this.deps.runCommandAnswerMs ?? RUN_COMMAND_ANSWER_MS);
      const answer = (result: Result<null>): void => {
        clearTimeout(timer);
        this.pendingCommands.delete(id);
        resolve(result);
      };
      this.pendingCommands.set(id, answer);
      this.deps.peers.post({ type: 'run-command', id, command });
    });
  }

  /**
   * Discard this run: ends the unfinished run for good, under the job lock so no tab continues
   * it meanwhile. Its unsent messages are dropped (counted and logged); what the Spine
   * acknowledged and what failed stay on record. A new run, an import or deleting the practice
   * data can then go ahead. Refused while the run is running (pause or cancel it first).
   */
  async discardRun(): Promise<Result<{ dropped: number }>> {
    if (this.job.phase === 'running' || this.peerStatus?.job.phase === 'running') {
      return fail('busy', `The upload is running${this.runsHere ? '' : ' in another tab'}: pause or cancel it first, then discard it.`);
    }
    if (this.busy()) return fail('busy', 'Another job is already running.');
    const open = await unfinishedRun(this.deps.db);
    if (!open || open.id === undefined) return fail('nothing-to-discard', 'There is no unfinished run to discard.');
    const runId = open.id;
    return new Promise<Result<{ dropped: number }>>((resolve) => {
      this.deps.locks
        .tryRun(async () => resolve(await this.discardHoldingLock(runId)))
        .then((ran) => {
          if (!ran) resolve(fail('busy', 'Another tab is running a job: discard the run when it has finished.'));
        })
        .catch((e: unknown) => resolve({ ok: false, error: toEngineError(e) }));
    });
  }

  private async discardHoldingLock(runId: number): Promise<Result<{ dropped: number }>> {
    const facts = await discardRun(this.deps.db, runId, this.nowIso(), ({ run, messages }) => discardedLogText(run, messages));
    if (facts === null) return fail('nothing-to-discard', 'The run ended meanwhile: there is nothing to discard.');
    // A schedule would start or resume it: it goes with the run.
    await this.scheduler.clear('Schedule cleared: the run was discarded.');
    // The error of a run that stopped by failing no longer stands.
    if (this.job.phase === 'failed' && this.job.job === 'run') this.setJob({ phase: 'idle' });
    this.announce('runs-changed');
    this.announce('messages-changed');
    this.announce('log-appended');
    return ok({ dropped: facts.run.discarded?.dropped ?? 0 });
  }

  /** A run's messages by state (for statistics of a run that is not running here). */
  runMessageCounts(runId: number): Promise<OutboxCounts> {
    return countRunByState(this.deps.db, runId);
  }

  /** Finished attempts per minute, for the monitor's chart (this tab's sender only). */
  sendsPerMinute(): MinuteTally[] {
    return this.transmission.minuteTallies();
  }

  /** The browser's online and offline events, forwarded by the UI. */
  setOnline(online: boolean): void {
    this.transmission.setOnline(online);
  }

  /**
   * The monitor's Reprocess: failed messages of the latest run (the ones named, or all) get new
   * attempts with the same request ids. A completed run becomes running again until they are
   * acknowledged or fail; a paused or stopped run sends them when resumed.
   */
  async reprocessMessages(runId: number, requestIds: readonly string[] | null): Promise<Result<{ count: number }>> {
    const { db } = this.deps;
    const latest = await latestRun(db);
    if (latest?.id !== runId) return fail('invalid-argument', 'Only the latest run\'s messages can be reprocessed.');
    if (latest.control === 'discarded') return fail('run-discarded', 'This run was discarded: its messages are not sent again. Start a new run instead (Run, Rerun or Failed).');
    if (this.job.phase === 'loading-demo' || this.job.phase === 'importing' || this.job.phase === 'deleting-practice') return fail('busy', 'The practice data is being replaced: reprocess when that has finished.');
    const count = await reprocessFailed(db, runId, requestIds, this.deps.clock.now());
    if (count === 0) return fail('invalid-argument', 'There are no failed messages to reprocess.');
    const what = `${count.toLocaleString('en-GB')} failed message${count === 1 ? '' : 's'} of ${RUN_KIND_NAMES[latest.kind]} ${runId}`;
    this.announce('messages-changed');
    if (latest.control === 'completed') {
      const reopened = await this.startJob<{ count: number }>(async (started) => {
        const run = await setRunControl(db, runId, 'running', this.nowIso(), { level: 'info', text: `Reprocessing ${what}: the run continues until they are sent or fail.` });
        started({ count });
        await this.executeRun(run, false);
      });
      // Another tab holds the lock: the messages stay due and go with the next run or resume.
      if (!reopened.ok) await this.log('info', `Reprocessing ${what}: they will be sent when the upload next runs.`);
      return ok({ count });
    }
    if (this.job.phase === 'running' && this.runsHere) this.transmission.wake();
    const when = latest.control === 'running' ? 'they are being sent again' : 'they will be sent when the run is resumed';
    await this.log('info', `Reprocessing ${what}: ${when}.`);
    return ok({ count });
  }

  cancel(): Result<null> {
    if (this.job.phase !== 'loading-demo' && this.job.phase !== 'importing') return fail('invalid-argument', 'There is no job to cancel.');
    this.cancelRequested = true;
    return ok(null);
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  /**
   * Runs `job` under the cross-tab lock. Resolves with the value the job passes to `started`
   * (once it holds the lock and has set itself up), with `busy` if another tab holds the lock,
   * or with the error that stopped the job before it called `started`.
   */
  private startJob<T>(job: (started: (value: T) => void) => Promise<void>): Promise<Result<T>> {
    return new Promise<Result<T>>((resolve) => {
      this.deps.locks
        .tryRun(() => job((value) => resolve(ok(value))))
        .then((ran) => {
          if (!ran) resolve(fail('busy', 'Another tab is running a job.'));
        })
        .catch((e: unknown) => resolve({ ok: false, error: toEngineError(e) }));
    });
  }

  private setJob(job: JobState): void {
    this.job = job;
    const status = this.status();
    this.deps.hub.status(status);
    this.deps.peers.post({ type: 'status', status });
  }

  private announce(type: Exclude<EngineEvent, { type: 'status' }>['type']): void {
    this.deps.hub.emit({ type });
    this.deps.peers.post({ type });
  }

  private async log(level: 'info' | 'warning' | 'error', text: string): Promise<void> {
    await appendLog(this.deps.db, new Date(this.deps.clock.now()), level, text);
    this.announce('log-appended');
  }

  private async executeRun(start: RunRecord, resumedAutomatically: boolean): Promise<void> {
    const { db, clock } = this.deps;
    const practice = await this.getPractice();
    this.runsHere = true;
    this.stopRequest = null;
    this.paceSamples = [];
    this.lastPaceSampleMs = Number.NEGATIVE_INFINITY;
    const runId = start.id ?? 0;
    try {
      await this.ensureSettings();
      this.setJob({ phase: 'running', run: start, resumedAutomatically, stopping: null, stage: 'preparing', sending: this.transmission.view(), pace: NO_PACE });
      this.announce('runs-changed');
      if (!practice) throw Object.assign(new Error('The practice data is gone: the run cannot continue.'), { name: 'NoPractice' });
      // Sending goes on while patients are checked: each committed page wakes the sender.
      await this.transmission.start(runId);
      const end = await runLoop(start, { db, clock, uuid: this.uuid, practice, pageSize: this.deps.runPageSize, hooks: this.deps.loopHooks }, {
        shouldStop: () => this.stopRequest !== null,
        onProgress: (run) => {
          this.transmission.wake();
          this.updateRunning({ run });
        },
      });
      if (end.kind === 'finished') this.updateRunning({ run: end.run, stage: 'sending' });
      const drained = end.kind === 'finished' && (await this.waitForLastMessages());
      // Requests in flight finish and are recorded before the run's state is written.
      await this.transmission.stop();
      const messages = await this.transmission.refreshCounts();
      const at = this.nowIso();
      if (drained) {
        await setRunControl(db, runId, 'completed', at, { level: 'info', text: completionLog(end.run, messages) }, messages);
        await this.scheduler.clear('Schedule cleared: the upload finished.');
      } else {
        // The loop and the wait end early only for a stop request; its cause is said once, here.
        const stop = this.currentStop() ?? { kind: 'stop', cause: { by: 'user' } };
        await setRunControl(db, runId, stop.kind === 'pause' ? 'paused' : 'stopped', at, { level: 'info', text: stoppedLogText(end.run, stop, messages, unfinishedMessages(messages)) }, messages, stop.cause);
      }
      this.setJob({ phase: 'idle' });
    } catch (e) {
      await this.transmission.stop().catch(() => undefined);
      const error: EngineError = this.databaseReplaced ? DATABASE_REPLACED : toEngineError(e);
      this.setJob({ phase: 'failed', job: this.databaseReplaced ? 'database' : 'run', error });
      if (error.code === 'storage-quota') {
        // The refused transaction stored nothing; the run pauses at its checkpoint until Resume.
        await setRunControl(
          db,
          runId,
          'paused',
          this.nowIso(),
          {
            level: 'error',
            text: `${RUN_KIND_NAMES[start.kind]} paused: the browser's storage for this site is full. Nothing is lost: the page being written was not stored and will be checked again. Free some space (Storage shows what is used), then Resume.`,
          },
          undefined,
          { by: 'storage', detail: error.message },
        ).catch(() => undefined);
      } else if (!this.databaseReplaced) {
        await this.log('error', `The run stopped at its last checkpoint: ${error.message}`).catch(() => undefined);
      }
    } finally {
      this.runsHere = false;
      this.stopRequest = null;
      this.deps.hub.status(this.status());
      this.announce('runs-changed');
      this.announce('log-appended');
      this.announce('messages-changed');
    }
  }

  /**
   * Every patient is checked: waits until none of the run's messages is queued, sending or
   * waiting to retry (true), or until the user pauses or stops (false).
   */
  private async waitForLastMessages(): Promise<boolean> {
    let lastCountMs = Number.NEGATIVE_INFINITY;
    for (;;) {
      if (this.stopRequest !== null) return false;
      // The sender keeps the counts fresh as it goes (a few times a second); counting a run's
      // messages costs a pass over its index, so count here only when those say it is done,
      // and once a DRAIN_CHECK_MS otherwise (a change the sender did not report).
      const now = this.deps.clock.now();
      const seemsDone = unfinishedMessages(this.transmission.runCounts()) === 0;
      if (seemsDone || now - lastCountMs >= DRAIN_CHECK_MS) {
        lastCountMs = now;
        if (unfinishedMessages(await this.transmission.refreshCounts()) === 0) return true;
        if (this.job.phase === 'running') this.setJob({ ...this.job, sending: this.transmission.view() });
      }
      await this.drainWakeup.wait(this.sleeper, DRAIN_CHECK_MS);
    }
  }

  /** A job of any kind runs in this tab. */
  private busy(): boolean {
    return this.job.phase !== 'idle' && this.job.phase !== 'failed';
  }

  /**
   * Imports a practice extract (FHIR R4 NDJSON files or one Bundle) in place of the practice
   * data. Refused while a run is unfinished; the previous practice data stays until the new data
   * is complete and then switches in one step. Returns once the job has started.
   */
  async startImport(files: readonly ImportSource[]): Promise<Result<null>> {
    if (files.length === 0) return fail('invalid-argument', 'Choose at least one file of the practice extract.');
    if (this.busy()) return fail('busy', 'Another job is already running.');
    if (unfinished(await latestRun(this.deps.db))) return fail('unfinished-run', 'An upload run is unfinished: resume or finish it before replacing the practice data.');
    return this.startJob<null>((started) => {
      started(null);
      return this.runImport(files);
    });
  }

  /** The stored practice in the import format, one NDJSON file per resource type. */
  exportPractice(): Promise<ExportedFile[]> {
    return exportPractice(this.deps.db);
  }

  /**
   * Removes every patient's data from this browser: the patients, their queued and sent
   * messages, the outcome rows and the import staging. The log and the runs' statistics stay.
   * Refused while a run is unfinished.
   */
  async deletePracticeData(): Promise<Result<null>> {
    if (this.busy()) return fail('busy', 'Another job is already running.');
    if (unfinished(await latestRun(this.deps.db))) return fail('unfinished-run', 'An upload run is unfinished: finish it before deleting the practice data.');
    return this.startJob<null>(async (started) => {
      started(null);
      this.runsHere = true;
      this.setJob({ phase: 'deleting-practice' });
      try {
        const { db } = this.deps;
        const { patientsDeleted } = await deletePracticeData(db);
        const messages = await db.outbox.count();
        // Messages hold each patient's summary and outcome rows their NHS number: patient data too.
        await db.transaction('rw', [db.outbox, db.outcomes], async () => {
          await db.outbox.clear();
          await db.outcomes.clear();
        });
        await this.log('info', `Practice data deleted from this browser: ${patientsDeleted.toLocaleString('en-GB')} patients and ${messages.toLocaleString('en-GB')} messages. The log and the runs' statistics are kept.`);
        this.announce('practice-changed');
        this.announce('messages-changed');
        this.setJob({ phase: 'idle' });
      } catch (e) {
        const error = toEngineError(e);
        this.setJob({ phase: 'failed', job: 'delete', error });
        await this.log('error', `Deleting the practice data failed: ${error.message}`).catch(() => undefined);
      } finally {
        this.runsHere = false;
        this.deps.hub.status(this.status());
      }
    });
  }

  private async runImport(files: readonly ImportSource[]): Promise<void> {
    const startedAt = this.nowIso();
    const bytesTotal = files.reduce((sum, f) => sum + f.blob.size, 0);
    const first: ImportProgress = { phase: 'reading', bytesDone: 0, bytesTotal, resources: 0, problems: 0, file: files[0]?.name ?? null, patientsWritten: 0, patientsTotal: 0 };
    this.runsHere = true;
    this.cancelRequested = false;
    this.setJob({ phase: 'importing', progress: first, startedAt });
    try {
      await this.log('info', `Importing a practice extract: ${files.length.toLocaleString('en-GB')} file${files.length === 1 ? '' : 's'}, ${(bytesTotal / 1_048_576).toFixed(1)} MB.`);
      const outcome = await importPractice(this.deps.db, files, {
        onProgress: (progress) => this.setJob({ phase: 'importing', progress, startedAt }),
        isCancelled: () => this.cancelRequested,
        now: () => this.nowIso(),
      });
      await this.log(outcome.kind === 'imported' ? 'info' : 'warning', importLogText(outcome));
      this.announce('practice-changed');
      this.setJob({ phase: 'idle' });
    } catch (e) {
      const error = toEngineError(e);
      this.setJob({ phase: 'failed', job: 'import', error });
      await this.log('error', `The import failed; the previous practice data is unchanged: ${error.message}`).catch(() => undefined);
    } finally {
      this.runsHere = false;
      this.deps.hub.status(this.status());
    }
  }

  /** The stored schedule and how far it has got, or null when none is set. */
  schedule(): Promise<StoredSchedule | null> {
    return this.scheduler.current();
  }

  /**
   * Sets or changes the schedule. From Run, Rerun or Failed (`kind`) with a start time, that run
   * starts by itself at the time; with "start now" the caller starts it.
   */
  async setSchedule(input: ScheduleInput, kind: RunKind | null): Promise<ScheduleValidation> {
    const result = await this.scheduler.set(input);
    if (result.valid && kind !== null) await this.deps.db.settings.put({ key: SCHEDULED_KIND_KEY, value: kind });
    return result;
  }

  clearSchedule(): Promise<boolean> {
    return this.scheduler.clear();
  }

  /** Resume Cancelled: the run the schedule paused stays paused until resumed by hand. */
  cancelScheduledResume(): Promise<boolean> {
    return this.scheduler.cancelResume();
  }

  /** Stops the scheduler's clock checks (tests, and a worker being replaced). */
  dispose(): void {
    this.scheduler.dispose();
  }

  /** Read through a method: the field changes while executeRun awaits. */
  private currentStop(): RunStopping | null {
    return this.stopRequest;
  }

  private async scheduleRunState(): Promise<RunState> {
    if (!this.runsHere && this.peerStatus?.job.phase === 'running') return 'other-tab';
    if (this.job.phase === 'running' && this.runsHere) return this.stopRequest === null ? 'active' : 'inactive';
    // Stored as running but not yet continued (the app has just opened): it is about to run.
    return (await latestRun(this.deps.db))?.control === 'running' ? 'active' : 'inactive';
  }

  /** Start time reached: continue the unfinished run, or begin the scheduled one. */
  private async scheduledStart(): Promise<void> {
    const latest = await latestRun(this.deps.db);
    const open = unfinished(latest);
    if (open) {
      if (open.control !== 'running') await this.reportScheduleRefusal(await this.resume('schedule'));
      return;
    }
    const stored = await this.deps.db.settings.get(SCHEDULED_KIND_KEY);
    const completed = await latestCompletedRun(this.deps.db);
    const kind: RunKind = stored?.value === 'run' || stored?.value === 'rerun' || stored?.value === 'failed' ? stored.value : completed ? 'rerun' : 'run';
    await this.reportScheduleRefusal(await this.startRun(kind, 'schedule'));
  }

  /** Resume time reached: continue the run the schedule paused. */
  private async scheduledResume(): Promise<void> {
    const open = unfinished(await latestRun(this.deps.db));
    if (open && open.control !== 'running') await this.reportScheduleRefusal(await this.resume('schedule'));
  }

  /** Stop or pause time reached: at the next checkpoint here, or at once for a run stored as running. */
  private async scheduledHalt(kind: 'pause' | 'stop'): Promise<void> {
    if (this.job.phase === 'running' && this.runsHere) {
      // A stop already under way keeps its own cause.
      if (this.stopRequest === null) this.stopHere(kind, { by: 'schedule' });
      return;
    }
    const open = unfinished(await latestRun(this.deps.db));
    if (open?.control !== 'running' || open.id === undefined) return;
    const control = kind === 'pause' ? 'paused' : 'stopped';
    await setRunControl(
      this.deps.db,
      open.id,
      control,
      this.nowIso(),
      {
        level: 'info',
        text: `${RUN_KIND_NAMES[open.kind]} ${control === 'paused' ? 'paused' : 'stopped'} by the schedule while the app was closed, at ${open.counts.checked.toLocaleString('en-GB')} of ${open.total.toLocaleString('en-GB')} patients checked.`,
      },
      undefined,
      { by: 'schedule' },
    );
    this.announce('runs-changed');
  }

  private async reportScheduleRefusal(result: Result<unknown>): Promise<void> {
    if (!result.ok && result.error.code !== 'busy') await this.log('warning', `The schedule could not start the upload: ${result.error.message}`);
  }

  private async runDemoLoad(size: number, seed: number): Promise<void> {
    const { db, clock } = this.deps;
    const startedAtMs = clock.now();
    this.runsHere = true;
    this.cancelRequested = false;
    this.setJob({ phase: 'loading-demo', done: 0, total: size, startedAt: new Date(startedAtMs).toISOString() });
    try {
      await this.log('info', `Loading the demo practice: ${size.toLocaleString('en-GB')} patients (seed ${seed}).`);
      const outcome = await loadDemoPractice(db, { size, seed, asOf: localDate(startedAtMs) }, {
        onProgress: (done, total) => this.setJob({ phase: 'loading-demo', done, total, startedAt: new Date(startedAtMs).toISOString() }),
        isCancelled: () => this.cancelRequested,
        now: () => this.nowIso(),
      });
      const seconds = ((clock.now() - startedAtMs) / 1000).toFixed(1);
      if (outcome.kind === 'loaded') await this.log('info', `Demo practice loaded: ${size.toLocaleString('en-GB')} patients in ${seconds} s.`);
      else await this.log('warning', 'Loading the demo practice was cancelled; no practice data is stored.');
      this.announce('practice-changed');
      this.setJob({ phase: 'idle' });
    } catch (e) {
      const error = toEngineError(e);
      this.setJob({ phase: 'failed', job: 'loading-demo', error });
      await this.log('error', `Loading the demo practice failed: ${error.message}`).catch(() => undefined);
    } finally {
      this.runsHere = false;
      this.deps.hub.status(this.status());
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
