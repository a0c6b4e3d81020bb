// Hooks the components read. They hide the bridge, Comlink and the cache keys.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useEngineBridge } from '../engine/EngineContext';
import type { BridgeHealth } from '../engine/engineBridge';
import { applyEngineEvent } from './engineEvents';
import { engineKeys, failuresQuery, latestRunQuery, logQuery, patientsQuery, practiceQuery, previewQuery, statusQuery } from './engineQueries';
import type { RunKind } from '../../domain/model/runs';
import type { FailedReason } from '../../domain/eligibility';
import type { DemoLoadOptions } from '../../worker/engine';
import { CSV_TYPE, fileFromStream, TEXT_TYPE } from '../download';

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
    mutationFn: (options: DemoLoadOptions) => bridge.call((api) => api.startDemoLoad(options)),
    onSettled: () => client.invalidateQueries({ queryKey: engineKeys.status }),
  });
}

export function useCancelJob() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: () => bridge.call((api) => api.cancel()) });
}

/** The whole log as a file (streamed from the engine). */
export function useLogFile() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: () => bridge.call((api) => api.logFile()).then((stream) => fileFromStream(stream, TEXT_TYPE)) });
}

export function useLatestRun() {
  return useQuery(latestRunQuery(useEngineBridge()));
}

export function useFailures(runId: number, reason: FailedReason | null, offset: number, limit: number) {
  return useQuery(failuresQuery(useEngineBridge(), runId, reason, offset, limit));
}

export function usePatients(query: string, offset: number, limit: number) {
  return useQuery(patientsQuery(useEngineBridge(), query, offset, limit));
}

export function usePreview(seq: number | null) {
  const bridge = useEngineBridge();
  return useQuery({ ...previewQuery(bridge, seq ?? 0), enabled: seq !== null });
}

/** Run, Rerun, Failed, Resume, Pause and Cancel Upload. */
export function useRunOperations() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: engineKeys.runsAll });
  return {
    start: useMutation({ mutationFn: (kind: RunKind) => bridge.call((api) => api.startRun(kind)), onSettled }),
    resume: useMutation({ mutationFn: () => bridge.call((api) => api.resume()), onSettled }),
    pause: useMutation({ mutationFn: () => bridge.call((api) => api.pause()) }),
    stop: useMutation({ mutationFn: () => bridge.call((api) => api.stop()) }),
  };
}

export function useFailuresCsv() {
  const bridge = useEngineBridge();
  return useMutation({ mutationFn: ({ runId, reason }: { runId: number; reason: FailedReason | null }) => bridge.call((api) => api.failuresCsv(runId, reason)).then((stream) => fileFromStream(stream, CSV_TYPE)) });
}
