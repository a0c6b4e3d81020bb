// When a newer version of the app, opened in another tab, has upgraded the database, this tab's
// engine has stopped at its last checkpoint and cannot carry on: say so and offer the reload.

import { useEngineStatus } from '../queries/hooks';

export function ReloadNotice() {
  const status = useEngineStatus();
  const job = status.data?.job;
  if (job?.phase !== 'failed' || job.error.code !== 'database-closed') return null;
  return (
    <div className="nhsuk-warning-callout" role="alert" data-testid="reload-notice">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>Reload this tab
      </h2>
      <p>{job.error.message}</p>
      <button type="button" className="nhsuk-button" onClick={() => window.location.reload()}>Reload</button>
    </div>
  );
}
