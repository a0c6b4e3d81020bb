// TanStack Query option factories over engine calls. Worker calls are not network calls: they
// must run offline too, hence `networkMode: 'always'`; data changes only when the engine says
// so (engineEvents.ts), hence `staleTime: Infinity`.

import { queryOptions, QueryClient } from '@tanstack/react-query';
import type { EngineBridge } from '../engine/engineBridge';
import type { FailedReason } from '../../domain/eligibility';

export const engineKeys = {
  status: ['engine', 'status'] as const,
  practice: ['engine', 'practice'] as const,
  logAll: ['engine', 'log'] as const,
  /** Every message monitor query (src/ui/monitor/monitorQueries.ts keeps its keys under this). */
  messagesAll: ['engine', 'messages'] as const,
  /** The upload schedule (src/ui/schedule/scheduleQueries.ts). */
  schedule: ['engine', 'schedule'] as const,
  latestRun: ['engine', 'runs', 'latest'] as const,
  runsAll: ['engine', 'runs'] as const,
  failures: (runId: number, reason: string | null, offset: number, limit: number) => ['engine', 'runs', 'failures', runId, reason, offset, limit] as const,
  patients: (query: string, offset: number, limit: number) => ['engine', 'patients', query, offset, limit] as const,
  patientsAll: ['engine', 'patients'] as const,
  preview: (seq: number) => ['engine', 'patients', 'preview', seq] as const,
  log: (afterId: number, limit: number) => ['engine', 'log', afterId, limit] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: Infinity, retry: 1, refetchOnWindowFocus: false },
      mutations: { networkMode: 'always' },
    },
  });
}

export const statusQuery = (bridge: EngineBridge) =>
  queryOptions({ queryKey: engineKeys.status, queryFn: () => bridge.call((api) => api.status()) });

export const practiceQuery = (bridge: EngineBridge) =>
  queryOptions({ queryKey: engineKeys.practice, queryFn: () => bridge.call((api) => api.practice()) });

export const logQuery = (bridge: EngineBridge, afterId: number, limit: number) =>
  queryOptions({ queryKey: engineKeys.log(afterId, limit), queryFn: () => bridge.call((api) => api.readLog(afterId, limit)) });

export const latestRunQuery = (bridge: EngineBridge) =>
  queryOptions({ queryKey: engineKeys.latestRun, queryFn: () => bridge.call((api) => api.latestRun()) });

export const failuresQuery = (bridge: EngineBridge, runId: number, reason: FailedReason | null, offset: number, limit: number) =>
  queryOptions({ queryKey: engineKeys.failures(runId, reason, offset, limit), queryFn: () => bridge.call((api) => api.listFailures(runId, reason, offset, limit)) });

export const patientsQuery = (bridge: EngineBridge, query: string, offset: number, limit: number) =>
  queryOptions({ queryKey: engineKeys.patients(query, offset, limit), queryFn: () => bridge.call((api) => api.findPatients(query, offset, limit)) });

export const previewQuery = (bridge: EngineBridge, seq: number) =>
  queryOptions({ queryKey: engineKeys.preview(seq), queryFn: () => bridge.call((api) => api.preview(seq)) });
