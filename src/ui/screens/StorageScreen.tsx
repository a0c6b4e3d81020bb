// Storage: whether the browser will keep the data, and how much space is used and left.

import { useEffect } from 'react';
import { useRequestPersistence, useStorageInfo } from '../hooks/useStorageInfo';
import { formatBytes } from '../format';

export function StorageScreen() {
  const info = useStorageInfo();
  const persist = useRequestPersistence();
  const d = info.data;
  return (
    <section aria-labelledby="storage-title">
      <h1 id="storage-title">Storage</h1>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Persistent storage</dt>
          <dd className="nhsuk-summary-list__value" data-testid="storage-persisted">
            {d?.persisted === true && 'Granted: the browser will not delete this data to free space.'}
            {d?.persisted === false && 'Not granted: the browser may delete this data when space runs low. Installing the app usually grants it.'}
            {d?.persisted === null && 'This browser cannot say.'}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Used</dt>
          <dd className="nhsuk-summary-list__value" data-testid="storage-used">{d?.usageBytes != null ? formatBytes(d.usageBytes) : 'Unknown'}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Available</dt>
          <dd className="nhsuk-summary-list__value" data-testid="storage-available">
            {d?.usageBytes != null && d.quotaBytes != null ? formatBytes(Math.max(0, d.quotaBytes - d.usageBytes)) : 'Unknown'}
          </dd>
        </div>
      </dl>
      {d?.persisted === false && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => persist.mutate()}>
          Ask again for persistent storage
        </button>
      )}
    </section>
  );
}

/** Asks once per page load, quietly; the Storage screen shows the answer. */
export function useAskForPersistenceOnce(): void {
  const persist = useRequestPersistence();
  const { mutate } = persist;
  useEffect(() => {
    mutate();
  }, [mutate]);
}
