// One labelled date or time input of the schedule form, with its hint and error wired for
// assistive technology. Native date and time inputs work by keyboard and give `YYYY-MM-DD` and
// `HH:MM`; the validation still checks whatever arrives.

import type { ScheduleField } from '../../domain/schedule/types';
import { FieldErrorMessage } from '../forms/FieldErrorMessage';
import { scheduleIds } from './scheduleFieldIds';

export interface ScheduleInputFieldProps {
  readonly field: ScheduleField;
  readonly type: 'date' | 'time';
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly error: string | undefined;
  /** For a date: the earliest one the picker offers, `YYYY-MM-DD`. */
  readonly min?: string;
  onChange(value: string): void;
}

export function ScheduleInputField({ field, type, label, hint, value, error, min, onChange }: ScheduleInputFieldProps) {
  const hasHint = hint !== undefined;
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={scheduleIds.fieldId(field)}>{label}</label>
      {hasHint && <div className="nhsuk-hint" id={scheduleIds.hintId(field)}>{hint}</div>}
      <FieldErrorMessage ids={scheduleIds} field={field} message={error} />
      <input
        className={`nhsuk-input ${type === 'time' ? 'nhsuk-input--width-5' : 'nhsuk-input--width-10'}${error !== undefined ? ' nhsuk-input--error' : ''}`}
        id={scheduleIds.fieldId(field)}
        name={field}
        type={type}
        value={value}
        min={min}
        autoComplete="off"
        aria-describedby={scheduleIds.describedBy(field, hasHint, error !== undefined)}
        aria-invalid={error !== undefined ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
