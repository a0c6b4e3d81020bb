// Temporal, for the schedule's wall-clock arithmetic (src/domain/schedule/wallClock.ts): native
// in the browsers the app supports (Chromium has it in the page and in workers); where it is
// missing, the polyfill is loaded first, as a chunk of its own that a browser with Temporal never
// fetches. Both entry points (the page and the engine worker) wait for this before any schedule
// code runs.

/** True when this realm has Temporal already, and nothing needs loading. */
export const hasTemporal = (): boolean => 'Temporal' in globalThis;

/** Resolves once `globalThis.Temporal` exists. */
export async function temporalReady(): Promise<void> {
  if (!hasTemporal()) await import('temporal-polyfill/global');
}
