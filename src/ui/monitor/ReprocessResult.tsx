// What Reprocess did: how many messages will be sent again, or why nothing was done.

import type { EngineError } from '../../shared/errors';
import { formatCount } from '../format';

export type ReprocessOutcome = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: EngineError };

export function ReprocessResult({ outcome }: { outcome: ReprocessOutcome | null }) {
  if (outcome === null) return null;
  if (!outcome.ok) {
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="nhsuk-error-summary__title">The messages were not reprocessed</h2>
        <div className="nhsuk-error-summary__body">
          <p>{outcome.error.message}</p>
        </div>
      </div>
    );
  }
  return (
    <p className="nhsuk-inset-text" role="status" data-testid="reprocess-result">
      {formatCount(outcome.count)} failed {outcome.count === 1 ? 'message is' : 'messages are'} queued to be sent again, with the same request {outcome.count === 1 ? 'id' : 'ids'}.
    </p>
  );
}
