// One checkbox with its hint (NHS checkboxes, single item).

import type { SettingsField } from '../../domain/settings/formValues';
import { settingsIds } from './fieldIds';

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
            id={settingsIds.fieldId(field)}
            name={field}
            type="checkbox"
            checked={checked}
            aria-describedby={hint !== undefined ? settingsIds.hintId(field) : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={settingsIds.fieldId(field)}>{label}</label>
          {hint !== undefined && <div className="nhsuk-hint nhsuk-checkboxes__hint" id={settingsIds.hintId(field)}>{hint}</div>}
        </div>
      </div>
    </div>
  );
}
