// An accessible progress bar: a native <progress> announced with its label and count.

import { formatCount, formatPercent } from '../format';

export function ProgressBar({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <div className="app-progress">
      <label className="nhsuk-label" htmlFor="app-progress-bar">
        {label}: {formatCount(done)} of {formatCount(total)} ({formatPercent(done, total)})
      </label>
      <progress id="app-progress-bar" className="app-progress__bar" max={total} value={done} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        {formatPercent(done, total)}
      </progress>
    </div>
  );
}
