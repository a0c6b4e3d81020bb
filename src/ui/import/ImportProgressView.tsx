// An import while it runs: bytes read of the total, resources accepted, problems so far, the
// file being read, then patient records written while joining; and Cancel.

import type { ImportProgress } from '../../shared/importTypes';
import { ProgressBar } from '../components/ProgressBar';
import { formatBytes, formatCount } from '../format';

export interface ImportProgressViewProps {
  readonly progress: ImportProgress;
  /** Null when this tab cannot cancel (the import runs in another tab) or cancel was asked. */
  readonly onCancel: (() => void) | null;
}

const PHASE_TEXT = {
  reading: 'Reading and checking the files',
  joining: 'Joining each patient’s records and storing them',
  tidying: 'Tidying up',
} as const;

export function ImportProgressView({ progress: p, onCancel }: ImportProgressViewProps) {
  return (
    <section className="nhsuk-card" aria-labelledby="import-progress-title" data-testid="import-progress">
      <div className="nhsuk-card__content">
        <h2 id="import-progress-title" className="nhsuk-card__heading">Importing the practice extract</h2>
        <p className="nhsuk-body" data-testid="import-phase">{PHASE_TEXT[p.phase]}</p>
        {p.phase === 'joining' ? (
          <ProgressBar label="Patients stored" done={p.patientsWritten} total={p.patientsTotal} />
        ) : (
          <ProgressBar label="Read" done={p.bytesDone} total={p.bytesTotal} format={formatBytes} />
        )}
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Resources accepted</dt>
            <dd className="nhsuk-summary-list__value" data-testid="import-resources">{formatCount(p.resources)}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Problems found</dt>
            <dd className="nhsuk-summary-list__value" data-testid="import-problems">{formatCount(p.problems)}</dd>
          </div>
          {p.file !== null && (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Reading</dt>
              <dd className="nhsuk-summary-list__value" data-testid="import-file">{p.file}</dd>
            </div>
          )}
        </dl>
        <p className="nhsuk-body">The current practice data stays as it is until the import is complete.</p>
        {onCancel && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
            Cancel import
          </button>
        )}
      </div>
    </section>
  );
}
