// The schedule's query and operations. The key lives under ['engine'] so a worker restart
// refetches it; the engine's schedule-changed event invalidates it.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RunKind } from '../../domain/model/runs';
import type { ScheduleInput } from '../../domain/schedule/types';
import { useEngineBridge } from '../engine/EngineContext';
import { engineKeys } from '../queries/engineQueries';

export const scheduleKey = engineKeys.schedule;

export function useSchedule() {
  const bridge = useEngineBridge();
  return useQuery({ queryKey: scheduleKey, queryFn: () => bridge.call((api) => api.schedule()) });
}

export function useScheduleOperations() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: scheduleKey });
  return {
    set: useMutation({ mutationFn: ({ input, kind }: { input: ScheduleInput; kind: RunKind | null }) => bridge.call((api) => api.setSchedule(input, kind)), onSettled }),
    clear: useMutation({ mutationFn: () => bridge.call((api) => api.clearSchedule()), onSettled }),
    cancelResume: useMutation({ mutationFn: () => bridge.call((api) => api.cancelScheduledResume()), onSettled }),
  };
}
