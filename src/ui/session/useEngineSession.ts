// What the engine worker cannot know by itself, given to it whenever it (re)starts: whether the
// browser is online (sending waits while offline) and the session's bearer token.

import { useEffect } from 'react';
import { useEngineBridge } from '../engine/EngineContext';
import { useOnline } from '../hooks/useOnline';
import { useBridgeHealth } from '../queries/hooks';
import { readSessionToken } from './sessionToken';

export function useEngineSession(): void {
  const bridge = useEngineBridge();
  const online = useOnline();
  const health = useBridgeHealth();
  const ready = health.state === 'ready';

  useEffect(() => {
    if (!ready) return;
    const token = readSessionToken();
    if (token !== null) void bridge.call((api) => api.setSessionToken(token)).catch(() => undefined);
  }, [bridge, ready]);

  useEffect(() => {
    if (ready) void bridge.call((api) => api.setOnline(online)).catch(() => undefined);
  }, [bridge, ready, online]);
}
