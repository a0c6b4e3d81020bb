// What Reprocess did: how many messages will be sent again, or why nothing was done.

import type { EngineError } from '../../shared/errors';
import { ProblemSummary } from '../components/ProblemSummary';
import { formatCount } from '../format';

export type ReprocessOutcome = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: EngineError };

export function ReprocessResult({ outcome }: { outcome: ReprocessOutcome | null }) {
  if (outcome === null) return null;
  if (!outcome.ok) {
    return <ProblemSummary title="The messages were not reprocessed" message={outcome.error.message} />;
  }
  return (
    <p className="nhsuk-inset-text" role="status" data-testid="reprocess-result">
      {formatCount(outcome.count)} failed {outcome.count === 1 ? 'message is' : 'messages are'} queued to be sent again, with the same request {outcome.count === 1 ? 'id' : 'ids'}.
    </p>
  );
}
