// A field's error message as the NHS design system shows it, with the hidden "Error:" prefix.

import { errorId } from './fieldIds';
import type { SettingsField } from '../../domain/settings/formValues';

export function FieldErrorMessage({ field, message }: { field: SettingsField; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <span className="nhsuk-error-message" id={errorId(field)}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}
