// Makes the one engine bridge available to hooks. Components never touch it directly.

import { createContext, useContext, type ReactNode } from 'react';
import type { EngineBridge } from './engineBridge';

const EngineContext = createContext<EngineBridge | null>(null);

export function EngineProvider({ bridge, children }: { bridge: EngineBridge; children: ReactNode }) {
  return <EngineContext.Provider value={bridge}>{children}</EngineContext.Provider>;
}

export function useEngineBridge(): EngineBridge {
  const bridge = useContext(EngineContext);
  if (!bridge) throw new Error('useEngineBridge outside EngineProvider');
  return bridge;
}
