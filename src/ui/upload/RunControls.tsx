// Pause and Cancel Upload for the running run, in every tab: a tab that does not run the job asks
// the one that does. While any stop is under way (you, the schedule, full storage, a newer
// version in another tab) both are disabled, Pause reads "Pausing…", and the cause is said.

import type { RunStopping } from '../../shared/engineState';
import { stoppingLabel, stoppingText } from '../stopText';

export interface RunControlsProps {
  readonly stopping: RunStopping | null;
  /** The job runs in this tab (false: another tab runs it and carries the commands out). */
  readonly here: boolean;
  /** A Pause or Cancel Upload asked from here has not been answered yet. */
  readonly pending: boolean;
  onPause(): void;
  onCancel(): void;
}

export function RunControls({ stopping, here, pending, onPause, onCancel }: RunControlsProps) {
  const disabled = stopping !== null || pending;
  return (
    <div className="app-run-controls" data-testid="run-controls">
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={disabled} onClick={onPause}>
        {stopping === null ? 'Pause' : stoppingLabel(stopping)}
      </button>{' '}
      <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={disabled} onClick={onCancel}>
        Cancel Upload
      </button>
      {!here && <p className="nhsuk-body-s">The upload runs in another tab of this browser; Pause and Cancel Upload are carried out there.</p>}
      {stopping !== null && (
        <p className="nhsuk-body" data-testid="run-stopping">
          {stoppingText(stopping)}
        </p>
      )}
    </div>
  );
}
