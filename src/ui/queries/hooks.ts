// Hooks the components read. They hide the bridge, Comlink and the cache keys.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useEngineBridge } from '../engine/EngineContext';
import type { BridgeHealth } from '../engine/engineBridge';
import { applyEngineEvent } from './engineEvents';
import { engineKeys, logQuery, practiceQuery, statusQuery } from './engineQueries';
import type { DemoLoadOptions } from '../../worker/engine';
import type { Result } from '../../shared/errors';

/** Subscribes the query cache to the engine's events for the life of the app. */
export function useEngineEvents(): void {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  useEffect(() => bridge.subscribe((event) => applyEngineEvent(client, event)), [bridge, client]);
  // After a worker restart, nothing cached can be trusted: refetch everything from the engine.
  useEffect(
    () =>
      bridge.onHealth((h) => {
        if (h.state === 'ready') void client.invalidateQueries({ queryKey: ['engine'] });
      }),
    [bridge, client],
  );
}

export function useEngineStatus() {
  return useQuery(statusQuery(useEngineBridge()));
}

export function usePractice() {
  return useQuery(practiceQuery(useEngineBridge()));
}

export function useLog(afterId: number, limit: number) {
  return useQuery(logQuery(useEngineBridge(), afterId, limit));
}

export function useBridgeHealth(): BridgeHealth {
  const bridge = useEngineBridge();
  const [health, setHealth] = useState(bridge.health());
  useEffect(() => bridge.onHealth(setHealth), [bridge]);
  return health;
}

export function useStartDemoLoad() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: DemoLoadOptions) => bridge.call<Result<null>>((api) => api.startDemoLoad(options)),
    onSettled: () => client.invalidateQueries({ queryKey: engineKeys.status }),
  });
}

export function useCancelJob() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: () => bridge.call<Result<null>>((api) => api.cancel()) });
}

export function useLogText() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: () => bridge.call((api) => api.logText()) });
}
