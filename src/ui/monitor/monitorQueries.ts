// The message monitor's queries. Keys live under ['engine', 'messages'] so one engine event
// (or a bridge restart, which invalidates ['engine']) refreshes all of them. Outbox rows change
// while a run sends without any event saying so row by row, so these queries also poll while
// a run is running, and are never considered fresh for long (staleTime below).

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageFilter } from '../../shared/monitor';
import { CSV_TYPE, fileFromStream } from '../download';
import { useEngineBridge } from '../engine/EngineContext';
import { engineKeys } from '../queries/engineQueries';
import { useEngineStatus } from '../queries/hooks';

export const messageKeys = {
  all: ['engine', 'messages'] as const,
  page: (filter: MessageFilter, offset: number, limit: number) => ['engine', 'messages', 'page', filter.runId, filter.state, filter.failureCode, filter.nhsNumber, offset, limit] as const,
  counts: (runId: number) => ['engine', 'messages', 'counts', runId] as const,
  detail: (requestId: string) => ['engine', 'messages', 'detail', requestId] as const,
  perMinute: ['engine', 'messages', 'per-minute'] as const,
};

/** While a run is running: the list, counts and an unfinished message's detail every 2 s. */
const LIVE_MS = 2_000;
const CHART_MS = 5_000;
/** Reopening the screen or changing the filter refetches anything older than this. */
const STALE_MS = 1_000;

/** The polling interval for outbox reads: LIVE_MS while a run is running, otherwise none. */
export function useLiveInterval(): number | false {
  const status = useEngineStatus();
  return status.data?.job.phase === 'running' ? LIVE_MS : false;
}

export function useMessagePage(filter: MessageFilter, offset: number, limit: number) {
  const bridge = useEngineBridge();
  return useQuery({
    queryKey: messageKeys.page(filter, offset, limit),
    queryFn: () => bridge.call((api) => api.listMessages(filter, offset, limit)),
    // Paging and polling keep the previous rows on screen until the next ones arrive.
    placeholderData: keepPreviousData,
    staleTime: STALE_MS,
    refetchInterval: useLiveInterval(),
  });
}

/**
 * A run's messages by state. Each count is a pass over the run's index entries (IndexedDB counts
 * by walking them), so a caller that has the counts another way passes `enabled` false rather
 * than have them counted every LIVE_MS: at 100,000 patients that polling took more of the
 * database's time than queueing the messages did.
 */
export function useMessageCounts(runId: number, enabled = true) {
  const bridge = useEngineBridge();
  return useQuery({
    queryKey: messageKeys.counts(runId),
    queryFn: () => bridge.call((api) => api.runMessageCounts(runId)),
    staleTime: STALE_MS,
    refetchInterval: useLiveInterval(),
    enabled,
  });
}

/** One message; polled while it can still change (not yet sent or failed). */
export function useMessageDetail(requestId: string) {
  const bridge = useEngineBridge();
  const live = useLiveInterval();
  return useQuery({
    queryKey: messageKeys.detail(requestId),
    queryFn: () => bridge.call((api) => api.messageDetail(requestId)),
    staleTime: STALE_MS,
    refetchInterval: (query) => {
      const state = query.state.data?.item.state;
      return state === 'sent' || state === 'failed' ? false : live;
    },
  });
}

/** Finished attempts per minute, every CHART_MS while the chart is on screen. */
export function useSendsPerMinute() {
  const bridge = useEngineBridge();
  return useQuery({
    queryKey: messageKeys.perMinute,
    queryFn: () => bridge.call((api) => api.sendsPerMinute()),
    staleTime: 0,
    refetchInterval: CHART_MS,
  });
}

export function useMessagesCsv() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: (filter: MessageFilter) => bridge.call((api) => api.messagesCsv(filter)).then((stream) => fileFromStream(stream, CSV_TYPE)) });
}

/** Reprocess failed messages of a run: the ones named, or all (null). */
export function useReprocessMessages() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, requestIds }: { runId: number; requestIds: readonly string[] | null }) => bridge.call((api) => api.reprocessMessages(runId, requestIds)),
    // Reprocessing changes rows and may reopen a completed run.
    onSettled: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: messageKeys.all }), client.invalidateQueries({ queryKey: engineKeys.runsAll }), client.invalidateQueries({ queryKey: engineKeys.status })]);
    },
  });
}
