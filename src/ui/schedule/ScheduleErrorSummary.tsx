// The NHS error summary above the schedule form: focused when problems appear so screen readers
// announce them; each problem is a link that moves focus to its field.

import { useEffect, useRef } from 'react';
import type { ScheduleFieldError } from '../../domain/schedule/types';
import { fieldId } from './scheduleFieldIds';

export function ScheduleErrorSummary({ errors }: { errors: readonly ScheduleFieldError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // Keyed on the content: an equal list rebuilt on every render must not pull focus from the field being typed in.
  const content = errors.map((e) => `${e.field}\n${e.message}`).join('\n');
  useEffect(() => {
    if (content !== '') ref.current?.focus();
  }, [content]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="nhsuk-error-summary" aria-labelledby="schedule-error-summary-title" role="alert" tabIndex={-1} data-testid="schedule-error-summary">
      <h2 className="nhsuk-error-summary__title" id="schedule-error-summary-title">There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((error) => (
            <li key={error.field}>
              <a
                href={`#${fieldId(error.field)}`}
                onClick={(e) => {
                  // A fragment link scrolls but does not focus the input; move focus there.
                  const target = document.getElementById(fieldId(error.field));
                  if (target === null) return;
                  e.preventDefault();
                  target.focus();
                  target.scrollIntoView({ block: 'center' });
                }}
              >
                {error.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
