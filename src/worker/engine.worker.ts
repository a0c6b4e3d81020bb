// The dedicated module worker's entry point: builds the engine with the browser's real
// dependencies and exposes its API through Comlink.

import * as Comlink from 'comlink';
import { ScrDatabase } from '../db/database';
import { createEngineApi } from './api';
import { Engine } from './engine';
import { createEventHub } from './eventHub';
import { broadcastPeers, systemClock, webJobLocks } from './ports';
import { AdjustableClock } from './testClock';

const hub = createEventHub();
const db = new ScrDatabase();
// Only a build made for the browser tests lets them move the clock (schedules are wall-clock).
const testClock = import.meta.env.VITE_TEST_CLOCK === '1' ? new AdjustableClock() : null;
const engine = new Engine({ db, clock: testClock ?? systemClock, locks: webJobLocks(navigator.locks), peers: broadcastPeers(), hub });

Comlink.expose(createEngineApi(engine, hub, db, testClock));
// A run that was running when the app was closed or reloaded continues by itself.
void engine.start();
