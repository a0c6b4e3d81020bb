// The schedule's situations, each with its own panel as in the original: Stop Time Reached,
// Pause Time Reached (with the countdown to the automatic resume) and Resume Cancelled.
// Presentational: the parent passes what happened and the handlers; `children` is room for the
// run's statistics.

import type { ReactNode } from 'react';
import { formatInstant } from '../../domain/schedule/scheduleText';
import { ScheduleCountdown } from './ScheduleCountdown';

export interface StopTimeReachedProps {
  /** When the stop time came, ms since the epoch, and the schedule's zone. */
  readonly stoppedAt: number;
  readonly timeZone: string;
  readonly children?: ReactNode;
  onResume(): void;
}

export function StopTimeReached({ stoppedAt, timeZone, children, onResume }: StopTimeReachedProps) {
  return (
    <section className="nhsuk-card app-situation" aria-labelledby="stop-time-title" data-testid="situation-stop-time-reached">
      <div className="nhsuk-card__content">
        <h2 id="stop-time-title" className="nhsuk-card__heading">Stop Time Reached</h2>
        <p className="nhsuk-body">
          The upload stopped at its stop time, {formatInstant(stoppedAt, timeZone)}, at a checkpoint. Nothing queued is lost. Resume continues it from
          there whenever you are ready.
        </p>
        {children}
        <button type="button" className="nhsuk-button" onClick={onResume}>Resume</button>
      </div>
    </section>
  );
}

export interface PauseTimeReachedProps {
  /** When it resumes by itself, ms since the epoch, and the schedule's zone. */
  readonly resumesAt: number;
  readonly timeZone: string;
  readonly clock?: () => number;
  readonly children?: ReactNode;
  onResumeNow(): void;
  onCancelResume(): void;
}

export function PauseTimeReached({ resumesAt, timeZone, clock, children, onResumeNow, onCancelResume }: PauseTimeReachedProps) {
  return (
    <section className="nhsuk-card app-situation" aria-labelledby="pause-time-title" data-testid="situation-pause-time-reached">
      <div className="nhsuk-card__content">
        <h2 id="pause-time-title" className="nhsuk-card__heading">Pause Time Reached</h2>
        <p className="nhsuk-body">
          The upload is paused at a checkpoint and resumes by itself at <ScheduleCountdown until={resumesAt} timeZone={timeZone} clock={clock} />. Nothing
          queued is lost. If the app is closed at that time, the upload resumes when it is next opened.
        </p>
        {children}
        <button type="button" className="nhsuk-button" onClick={onResumeNow}>Resume now</button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancelResume}>Cancel the automatic resume</button>
      </div>
    </section>
  );
}

export interface ResumeCancelledProps {
  readonly children?: ReactNode;
  onResume(): void;
}

export function ResumeCancelled({ children, onResume }: ResumeCancelledProps) {
  return (
    <section className="nhsuk-card app-situation" aria-labelledby="resume-cancelled-title" data-testid="situation-resume-cancelled">
      <div className="nhsuk-card__content">
        <h2 id="resume-cancelled-title" className="nhsuk-card__heading">Resume Cancelled</h2>
        <p className="nhsuk-body">
          The automatic resume was cancelled. The upload stays stopped until you resume it; nothing queued is lost and it continues from its last
          checkpoint.
        </p>
        {children}
        <button type="button" className="nhsuk-button" onClick={onResume}>Resume</button>
      </div>
    </section>
  );
}
