// One labelled text input with its hint and error, wired for assistive technology.

import type { ReactNode } from 'react';
import { FieldErrorMessage } from '../forms/FieldErrorMessage';
import type { FormIds } from '../forms/formIds';

export interface TextFieldProps<F extends string> {
  /** The form's ids (each form has its own prefix). */
  readonly ids: FormIds<F>;
  readonly field: F;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly value: string;
  readonly error: string | undefined;
  onChange(value: string): void;
  readonly type?: 'text' | 'url' | 'password';
  readonly inputMode?: 'text' | 'url' | 'numeric' | 'decimal';
  /** nhsuk-input--width-N or nhsuk-u-width-full. */
  readonly widthClass?: string;
  readonly autoComplete?: string;
  /** Shown after the input, e.g. a unit. */
  readonly suffix?: string;
}

export function TextField<F extends string>({ ids, field, label, hint, value, error, onChange, type = 'text', inputMode, widthClass = 'nhsuk-u-width-full', autoComplete = 'off', suffix }: TextFieldProps<F>) {
  const hasHint = hint !== undefined;
  const input = (
    <input
      className={`nhsuk-input ${widthClass}${error !== undefined ? ' nhsuk-input--error' : ''}`}
      id={ids.fieldId(field)}
      name={field}
      type={type}
      inputMode={inputMode}
      value={value}
      autoComplete={autoComplete}
      spellCheck={false}
      aria-describedby={ids.describedBy(field, hasHint, error !== undefined)}
      aria-invalid={error !== undefined ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={ids.fieldId(field)}>{label}</label>
      {hasHint && <div className="nhsuk-hint" id={ids.hintId(field)}>{hint}</div>}
      <FieldErrorMessage ids={ids} field={field} message={error} />
      {suffix === undefined ? (
        input
      ) : (
        <div className="nhsuk-input-wrapper">
          {input}
          <div className="nhsuk-input__suffix" aria-hidden="true">{suffix}</div>
        </div>
      )}
    </div>
  );
}
