// An accessible progress bar: a native <progress> named by its label, which gives the count.
// Each bar has its own id (useId), so two bars on one screen never name each other.

import { useId } from 'react';
import { formatCount, formatPercent } from '../format';

export interface ProgressBarProps {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  /** How `done` and `total` read, e.g. formatBytes; counts by default. */
  readonly format?: (n: number) => string;
}

export function ProgressBar({ label, done, total, format = formatCount }: ProgressBarProps) {
  const id = useId();
  return (
    <div className="app-progress">
      <label className="nhsuk-label" htmlFor={id}>
        {label}: {format(done)} of {format(total)} ({formatPercent(done, total)})
      </label>
      <progress id={id} className="app-progress__bar" max={total} value={done}>
        {formatPercent(done, total)}
      </progress>
    </div>
  );
}
