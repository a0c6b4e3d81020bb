// The upload schedule: what the practice administrator typed, the validated schedule as stored,
// and the scheduler's progress through it. All instants are milliseconds since the epoch.
//
// As in the original product, a schedule has an optional start time and then EITHER a stop time
// OR a pause time with a resume time ("if you would like to enter a pause time rather than a stop
// time, you must also add a resume time"). Stop, pause and resume are times of day meaning their
// next occurrence; the start is a date and a time.
//
// The pause window recurs daily until the run ends or the schedule is changed or cleared:
// practices pause for surgery hours and resume in the evening, every day the upload takes.

/** How the upload starts: now, or at a local date and time. */
export type StartMode = 'now' | 'at';

/** What limits the upload once started: nothing, a stop time, or a daily pause and resume. */
export type LimitMode = 'none' | 'stop' | 'pause';

/** The form as typed. Fields that belong to an option not chosen are ignored. */
export interface ScheduleInput {
  readonly startMode: StartMode;
  /** `YYYY-MM-DD`, as an `<input type="date">` gives it. */
  readonly startDate: string;
  /** `HH:MM` on the 24-hour clock, local time. */
  readonly startTime: string;
  readonly limitMode: LimitMode;
  readonly stopTime: string;
  readonly pauseTime: string;
  readonly resumeTime: string;
}

export type ScheduleField = 'startMode' | 'startDate' | 'startTime' | 'limitMode' | 'stopTime' | 'pauseTime' | 'resumeTime';

export interface ScheduleFieldError {
  readonly field: ScheduleField;
  /** Plain words for a practice administrator: what is wrong and what to do. */
  readonly message: string;
}

export type ScheduleLimit =
  | { readonly kind: 'none' }
  /** `time` is minutes after local midnight; `at` its next occurrence after the start. */
  | { readonly kind: 'stop'; readonly time: number; readonly at: number }
  /**
   * Daily pause window from `pauseTime` to the next `resumeTime` after it (the next day when the
   * resume time is earlier than the pause time). `firstPauseAt` is the first pause: the next
   * occurrence of the pause time after the start. Times are minutes after local midnight.
   */
  | { readonly kind: 'pause'; readonly pauseTime: number; readonly resumeTime: number; readonly firstPauseAt: number };

export interface UploadSchedule {
  /** The IANA zone the times were typed in; recurrences are computed in it. */
  readonly timeZone: string;
  /** When the schedule was set or last changed. */
  readonly setAt: number;
  /** When the upload starts by itself; null when it started (or starts) at once. */
  readonly startAt: number | null;
  readonly limit: ScheduleLimit;
}

/** What the schedule has done so far. */
export type SchedulePhase =
  /** The start time has not come yet. */
  | { readonly kind: 'waiting' }
  /** Started: stop and pause times apply. */
  | { readonly kind: 'active' }
  /** Paused by the schedule; resumes by itself at `until`. */
  | { readonly kind: 'paused'; readonly until: number }
  /** The stop time was reached: the schedule has nothing more to do. */
  | { readonly kind: 'ended' };

/** Stored with the schedule and advanced by every evaluation. */
export interface ScheduleProgress {
  /**
   * Every scheduled moment at or before this instant has been handled. Moments after it and at or
   * before now are due: this is how a tick that is late by hours, or an app that was closed
   * across a moment, still acts on each moment exactly once.
   */
  readonly lastEvaluatedAt: number;
  readonly phase: SchedulePhase;
  /**
   * The last thing the schedule did, for the screens: `stop` → Stop Time Reached, `pause` →
   * Pause Time Reached, `resume-cancelled` → Resume Cancelled. Null once the upload is started
   * or resumed by hand, or when nothing has happened yet.
   */
  readonly lastEvent: ScheduleEvent | null;
}

export interface ScheduleEvent {
  readonly kind: MomentKind | 'resume-cancelled';
  /** When it happened (for a moment: when it was scheduled). */
  readonly at: number;
}

export type MomentKind = 'start' | 'stop' | 'pause' | 'resume';

/** A scheduled moment that came due during one evaluation, for the log. */
export interface ReachedMoment {
  readonly kind: MomentKind;
  /** When it was scheduled. */
  readonly at: number;
  /**
   * `applied`: it changed what the upload does. `not-running`: a pause time came while the upload
   * was not running (paused or cancelled by hand), so there was nothing to pause. `missed`: the
   * start time passed while the app was closed and so did the stop time, so the upload did not start.
   */
  readonly effect: 'applied' | 'not-running' | 'missed';
  /** For an applied pause: when it resumes by itself. */
  readonly until?: number;
}

/** What the engine must do now. */
export type ScheduleAction =
  | { readonly kind: 'none' }
  /** Start time reached: start (or resume) the upload. */
  | { readonly kind: 'start' }
  /** Stop time reached: stop at the next checkpoint; it waits for Resume by hand. */
  | { readonly kind: 'stop' }
  /** Pause time reached: pause at the next checkpoint; it resumes by itself at `until`. */
  | { readonly kind: 'pause'; readonly until: number }
  /** Resume time reached: resume the upload paused by the schedule. */
  | { readonly kind: 'resume' };

export interface ScheduleDecision {
  readonly action: ScheduleAction;
  /** Every moment that came due since the last evaluation, oldest first. */
  readonly reached: readonly ReachedMoment[];
  /** The progress to store once the action has been carried out. */
  readonly next: ScheduleProgress;
}
