// One labelled text input with its hint and error, wired for assistive technology.

import type { ReactNode } from 'react';
import type { SettingsField } from '../../domain/settings/formValues';
import { FieldErrorMessage } from '../forms/FieldErrorMessage';
import { settingsIds } from './fieldIds';

export interface TextFieldProps {
  readonly field: SettingsField;
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

export function TextField({ field, label, hint, value, error, onChange, type = 'text', inputMode, widthClass = 'nhsuk-u-width-full', autoComplete = 'off', suffix }: TextFieldProps) {
  const hasHint = hint !== undefined;
  const input = (
    <input
      className={`nhsuk-input ${widthClass}${error !== undefined ? ' nhsuk-input--error' : ''}`}
      id={settingsIds.fieldId(field)}
      name={field}
      type={type}
      inputMode={inputMode}
      value={value}
      autoComplete={autoComplete}
      spellCheck={false}
      aria-describedby={settingsIds.describedBy(field, hasHint, error !== undefined)}
      aria-invalid={error !== undefined ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={settingsIds.fieldId(field)}>{label}</label>
      {hasHint && <div className="nhsuk-hint" id={settingsIds.hintId(field)}>{hint}</div>}
      <FieldErrorMessage ids={settingsIds} field={field} message={error} />
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
