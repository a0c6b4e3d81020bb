// The engine, as the composition root: it builds the modules that each own one job and wires
// them together. Everything it touches comes in as a dependency (ports.ts), so tests drive it
// in-process exactly as the worker does.
//   engine/jobHost.ts         the job state (engine/jobMachine.ts), publishing, the job lock, the log
//   engine/runController.ts   carrying out a run, its progress and the stops asked of it
//   engine/runActions.ts      Run, Rerun, Failed, Resume, Discard, Reprocess
//   engine/practiceJobs.ts    demo load, import, delete of the practice data
//   engine/scheduleActions.ts what the schedule's times do to the runs
//   engine/peerWatch.ts       other tabs: their status, Pause and Cancel from any tab, takeover
//   engine/queries.ts         read-only queries (api.ts calls them directly)

import type { ScrDatabase } from '../db/database';
import type { EngineStatus } from '../shared/engineState';
import type { Result } from '../shared/errors';
import { AuthorService } from './authorService';
import type { EventHub } from './eventHub';
import { purgeStalePatients } from './import';
import type { Clock, JobLocks, PeerChannel } from './ports';
import type { LoopDeps } from './run/runLoop';
import { runsWithControl } from './run/runStore';
import type { ScheduleTicker, TickSource } from './schedule/scheduleTicker';
import { realSleeper, type Sleeper } from './send/sleeper';
import type { SendingSettingsService } from './send/sendingSettingsService';
import type { Transmission, TransmissionDeps } from './send/transmission';
import { JobHost } from './engine/jobHost';
import { PeerWatch } from './engine/peerWatch';
import { PracticeJobs } from './engine/practiceJobs';
import { engineQueries, type EngineQueries } from './engine/queries';
import { RunActions } from './engine/runActions';
import { RunController } from './engine/runController';
import { ScheduleActions } from './engine/scheduleActions';
import { createSending } from './engine/sendingSetup';

export type { DemoLoadOptions } from './engine/practiceJobs';

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

export class Engine {
  private readonly host: JobHost;
  readonly queries: EngineQueries;
  readonly transmission: Transmission;
  readonly sendingSettings: SendingSettingsService;
  readonly ensureSettings: () => Promise<void>;
  readonly author: AuthorService;
  readonly scheduler: ScheduleTicker;
  private readonly schedules: ScheduleActions;
  private readonly runs: RunActions;
  private readonly practiceJobs: PracticeJobs;
  private readonly peerWatch: PeerWatch;
  private readonly controller: RunController;

  constructor(private readonly deps: EngineDeps) {
    const { db, clock } = deps;
    const uuid = deps.uuid ?? (() => crypto.randomUUID());
    const host = (this.host = new JobHost(deps));
    const log = (text: string): Promise<void> => host.log('info', text);
    const sending = createSending({ db, clock, sleeper: deps.sleeper, fetch: deps.fetch, random: deps.trainingRandom, log, onChange: () => this.controller.sendingChanged() });
    this.transmission = sending.transmission;
    this.sendingSettings = sending.sendingSettings;
    this.ensureSettings = sending.ensureSettings;
    this.author = new AuthorService(db, log);
    this.queries = engineQueries(db, clock);
    this.schedules = new ScheduleActions({ host, db, clock, timeZone: deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, ticks: deps.scheduleTicks, runs: () => ({ actions: this.runs, controller: this.controller }) });
    this.scheduler = this.schedules.ticker;
    const clearSchedule = (text: string): Promise<boolean> => this.scheduler.clear(text);
    const common = { host, db, clock, transmission: this.transmission, ensureSettings: this.ensureSettings, clearSchedule };
    this.controller = new RunController({ ...common, sleeper: deps.sleeper ?? realSleeper, uuid, pageSize: deps.runPageSize, hooks: deps.loopHooks });
    this.runs = new RunActions({ ...common, controller: this.controller, startedByHand: () => this.scheduler.startedByHand() });
    this.practiceJobs = new PracticeJobs({ host, db, clock });
    this.peerWatch = new PeerWatch({ host, db, locks: deps.locks, peers: deps.peers, controller: this.controller, uuid, answerMs: deps.runCommandAnswerMs });
    // A newer version of the app opened in another tab upgrades the database: Dexie closes this
    // connection at once (a transaction in progress aborts whole, so the run stops at its last
    // checkpoint) and this tab must be reloaded to run the new version.
    db.on('versionchange', () => {
      // Never reopen: this code does not know the newer schema (Dexie would otherwise reopen
      // at the newer version on the next use). After Dexie's own handler, which closes with
      // reopening allowed.
      queueMicrotask(() => db.close({ disableAutoOpen: true }));
      this.controller.databaseReplaced();
    });
  }

