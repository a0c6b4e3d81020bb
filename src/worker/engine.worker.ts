// The dedicated module worker's entry point: builds the engine with the browser's real
// dependencies and exposes its API through Comlink.

import * as Comlink from 'comlink';
import { ScrDatabase } from '../db/database';
import { createEngineApi } from './api';
import { Engine } from './engine';
import { createEventHub } from './eventHub';
import { broadcastPeers, systemClock, webJobLocks } from './ports';

const hub = createEventHub();
const db = new ScrDatabase();
const engine = new Engine({ db, clock: systemClock, locks: webJobLocks(navigator.locks), peers: broadcastPeers(), hub });

Comlink.expose(createEngineApi(engine, hub, db));
// A run that was running when the app was closed or reloaded continues by itself.
void engine.start();
