// The NHS error summary at the top of a form: focused when problems appear so screen readers
// announce them; each problem is a link that moves focus to its field.

import { useEffect, useRef } from 'react';
import type { FormIds } from './formIds';

export interface FormProblem<F extends string> {
  readonly field: F;
  readonly message: string;
}

export function ErrorSummary<F extends string>({ ids, errors }: { ids: FormIds<F>; errors: readonly FormProblem<F>[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // Keyed on the content, not the array: a parent that rebuilds an equal list on every render
  // must not pull focus away from the field being typed in.
  const content = errors.map((e) => `${e.field}\n${e.message}`).join('\n');
  useEffect(() => {
    if (content !== '') ref.current?.focus();
  }, [content]);
  if (errors.length === 0) return null;
  const titleId = `${ids.form}-error-summary-title`;
  return (
    <div ref={ref} className="nhsuk-error-summary" aria-labelledby={titleId} role="alert" tabIndex={-1} data-testid={`${ids.form}-error-summary`}>
      <h2 className="nhsuk-error-summary__title" id={titleId}>There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((error) => (
            <li key={error.field}>
              <a
                href={`#${ids.fieldId(error.field)}`}
                onClick={(e) => {
                  // A fragment link scrolls but does not focus the input; move focus there.
                  const target = document.getElementById(ids.fieldId(error.field));
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
