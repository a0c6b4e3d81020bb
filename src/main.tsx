// The UI's entry point: one engine bridge, one query client, the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './ui/App';
import { EngineProvider } from './ui/engine/EngineContext';
import { createEngineBridge } from './ui/engine/engineBridge';
import { createQueryClient } from './ui/queries/engineQueries';
import { temporalReady } from './shared/temporalReady';
import './ui/styles/app.scss';

const bridge = createEngineBridge();
// Test builds only (VITE_TEST_CLOCK=1): browser tests move the engine's clock past a scheduled time.
if (import.meta.env.VITE_TEST_CLOCK === '1') {
  Object.assign(window, { scrTestClock: { advance: (ms: number) => bridge.call((api) => api.advanceTestClock(ms)) } });
}
const queryClient = createQueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The schedule's words use Temporal: in a browser without it, its polyfill loads before the first render.
void temporalReady().then(() =>
  createRoot(root).render(
    <StrictMode>
      <EngineProvider bridge={bridge}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </EngineProvider>
    </StrictMode>,
  ),
);
