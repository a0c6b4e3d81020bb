// The NHS error summary for something that could not be done (not a form's field errors: those
// are forms/ErrorSummary). Focused when it appears and whenever its message changes, so a screen
// reader reads it at once and the keyboard goes on from it.

import { useEffect, useId, useRef } from 'react';

export interface ProblemSummaryProps {
  readonly title: string;
  readonly message: string;
  readonly testId?: string;
}

export function ProblemSummary({ title, message, testId }: ProblemSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, [title, message]);
  return (
    <div ref={ref} className="nhsuk-error-summary" aria-labelledby={titleId} role="alert" tabIndex={-1} data-testid={testId}>
      <h2 className="nhsuk-error-summary__title" id={titleId}>{title}</h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
      </div>
    </div>
  );
}
