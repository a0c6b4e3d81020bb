// TanStack Query option factories over engine calls. Worker calls are not network calls: they
// must run offline too, hence `networkMode: 'always'`; data changes only when the engine says
// so (engineEvents.ts), hence `staleTime: Infinity`.

import { queryOptions, QueryClient } from '@tanstack/react-query';
import type { EngineBridge } from '../engine/engineBridge';

export const engineKeys = {
  status: ['engine', 'status'] as const,
  practice: ['engine', 'practice'] as const,
  logAll: ['engine', 'log'] as const,
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
