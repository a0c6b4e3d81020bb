// Offers a new version of the app when one is waiting. While a job runs, the update waits.

import { useEffect, useState } from 'react';
import { registerServiceWorker, type UpdateHandle } from './serviceWorker';
import { useEngineStatus } from '../queries/hooks';

export function UpdatePrompt() {
  const [update, setUpdate] = useState<UpdateHandle | null>(null);
  const status = useEngineStatus();
  useEffect(() => {
    registerServiceWorker(setUpdate);
  }, []);
  if (!update) return null;
  const busy = status.data?.job.phase !== 'idle' && status.data?.job.phase !== 'failed';
  return (
    <div className="nhsuk-inset-text app-update" role="region" aria-label="Update available">
      <p className="nhsuk-body">A new version of SCR Initial Upload is ready.</p>
      {busy ? (
        <p className="nhsuk-body">It will be offered again when the current job has stopped; updating now would interrupt it.</p>
      ) : (
        <button type="button" className="nhsuk-button" onClick={() => update.apply()}>
          Update and reload
        </button>
      )}
    </div>
  );
}
