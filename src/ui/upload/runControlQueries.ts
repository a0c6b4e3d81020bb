// The Upload screen's queries and operations beyond Run, Resume, Pause and Cancel Upload: the
// latest completed run (which decides Run against Rerun and Failed) and Discard this run.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEngineBridge } from '../engine/EngineContext';
import { engineKeys } from '../queries/engineQueries';

/** Under ['engine', 'runs'], so the engine's runs-changed event refreshes it. */
const latestCompletedKey = [...engineKeys.runsAll, 'latest-completed'] as const;

export function useLatestCompletedRun() {
  const bridge = useEngineBridge();
  return useQuery({ queryKey: latestCompletedKey, queryFn: () => bridge.call((api) => api.latestCompletedRun()) });
}

export function useDiscardRun() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => bridge.call((api) => api.discardRun()),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: engineKeys.runsAll });
      await client.invalidateQueries({ queryKey: engineKeys.messagesAll });
    },
  });
}
