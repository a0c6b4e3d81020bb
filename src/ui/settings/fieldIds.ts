// Element ids for the settings form, fixed per field so the error summary can link to them and
// inputs can name their hint and error in aria-describedby.

import type { SettingsField } from '../../domain/settings/formValues';

export const fieldId = (field: SettingsField): string => `settings-${field}`;
export const hintId = (field: SettingsField): string => `settings-${field}-hint`;
export const errorId = (field: SettingsField): string => `settings-${field}-error`;

/** aria-describedby for a field: its hint (if shown) then its error (if any). */
export function describedBy(field: SettingsField, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? hintId(field) : null, hasError ? errorId(field) : null].filter((id): id is string => id !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
