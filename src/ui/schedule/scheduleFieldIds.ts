// Element ids for the schedule form, fixed per field so the error summary can link to them and
// inputs can name their hint and error in aria-describedby.

import type { ScheduleField } from '../../domain/schedule/types';

export const fieldId = (field: ScheduleField): string => `schedule-${field}`;
export const hintId = (field: ScheduleField): string => `schedule-${field}-hint`;
export const errorId = (field: ScheduleField): string => `schedule-${field}-error`;

/** aria-describedby for a field: its hint (if shown) then its error (if any). */
export function describedBy(field: ScheduleField, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? hintId(field) : null, hasError ? errorId(field) : null].filter((id): id is string => id !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
