// The dedicated module worker's entry point: builds the engine with the browser's real
// dependencies and exposes its API through Comlink. In a browser without Temporal the polyfill
// is loaded first (src/shared/temporalReady.ts); messages the page sends meanwhile are held and
// handed to Comlink once it listens, so no call is lost. With Temporal nothing waits.

import * as Comlink from 'comlink';
import { ScrDatabase } from '../db/database';
import { createEngineApi } from './api';
import { Engine } from './engine';
import { createEventHub } from './eventHub';
import { broadcastPeers, systemClock, webJobLocks } from './ports';
import { AdjustableClock } from './testClock';
import { hasTemporal, temporalReady } from '../shared/temporalReady';

if (!hasTemporal()) {
  const early: MessageEvent[] = [];
  const hold = (event: MessageEvent): void => void early.push(event);
  self.addEventListener('message', hold);
  await temporalReady();
  self.removeEventListener('message', hold);
  // Comlink listens from the expose below, in this same task: the held messages follow it.
  queueMicrotask(() => {
    for (const event of early) self.dispatchEvent(new MessageEvent('message', { data: event.data as unknown, ports: [...event.ports] }));
  });
}

const hub = createEventHub();
const db = new ScrDatabase();
// Only a build made for the browser tests lets them move the clock (schedules are wall-clock).
const testClock = import.meta.env.VITE_TEST_CLOCK === '1' ? new AdjustableClock() : null;
const engine = new Engine({ db, clock: testClock ?? systemClock, locks: webJobLocks(navigator.locks), peers: broadcastPeers(), hub });

Comlink.expose(createEngineApi(engine, hub, db, testClock));
// A run that was running when the app was closed or reloaded continues by itself.
void engine.start();
