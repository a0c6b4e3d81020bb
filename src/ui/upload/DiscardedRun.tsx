// The situation after Discard this run: when and how far it got, what was dropped and what stays
// on record, and its statistics (the messages the Spine acknowledged or refused).

import type { RunRecord } from '../../domain/model/runs';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { RunStatistics } from '../components/RunStatistics';
import { formatCount, formatDateTime } from '../format';
import { RUN_KIND_NAMES_UI } from '../runNames';

export function DiscardedRun({ run, messages }: { run: RunRecord; messages: OutboxCounts | null }) {
  const d = run.discarded;
  const dropped = d?.dropped ?? 0;
  return (
    <section className="nhsuk-card app-situation" aria-labelledby="discarded-title" data-testid="situation-discarded">
      <div className="nhsuk-card__content">
        <h2 id="discarded-title" className="nhsuk-card__heading">Run discarded</h2>
        <p className="nhsuk-body">
          {RUN_KIND_NAMES_UI[run.kind]} was discarded{d ? ` on ${formatDateTime(d.at)}` : ''} after checking {formatCount(run.counts.checked)} of{' '}
          {formatCount(run.total)} patients. <span data-testid="discarded-dropped">{formatCount(dropped)} unsent message{dropped === 1 ? ' was' : 's were'} dropped</span>
          {d !== undefined && d.mayBeOnSpine > 0 ? ` (${formatCount(d.mayBeOnSpine)} of them had lost an answer, so the Spine may hold those)` : ''}; what the Spine acknowledged
          stays on record, and a later run replaces it.
        </p>
        <RunStatistics run={run} messages={messages} showRates={false} />
      </div>
    </section>
  );
}
