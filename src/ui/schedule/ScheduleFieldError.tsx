// A schedule field's error message as the NHS design system shows it, with the hidden "Error:" prefix.

import type { ScheduleField } from '../../domain/schedule/types';
import { errorId } from './scheduleFieldIds';

export function ScheduleFieldError({ field, message }: { field: ScheduleField; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <span className="nhsuk-error-message" id={errorId(field)}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}
