// Discard this run: ends an unfinished run for good, after asking. Its unsent messages are
// dropped; what the Spine acknowledged stays on record; a new run, an import or deleting the
// practice data can then go ahead.

import { useState } from 'react';
import type { RunRecord } from '../../domain/model/runs';
import type { EngineError } from '../../shared/errors';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProblemSummary } from '../components/ProblemSummary';
import { formatCount } from '../format';
import { RUN_KIND_NAMES_UI } from '../runNames';
import { useDiscardRun } from './runControlQueries';

export function DiscardRun({ run, messages }: { run: RunRecord; messages: OutboxCounts | null }) {
  const discard = useDiscardRun();
  const [asking, setAsking] = useState(false);
  const [refusal, setRefusal] = useState<EngineError | null>(null);
  const unsent = messages === null ? null : messages.queued + messages.sending + messages.waiting;
  const sent = messages?.sent ?? null;
  const confirm = async () => {
    setAsking(false);
    const result = await discard.mutateAsync();
    setRefusal(result.ok ? null : result.error);
  };
  return (
    <section className="app-discard" aria-labelledby="discard-title" data-testid="discard-run">
      <h2 id="discard-title" className="nhsuk-heading-s">Started on the wrong data?</h2>
      <p className="nhsuk-body">
        Discard this run to end it for good: the messages not yet sent are dropped, what the Spine has acknowledged stays on record, and Run,
        Import and Delete practice data become possible again. It cannot be resumed afterwards.
      </p>
      {refusal && <ProblemSummary title="The run was not discarded" message={refusal.message} testId="discard-refused" />}
      <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={discard.isPending} onClick={() => setAsking(true)}>
        Discard this run
      </button>
      {asking && (
        <ConfirmDialog
          open
          title="Discard this run"
          message={`This ends ${RUN_KIND_NAMES_UI[run.kind]} for good after ${formatCount(run.counts.checked)} of ${formatCount(run.total)} patients checked. ${unsent === null ? 'The messages not yet sent' : `The ${formatCount(unsent)} messages not yet sent`} are dropped and will not be sent; ${sent === null ? 'the messages' : `the ${formatCount(sent)} messages`} the Spine acknowledged stay on record. It cannot be resumed. Do you wish to discard it?`}
          confirmLabel="Yes, discard this run"
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}
