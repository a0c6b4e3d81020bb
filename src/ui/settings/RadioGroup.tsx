// A radio group in a fieldset whose legend names the question. An option may reveal more fields
// when chosen (NHS "conditional reveal"); the revealed part stays in the page, hidden by the
// design system's class, so aria-controls always points at something.

import type { ReactNode } from 'react';
import type { SettingsField } from '../../domain/settings/formValues';
import { FieldErrorMessage } from './FieldError';
import { describedBy, fieldId, hintId } from './fieldIds';

export interface RadioOption {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
  /** Shown below the option while it is chosen. */
  readonly reveals?: ReactNode;
}

export interface RadioGroupProps {
  readonly field: SettingsField;
  readonly legend: string;
  /** nhsuk-fieldset__legend--m etc. */
  readonly legendSize?: 's' | 'm' | 'l';
  readonly hint?: string;
  readonly options: readonly RadioOption[];
  readonly value: string;
  readonly error: string | undefined;
  onChange(value: string): void;
}

/** The first option's id is the field's, so error summary links land on the group. */
const optionId = (field: SettingsField, index: number, value: string): string => (index === 0 ? fieldId(field) : `${fieldId(field)}-${value}`);

export function RadioGroup({ field, legend, legendSize = 's', hint, options, value, error, onChange }: RadioGroupProps) {
  const hasHint = hint !== undefined;
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(field, hasHint, error !== undefined)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hasHint && <div className="nhsuk-hint" id={hintId(field)}>{hint}</div>}
        <FieldErrorMessage field={field} message={error} />
        <div className="nhsuk-radios nhsuk-radios--conditional">
          {options.map((option, index) => {
            const id = optionId(field, index, option.value);
            const checked = option.value === value;
            const optionHintId = `${id}-item-hint`;
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
                    aria-describedby={option.hint !== undefined ? optionHintId : undefined}
                    aria-controls={option.reveals !== undefined ? conditionalId : undefined}
                    aria-expanded={option.reveals !== undefined ? checked : undefined}
                    onChange={() => onChange(option.value)}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>{option.label}</label>
                  {option.hint !== undefined && <div className="nhsuk-hint nhsuk-radios__hint" id={optionHintId}>{option.hint}</div>}
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
