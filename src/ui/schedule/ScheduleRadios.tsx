// A radio question of the schedule form in a fieldset whose legend names it. An option may reveal
// more fields while chosen (NHS "conditional reveal"); the revealed part stays in the page,
// hidden by the design system's class, so aria-controls always points at something.

import type { ReactNode } from 'react';
import type { ScheduleField } from '../../domain/schedule/types';
import { ScheduleFieldError } from './ScheduleFieldError';
import { describedBy, fieldId, hintId } from './scheduleFieldIds';

export interface ScheduleRadioOption<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly reveals?: ReactNode;
}

export interface ScheduleRadiosProps<V extends string> {
  readonly field: ScheduleField;
  readonly legend: string;
  readonly hint?: string;
  readonly options: readonly ScheduleRadioOption<V>[];
  readonly value: V;
  readonly error: string | undefined;
  onChange(value: V): void;
}

/** The first option's id is the field's, so error summary links land on the group. */
const optionId = (field: ScheduleField, index: number, value: string): string => (index === 0 ? fieldId(field) : `${fieldId(field)}-${value}`);

export function ScheduleRadios<V extends string>({ field, legend, hint, options, value, error, onChange }: ScheduleRadiosProps<V>) {
  const hasHint = hint !== undefined;
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(field, hasHint, error !== undefined)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hasHint && <div className="nhsuk-hint" id={hintId(field)}>{hint}</div>}
        <ScheduleFieldError field={field} message={error} />
        <div className="nhsuk-radios nhsuk-radios--conditional">
          {options.map((option, index) => {
            const id = optionId(field, index, option.value);
            const checked = option.value === value;
            const conditionalId = `conditional-${id}`;
            return (
              <div key={option.value}>
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id={id}
                    name={field}
                    type="radio"
                    value={option.value}
                    checked={checked}
                    aria-controls={option.reveals !== undefined ? conditionalId : undefined}
                    aria-expanded={option.reveals !== undefined ? checked : undefined}
                    onChange={() => onChange(option.value)}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>{option.label}</label>
                </div>
                {option.reveals !== undefined && (
                  <div className={`nhsuk-radios__conditional${checked ? '' : ' nhsuk-radios__conditional--hidden'}`} id={conditionalId}>
                    {option.reveals}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
