// The list's filters: state, failure reason (failed messages only) and an NHS number search
// that applies when submitted, so a half-typed number never runs a search.

import { useId, useState, type FormEvent } from 'react';
import type { OutboxState, SendFailureCode } from '../../domain/model/runs';
import { normaliseNhsNumber } from '../../domain/nhsNumber';
import { FAILURE_CODES, FAILURE_LABELS, MESSAGE_STATES, STATE_LABELS } from './labels';

export interface ListFilter {
  readonly state: OutboxState | null;
  readonly failureCode: SendFailureCode | null;
  /** Ten digits, or null for everyone. */
  readonly nhsNumber: string | null;
}

export function MessageFilters({ value, onChange }: { value: ListFilter; onChange(next: ListFilter): void }) {
  const stateId = useId();
  const reasonId = useId();
  const searchId = useId();
  const errorId = useId();
  const [search, setSearch] = useState(value.nhsNumber ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const digits = normaliseNhsNumber(search);
    if (digits === '') {
      setError(null);
      onChange({ ...value, nhsNumber: null });
    } else if (/^[0-9]{10}$/.test(digits)) {
      setError(null);
      onChange({ ...value, nhsNumber: digits });
    } else setError('Enter the NHS number as 10 digits, for example 943 476 5919');
  };
  const clear = () => {
    setSearch('');
    setError(null);
    onChange({ ...value, nhsNumber: null });
  };

  return (
    <div className="app-overview-grid">
      <div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={stateId}>State</label>
          <select
            className="nhsuk-select"
            id={stateId}
            value={value.state ?? ''}
            onChange={(e) => {
              const state = e.target.value === '' ? null : (e.target.value as OutboxState);
              // A reason belongs to failed messages: another state clears it.
              onChange({ ...value, state, failureCode: state === null || state === 'failed' ? value.failureCode : null });
            }}
          >
            <option value="">All states</option>
            {MESSAGE_STATES.map((s) => (
              <option key={s} value={s}>{STATE_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={reasonId}>Why it failed</label>
          <select
            className="nhsuk-select"
            id={reasonId}
            value={value.failureCode ?? ''}
            onChange={(e) => {
              const failureCode = e.target.value === '' ? null : (e.target.value as SendFailureCode);
              // Choosing a reason shows failed messages.
              onChange({ ...value, failureCode, state: failureCode === null ? value.state : 'failed' });
            }}
          >
            <option value="">Any reason</option>
            {FAILURE_CODES.map((c) => (
              <option key={c} value={c}>{FAILURE_LABELS[c]}</option>
            ))}
          </select>
        </div>
      </div>
      <form role="search" aria-label="Find a patient's messages" onSubmit={submit} noValidate>
        <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor={searchId}>NHS number</label>
          {error && (
            <span className="nhsuk-error-message" id={errorId}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          )}
          <input
            className={`nhsuk-input nhsuk-input--width-10${error ? ' nhsuk-input--error' : ''}`}
            id={searchId}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={search}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">Search</button>{' '}
        {value.nhsNumber !== null && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={clear}>Show everyone</button>
        )}
      </form>
    </div>
  );
}
