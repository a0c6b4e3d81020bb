// One checkbox with its hint (NHS checkboxes, single item).

import type { SettingsField } from '../../domain/settings/formValues';
import { fieldId, hintId } from './fieldIds';

export interface CheckboxFieldProps {
  readonly field: SettingsField;
  readonly label: string;
  readonly hint?: string;
  readonly checked: boolean;
  onChange(checked: boolean): void;
}

export function CheckboxField({ field, label, hint, checked, onChange }: CheckboxFieldProps) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={fieldId(field)}
            name={field}
            type="checkbox"
            checked={checked}
            aria-describedby={hint !== undefined ? hintId(field) : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={fieldId(field)}>{label}</label>
          {hint !== undefined && <div className="nhsuk-hint nhsuk-checkboxes__hint" id={hintId(field)}>{hint}</div>}
        </div>
      </div>
    </div>
  );
}
