// The one place that turns engine events into query-cache updates. Status events carry the
// whole status, so they are written into the cache; other events invalidate what they changed.

import type { QueryClient } from '@tanstack/react-query';
import type { EngineEvent } from '../../shared/engineState';
import { engineKeys } from './engineQueries';

export function applyEngineEvent(client: QueryClient, event: EngineEvent): void {
  switch (event.type) {
    case 'status':
      client.setQueryData(engineKeys.status, event.status);
      // A running job carries its run as last committed: the freshest copy there is.
      if (event.status.job.phase === 'running') client.setQueryData(engineKeys.latestRun, event.status.job.run);
      return;
    case 'practice-changed':
      void client.invalidateQueries({ queryKey: engineKeys.practice });
      void client.invalidateQueries({ queryKey: engineKeys.patientsAll });
      return;
    case 'runs-changed':
      void client.invalidateQueries({ queryKey: engineKeys.runsAll });
      return;
    case 'log-appended':
      void client.invalidateQueries({ queryKey: engineKeys.logAll });
      return;
    case 'schedule-changed':
      void client.invalidateQueries({ queryKey: engineKeys.schedule });
      return;
    case 'messages-changed':
      void client.invalidateQueries({ queryKey: engineKeys.messagesAll });
      return;
  }
}
