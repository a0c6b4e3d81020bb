// First open: one click loads the demo practice, with a progress bar while it loads. It is the
// whole Practice screen then, so its heading is the screen's h1.

import { useId, useState } from 'react';
import { DEFAULT_DEMO_SIZE } from '../../demo/generatePatients';
import { useCancelJob, useEngineStatus, useStartDemoLoad } from '../queries/hooks';
import { ProgressBar } from '../components/ProgressBar';
import { formatCount } from '../format';

/** 200 is for a quick try against a real-rate Spine (5 a second sends it in under a minute). */
const SIZES = [200, 1_000, 10_000, 20_000, 50_000, 100_000] as const;

export function LoadDemoPanel() {
  const status = useEngineStatus();
  const start = useStartDemoLoad();
  const cancel = useCancelJob();
  const [size, setSize] = useState<number>(DEFAULT_DEMO_SIZE);
  const sizeId = useId();
  const job = status.data?.job;
  const startError = start.data && !start.data.ok ? start.data.error.message : start.error?.message;

  if (job?.phase === 'loading-demo') {
    return (
      <section className="nhsuk-card" aria-labelledby="demo-loading-title">
        <div className="nhsuk-card__content">
          <h1 id="demo-loading-title" className="nhsuk-card__heading">Loading the demo practice</h1>
          <ProgressBar label="Patients written" done={job.done} total={job.total} />
          {status.data?.runsHere && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => cancel.mutate()}>
              Cancel loading
            </button>
          )}
        </div>
      </section>
    );
  }

  return (
    <section className="nhsuk-card" aria-labelledby="demo-title">
      <div className="nhsuk-card__content">
        <h1 id="demo-title" className="nhsuk-card__heading">No practice data yet</h1>
        <p className="nhsuk-body">
          Load the demo practice to try the upload. It is made-up data: every NHS number is in the 999 range, which is never issued to a real
          patient, and nothing leaves this browser in training mode.
        </p>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={sizeId}>Number of patients</label>
          <select className="nhsuk-select" id={sizeId} value={size} onChange={(e) => setSize(Number(e.target.value))}>
            {SIZES.map((s) => (
              <option key={s} value={s}>{formatCount(s)}</option>
            ))}
          </select>
        </div>
        {startError && (
          <div className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {startError}
          </div>
        )}
        <button type="button" className="nhsuk-button" disabled={start.isPending} onClick={() => start.mutate({ size })}>
          Load the demo practice
        </button>
      </div>
    </section>
  );
}
