// What the status region says to a screen reader: the job's phase and its milestones only. The
// status bar's own sentence carries live figures that change up to 10 times a second; read out,
// it would never stop. This sentence changes only when the phase changes (a load, a run, an
// import starting or ending, sending held or free again, a pause on its way, going offline) or a
// quarter more of the work is done, so each change is worth hearing. Pure: the StatusAnnouncer
// renders it.

import type { Practice, PracticeStats } from '../../domain/model/practice';
import type { RunCounts, RunRecord } from '../../domain/model/runs';
import type { ImportProgress } from '../../shared/importTypes';
import type { OutboxCounts, SenderHold } from '../../shared/sendingStatus';
import { formatCountOf } from '../format';
import { RUN_KIND_NAMES_UI } from '../runNames';

/** What of a run is announced. */
export type AnnouncedRun = Pick<RunRecord, 'kind' | 'control' | 'total'> & { readonly counts: Pick<RunCounts, 'checked' | 'queued'> };

/**
 * What of the engine's job state (JobState) is announced: only what the sentence needs, so a new
 * figure on the job changes nothing here, while a new phase fails to type-check until it has words.
 */
export type AnnouncedJob =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading-demo'; readonly done: number; readonly total: number }
  | {
      readonly phase: 'running';
      readonly run: AnnouncedRun;
      readonly stage: 'preparing' | 'sending';
      /** Null unless a pause or stop is on its way. */
      readonly stopping: unknown;
      readonly sending: { readonly counts: OutboxCounts; readonly sender: { readonly holds: readonly SenderHold[] } };
    }
  | { readonly phase: 'importing'; readonly progress: Pick<ImportProgress, 'phase' | 'bytesDone' | 'bytesTotal'> }
  | { readonly phase: 'deleting-practice' }
  | { readonly phase: 'failed'; readonly error: { readonly message: string } };

export type AnnouncedPractice = Pick<Practice, 'name'> & { readonly stats: Pick<PracticeStats, 'patients'> };

export interface AnnouncementInput {
  /** Null until the engine has reported. */
  readonly job: AnnouncedJob | null;
  /** Whether the job runs in this tab (false: another tab runs it and this one watches). */
  readonly runsHere: boolean;
  /** Why the engine is being restarted, or null while it is healthy. */
  readonly restarting: string | null;
  readonly online: boolean;
  readonly practice: AnnouncedPractice | null;
  readonly latestRun: AnnouncedRun | null;
}

/** The milestone reached: the last whole quarter of `done` of `total` (0, 25, 50, 75 or 100). */
export function quarterReached(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 4) * 25);
}

function idleSentence(practice: AnnouncedPractice | null, run: AnnouncedRun | null): string {
  if (practice === null) return 'No practice data is loaded.';
  const loaded = `${practice.name}: ${formatCountOf(practice.stats.patients, 'patient', 'patients')}.`;
  if (run === null) return `${loaded} The upload has not been run.`;
  const name = RUN_KIND_NAMES_UI[run.kind];
  if (run.control === 'completed') return `${loaded} ${name} completed.`;
  if (run.control === 'paused') return `${name} paused. Resume continues it.`;
  if (run.control === 'stopped') return `${name} cancelled, partially completed. Resume continues it.`;
  if (run.control === 'running') return `${name} interrupted; it continues by itself.`;
  return loaded;
}

/** What holds sending back, in a few words, or null. */
function holdSentence(holds: readonly SenderHold[]): string | null {
  if (holds.includes('offline')) return 'Sending waits for the network.';
  if (holds.includes('auth')) return 'Sending waits for a login.';
  if (holds.includes('refused-by-service')) return 'Sending paused: the Spine refuses what the app sends. Nothing has failed.';
  if (holds.includes('endpoint')) return 'Sending stopped: check the settings.';
  if (holds.includes('error')) return 'Sending stopped: the browser database failed.';
  return null;
}

function runningSentence(job: Extract<AnnouncedJob, { phase: 'running' }>): string {
  const { run } = job;
  const parts = [`${RUN_KIND_NAMES_UI[run.kind]} running.`];
  if (job.stage === 'preparing') {
    parts.push(`${quarterReached(run.counts.checked, run.total)}% of patients checked.`);
  } else {
    const c = job.sending.counts;
    parts.push(`All patients checked; ${quarterReached(c.sent + c.failed, run.counts.queued)}% of messages answered.`);
  }
  const hold = holdSentence(job.sending.sender.holds);
  if (hold !== null) parts.push(hold);
  if (job.stopping !== null) parts.push('It stops at the next checkpoint.');
  return parts.join(' ');
}

function jobSentence(job: AnnouncedJob, practice: AnnouncedPractice | null, latestRun: AnnouncedRun | null): string {
  switch (job.phase) {
    case 'idle':
      return idleSentence(practice, latestRun);
    case 'loading-demo':
      return `Loading the demo practice: ${quarterReached(job.done, job.total)}% done.`;
    case 'running':
      return runningSentence(job);
    case 'importing':
      if (job.progress.phase === 'reading') return `Importing the practice extract: ${quarterReached(job.progress.bytesDone, job.progress.bytesTotal)}% read.`;
      if (job.progress.phase === 'joining') return 'Importing the practice extract: storing the patients.';
      return 'Importing the practice extract: tidying up.';
    case 'deleting-practice':
      return 'Deleting the practice data from this browser.';
    case 'failed':
      return `Stopped: ${job.error.message}`;
  }
}

export function statusAnnouncement(input: AnnouncementInput): string {
  if (input.restarting !== null) return 'The upload engine is restarting.';
  if (input.job === null) return '';
  const where = input.runsHere || input.job.phase === 'idle' || input.job.phase === 'failed' ? '' : ' In another tab.';
  const offline = input.online ? '' : ' This computer is offline; the app keeps working.';
  return `${jobSentence(input.job, input.practice, input.latestRun)}${where}${offline}`;
}
