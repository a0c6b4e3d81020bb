// A radio question in a fieldset whose legend names it. An option may have a hint and may reveal
// more fields while chosen (NHS "conditional reveal"); the revealed part stays in the page,
// hidden by the design system's class, so aria-controls always points at something. (No
// aria-expanded: a radio button has no expanded state in ARIA.)

import type { ReactNode } from 'react';
import { FieldErrorMessage } from './FieldErrorMessage';
import type { FormIds } from './formIds';

export interface RadioOption<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly hint?: string;
  /** Shown below the option while it is chosen. */
  readonly reveals?: ReactNode;
}

export interface RadioGroupProps<F extends string, V extends string> {
  readonly ids: FormIds<F>;
  readonly field: F;
  readonly legend: string;
  /** nhsuk-fieldset__legend--s, --m or --l. */
  readonly legendSize?: 's' | 'm' | 'l';
  readonly hint?: string;
  readonly options: readonly RadioOption<V>[];
  readonly value: V;
  readonly error: string | undefined;
  onChange(value: V): void;
}

export function RadioGroup<F extends string, V extends string>({ ids, field, legend, legendSize = 's', hint, options, value, error, onChange }: RadioGroupProps<F, V>) {
  const hasHint = hint !== undefined;
  // The first option's id is the field's, so error summary links land on the group.
  const optionId = (index: number, optionValue: string): string => (index === 0 ? ids.fieldId(field) : `${ids.fieldId(field)}-${optionValue}`);
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={ids.describedBy(field, hasHint, error !== undefined)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hasHint && <div className="nhsuk-hint" id={ids.hintId(field)}>{hint}</div>}
        <FieldErrorMessage ids={ids} field={field} message={error} />
        <div className="nhsuk-radios nhsuk-radios--conditional">
          {options.map((option, index) => {
            const id = optionId(index, option.value);
            const checked = option.value === value;
            const optionHintId = `${id}-item-hint`;
            const conditionalId = `conditional-${id}`;
            return (
              <div key={option.value}>
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id={id}
                    name={`${ids.form}-${field}`}
                    type="radio"
                    value={option.value}
                    checked={checked}
                    aria-describedby={option.hint !== undefined ? optionHintId : undefined}
                    aria-controls={option.reveals !== undefined ? conditionalId : undefined}
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