  /**
   * Called once when the worker starts: a run that was running when the app was closed or
   * reloaded continues by itself. If another tab runs it, this one waits for the lock and takes
   * over only if that tab goes away while the run is still meant to be running.
   */
  async start(): Promise<void> {
    const { db, locks } = this.deps;
    await this.ensureSettings();
    // What came due while the app was closed applies first: past the stop time the stored run
    // is stopped, inside a pause window it is paused, before anything continues it.
    await this.scheduler.start();
    if ((await runsWithControl(db, 'running')).length > 0) this.peerWatch.watch('the app was reopened while it was running');
    // Rows a crashed load or import left outside the current practice data take space: remove
    // them, under the lock (another tab may be writing a load there), unless a job is running.
    else void locks.tryRun(async () => void (await purgeStalePatients(db))).catch(() => undefined);
  }

  status = (): EngineStatus => this.host.status();
  getPractice = () => this.queries.practice();
  readLog = (afterId: number, limit: number) => this.queries.readLog(afterId, limit);
  runMessageCounts = (runId: number) => this.queries.runMessageCounts(runId);

  startRun = (...a: Parameters<RunActions['startRun']>) => this.runs.startRun(...a);
  resume = (...a: Parameters<RunActions['resume']>) => this.runs.resume(...a);
  discardRun = () => this.runs.discardRun();
  reprocessMessages = (...a: Parameters<RunActions['reprocessMessages']>) => this.runs.reprocessMessages(...a);
  /** Pause or Cancel Upload by the user, for the run going in this tab. */
  requestStop = (kind: 'pause' | 'stop'): Result<null> => this.controller.stopHere(kind, { by: 'user' });
  /** Pause or Cancel Upload by the user, from any tab: carried out by the tab that holds the job. */
  requestStopFromAnyTab = (kind: 'pause' | 'stop') => this.peerWatch.requestStop(kind);

  startDemoLoad = (...a: Parameters<PracticeJobs['startDemoLoad']>) => this.practiceJobs.startDemoLoad(...a);
  startImport = (...a: Parameters<PracticeJobs['startImport']>) => this.practiceJobs.startImport(...a);
  deletePracticeData = () => this.practiceJobs.deletePracticeData();
  exportPractice = () => this.practiceJobs.exportPractice();
  cancel = () => this.practiceJobs.cancel();

  schedule = () => this.schedules.current();
  setSchedule = (...a: Parameters<ScheduleActions['set']>) => this.schedules.set(...a);
  clearSchedule = () => this.scheduler.clear();
  /** Resume Cancelled: the run the schedule paused stays paused until resumed by hand. */
  cancelScheduledResume = () => this.scheduler.cancelResume();

  /** Finished attempts per minute, for the monitor's chart (this tab's sender only). */
  sendsPerMinute = () => this.transmission.minuteTallies();
  /** The browser's online and offline events, forwarded by the UI. */
  setOnline = (online: boolean) => this.transmission.setOnline(online);

  /** Stops the scheduler's clock checks (tests, and a worker being replaced). */
  dispose(): void {
    this.scheduler.dispose();
  }
}
