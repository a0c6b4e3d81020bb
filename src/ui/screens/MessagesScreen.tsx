// Messages: the latest run's outbox, as the practice watches it being sent — counts by state, a
// live chart of sends per minute, a filterable, paged list, CSV export, one message in full,
// and Reprocess (one failed message, or all of them, with the same request ids).

import { useCallback, useEffect, useState } from 'react';
import type { RunRecord } from '../../domain/model/runs';
import type { MessageFilter } from '../../shared/monitor';
import { BridgeCallError } from '../engine/engineBridge';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { downloadBlob } from '../download';
import { formatCount, formatDateTime } from '../format';
import { MessageCounts } from '../monitor/MessageCounts';
import { MessageDetailView } from '../monitor/MessageDetailView';
import { MessageFilters, type ListFilter } from '../monitor/MessageFilters';
import { MessageTable } from '../monitor/MessageTable';
import { ReprocessResult, type ReprocessOutcome } from '../monitor/ReprocessResult';
import { SendsChart } from '../monitor/SendsChart';
import { useMessageCounts, useMessagePage, useMessagesCsv, useReprocessMessages } from '../monitor/monitorQueries';
import { pageRangeText } from '../monitor/text';
import { useLatestRun } from '../queries/hooks';
import { RUN_KIND_NAMES_UI } from '../runNames';

const PAGE = 50;

interface ListView extends ListFilter {
  readonly offset: number;
}

const EVERYTHING: ListView = { state: null, failureCode: null, nhsNumber: null, offset: 0 };

function useReprocess(runId: number) {
  const mutation = useReprocessMessages();
  const [outcome, setOutcome] = useState<ReprocessOutcome | null>(null);
  const run = async (requestIds: readonly string[] | null) => {
    setOutcome(null);
    try {
      const result = await mutation.mutateAsync({ runId, requestIds });
      setOutcome(result.ok ? { ok: true, count: result.value.count } : { ok: false, error: result.error });
    } catch (e) {
      setOutcome({ ok: false, error: e instanceof BridgeCallError ? e.error : { code: 'internal', message: String(e) } });
    }
  };
  return { run, outcome, clear: () => setOutcome(null), pending: mutation.isPending };
}

function MessageList({ runId, view, onView, onOpen, focusRequestId, onFocused }: {
  runId: number;
  view: ListView;
  onView(next: ListView): void;
  onOpen(requestId: string): void;
  focusRequestId: string | null;
  onFocused(): void;
}) {
  const filter: MessageFilter = { runId, state: view.state, failureCode: view.failureCode, nhsNumber: view.nhsNumber };
  const page = useMessagePage(filter, view.offset, PAGE);
  const csv = useMessagesCsv();
  const total = page.data?.total ?? 0;
  const items = page.data?.items ?? [];

  // Rows move between states while a run sends: a page past the end slides back to the last one.
  useEffect(() => {
    if (page.data && !page.isPlaceholderData && view.offset > 0 && view.offset >= page.data.total) {
      onView({ ...view, offset: Math.max(0, Math.floor((page.data.total - 1) / PAGE) * PAGE) });
    }
  }, [page.data, page.isPlaceholderData, view, onView]);

  const exportCsv = async () => {
    const file = await csv.mutateAsync(filter);
    const suffix = [view.state, view.failureCode, view.nhsNumber].filter((p) => p !== null).join('-');
    downloadBlob(`scr-messages-run-${runId}${suffix === '' ? '' : `-${suffix}`}.csv`, file);
  };

  return (
    <section aria-labelledby="message-list-title">
      <h2 id="message-list-title">Message list</h2>
      <MessageFilters value={view} onChange={(f) => onView({ ...f, offset: 0 })} />
      <p className="nhsuk-body" data-testid="message-range">{page.isPending ? 'Reading messages…' : pageRangeText(page.data?.offset ?? view.offset, items.length, total)}</p>
      {page.isError && <p className="nhsuk-error-message" role="alert">The messages could not be read: {page.error.message}</p>}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void exportCsv()} disabled={total === 0 || csv.isPending}>
        {csv.isPending ? 'Preparing the CSV…' : 'Download as CSV'}
      </button>
      {csv.isError && <p className="nhsuk-error-message" role="alert">The CSV could not be made: {csv.error.message}</p>}
      {items.length > 0 && <MessageTable items={items} onOpen={onOpen} focusRequestId={focusRequestId} onFocused={onFocused} />}
      <nav className="app-pager" aria-label="Pages of messages">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={view.offset === 0} onClick={() => onView({ ...view, offset: Math.max(0, view.offset - PAGE) })}>Previous</button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={view.offset + PAGE >= total} onClick={() => onView({ ...view, offset: view.offset + PAGE })}>Next</button>
      </nav>
    </section>
  );
}

function RunMessages({ run }: { run: RunRecord & { id: number } }) {
  const runId = run.id;
  const [view, setView] = useState<ListView>(EVERYTHING);
  const [openId, setOpenId] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const counts = useMessageCounts(runId);
  const reprocess = useReprocess(runId);
  const failed = counts.data?.failed ?? 0;
  const onFocused = useCallback(() => setFocusId(null), []);

  if (openId !== null) {
    return (
      <MessageDetailView
        requestId={openId}
        canReprocess
        reprocessing={reprocess.pending}
        outcome={reprocess.outcome}
        onReprocess={(id) => void reprocess.run([id])}
        onBack={() => {
          reprocess.clear();
          setFocusId(openId);
          setOpenId(null);
        }}
      />
    );
  }

  return (
    <>
      <p className="nhsuk-body">
        {RUN_KIND_NAMES_UI[run.kind]} (run {run.id}), started {formatDateTime(run.createdAt)}. A message counts as Sent only once the Spine has acknowledged it.
      </p>
      <div className="app-overview-grid">
        <MessageCounts runId={runId} />
        <SendsChart />
      </div>
      <ReprocessResult outcome={reprocess.outcome} />
      {failed > 0 && (
        <button type="button" className="nhsuk-button" disabled={reprocess.pending} onClick={() => setConfirmAll(true)}>
          Reprocess all failed
        </button>
      )}
      <ConfirmDialog
        open={confirmAll}
        title="Reprocess all failed messages"
        message={`This sends the ${formatCount(failed)} failed ${failed === 1 ? 'message' : 'messages'} of this run again, with the same request ids and the whole retry schedule. Do you wish to proceed?`}
        confirmLabel="Yes, reprocess them"
        onConfirm={() => {
          setConfirmAll(false);
          void reprocess.run(null);
        }}
        onCancel={() => setConfirmAll(false)}
      />
      <MessageList
        runId={runId}
        view={view}
        onView={setView}
        onOpen={(id) => {
          reprocess.clear();
          setOpenId(id);
        }}
        focusRequestId={focusId}
        onFocused={onFocused}
      />
    </>
  );
}

export function MessagesScreen() {
  const latest = useLatestRun();
  const run = latest.data;
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      {latest.isPending ? (
        <p className="nhsuk-body">Reading the latest run…</p>
      ) : !run || run.id === undefined ? (
        <p className="nhsuk-body">The upload has not been run yet: there are no messages.</p>
      ) : (
        <RunMessages run={{ ...run, id: run.id }} key={run.id} />
      )}
    </section>
  );
}
