// Injected faults and latency for POST /Bundle. One draw per request decides its fault (if
// any) from the configured rates; see FAULT_KINDS in config.ts for when each strikes.

import { FAULT_KINDS, type FaultKind, type SpineConfig } from './config';

/** The fault for one request, or null. `random` returns a number in [0, 1). */
export function drawFault(rates: SpineConfig['faults'], random: () => number = Math.random): FaultKind | null {
  let r = random();
  for (const kind of FAULT_KINDS) {
    if (r < rates[kind]) return kind;
    r -= rates[kind];
  }
  return null;
}

/** Uniform delay between min and max (ms). */
export function drawLatency(latency: SpineConfig['latencyMs'], random: () => number = Math.random): number {
  return latency.min + (latency.max - latency.min) * random();
}

/**
 * The "malformed" fault: 502 Bad Gateway labelled application/fhir+json whose body is a
 * truncated OperationOutcome, as when a proxy cuts the upstream answer off. The upload behind
 * it was processed; a client must not parse this as a verdict but retry with the same
 * X-Request-ID, which then returns the recorded answer.
 */
export const MALFORMED_STATUS = 502;
export const MALFORMED_BODY = '{"resourceType":"OperationOutcome","issue":[{"severity":"err';
