// Node 20 has no Temporal: the unit tests load the same polyfill the app loads where a browser
// lacks it (src/shared/temporalReady.ts), before any test imports the schedule's code.

import { temporalReady } from '../../../src/shared/temporalReady';

await temporalReady();
