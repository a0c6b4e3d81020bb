// The sender's control state, as one record, and the pure transition that changes it: events in,
// new state out. The sender (src/worker/send/sender.ts) keeps nothing else that says whether it
// sends, what holds it back, when it probes or when its next retry falls due; beside this it
// keeps only I/O plumbing (the requests in flight, results waiting to be written, the counts
// query, the pacer) and reads what it may do from the queries below.
//
// Phases: `stopped` (no sending loop), `running` (start() was called: the loop sends whenever no
// hold is on), `stopping` (stop() or a storage failure: the loop starts no request, lets those in
// flight finish and records them, then ends: `loop-ended`). A start while stopping is running
// again at once; the old loop carries on, or a new one follows when it has ended.
//
// Holds stop new requests without losing anything, each lifted by its own event:
//   auth               - a 401 or no token (no attempt used up)         -> auth-restored
//   offline            - the browser says offline                       -> online
//   endpoint           - the endpoint is misconfigured (classify.ts)    -> start
//   refused-by-service - the Spine refuses what the app sends, as it    -> start
//                        would for everyone (refusalWatch.ts): the
//                        messages go back to waiting, nothing fails
//   error              - the database failed (e.g. quota); it also      -> start
//                        stops the sender
// A network error while online starts probing: one request at a time, the next after 1 s, then
// 2 s, 4 s ... (at most 60 s) while probes fail, until any answer comes back or the browser comes
// back online.
//
// Units: the probe's times are monotonic ms (the time that passes: what the sender paces and
// sleeps in); `nextAttemptAt` is wall-clock epoch ms (the retry ladder's due times are stored).
// The 429 throttle is not here: it is the pacer's (tokenBucket.ts), and status() is told it.
//
// Hand-written for the reasons jobMachine.ts gives: a few fields and a dozen events, no timers
// or nesting, exhaustiveness from a plain union and `switch`.

import type { SenderHold, SenderStatus, ServiceRefusal } from '../../shared/sendingStatus';
import type { SendVerdict } from './classify';
import type { TransportResponse } from './transportResponse';

export const OFFLINE_PROBE_INITIAL_MS = 1000;
export const OFFLINE_PROBE_MAX_MS = 60_000;

export type SenderPhase = 'stopped' | 'running' | 'stopping';

/** What holds sending back: a hold is on when its field is non-null (or true). */
export interface SenderHolds {
  /** Why (words for the status bar). */
  readonly auth: string | null;
  readonly offline: boolean;
  readonly endpoint: string | null;
  readonly refusal: ServiceRefusal | null;
  readonly error: string | null;
}

/** Probing after a network error: the next probe goes at `at` (monotonic ms), `backoffMs` after the failure that set it. */
export interface Probe {
  readonly at: number;
  readonly backoffMs: number;
}

export interface SenderState {
  readonly phase: SenderPhase;
  readonly holds: SenderHolds;
  /** Null while the network answers. */
  readonly probe: Probe | null;
  /** Nothing was due when last looked: the next retry falls due then (epoch ms); null if none waits or messages were due. */
  readonly nextAttemptAt: number | null;
}

export type SenderEvent =
  /** Start or resume sending; lifts the endpoint, refused-by-service and error holds. */
  | { readonly type: 'start' }
  /** Start no more requests; those in flight finish. */
  | { readonly type: 'stop' }
  /** The sending loop has ended (requests in flight finished and recorded). */
  | { readonly type: 'loop-ended' }
  /** A transaction failed (quota, database closed): hold (the first words stay) and stop. */
  | { readonly type: 'storage-failed'; readonly detail: string }
  | { readonly type: 'auth-expired'; readonly reason: string }
  /** A new access token is available. */
  | { readonly type: 'auth-restored' }
  | { readonly type: 'online' }
  | { readonly type: 'offline' }
  /** The endpoint is misconfigured (a `halt` verdict). */
  | { readonly type: 'endpoint-halted'; readonly reason: string }
  /** The Spine refuses what the app sends (refusalWatch.ts decided so). */
  | { readonly type: 'service-refused'; readonly refusal: ServiceRefusal }
  /** A request failed below HTTP, answered at `atMs` (monotonic ms). */
  | { readonly type: 'network-error'; readonly atMs: number }
  /** An answer came back (anything but a network error or a request never sent for want of a token): the network is there. */
  | { readonly type: 'answered' }
  /** Due messages were claimed: no retry is waited for. */
  | { readonly type: 'claimed' }
  /** Nothing was due: the earliest retry waiting (epoch ms), or null if none. */
  | { readonly type: 'nothing-due'; readonly nextAttemptAt: number | null };

export const NO_HOLDS: SenderHolds = { auth: null, offline: false, endpoint: null, refusal: null, error: null };

export const INITIAL_SENDER_STATE: SenderState = { phase: 'stopped', holds: NO_HOLDS, probe: null, nextAttemptAt: null };

function withHolds(state: SenderState, changes: Partial<SenderHolds>): SenderState {
  const holds = { ...state.holds, ...changes };
  const same = (Object.keys(changes) as (keyof SenderHolds)[]).every((k) => holds[k] === state.holds[k]);
  return same ? state : { ...state, holds };
}

/** The state after `event`. Events that change nothing leave it as it is (the same object). */
export function transition(state: SenderState, event: SenderEvent): SenderState {
  switch (event.type) {
    case 'start': {
      const lifted = withHolds(state, { endpoint: null, refusal: null, error: null });
      return lifted.phase === 'running' ? lifted : { ...lifted, phase: 'running' };
    }
    case 'stop':
      return state.phase === 'running' ? { ...state, phase: 'stopping' } : state;
    case 'loop-ended':
      return state.phase === 'stopped' ? state : { ...state, phase: 'stopped' };
    case 'storage-failed': {
      const held = withHolds(state, { error: state.holds.error ?? event.detail });
      return held.phase === 'running' ? { ...held, phase: 'stopping' } : held;
    }
    case 'auth-expired':
      return withHolds(state, { auth: event.reason });
    case 'auth-restored':
      return withHolds(state, { auth: null });
    case 'online': {
      const back = withHolds(state, { offline: false });
      return back.probe === null ? back : { ...back, probe: null };
    }
    case 'offline':
      return withHolds(state, { offline: true });
    case 'endpoint-halted':
      return withHolds(state, { endpoint: event.reason });
    case 'service-refused':
      return withHolds(state, { refusal: event.refusal });
    case 'network-error': {
      // Only the first error, or a failed probe, moves the next probe: the other requests that
      // were in flight when the network went fail together and say nothing new. While the
      // browser says offline the offline hold says it all.
      const probe = state.probe;
      if (state.holds.offline || (probe !== null && event.atMs < probe.at)) return state;
      const backoffMs = probe === null ? OFFLINE_PROBE_INITIAL_MS : Math.min(probe.backoffMs * 2, OFFLINE_PROBE_MAX_MS);
      return { ...state, probe: { at: event.atMs + backoffMs, backoffMs } };
    }
    case 'answered':
      return state.probe === null ? state : { ...state, probe: null };
    case 'claimed':
      return state.nextAttemptAt === null ? state : { ...state, nextAttemptAt: null };
    case 'nothing-due':
      return state.nextAttemptAt === event.nextAttemptAt ? state : { ...state, nextAttemptAt: event.nextAttemptAt };
  }
}

/** What one attempt's answer (answered at `atMs`, monotonic) means for the control state, in order. */
export function answerEvents(verdict: SendVerdict, response: TransportResponse, atMs: number): SenderEvent[] {
  const events: SenderEvent[] = [];
  if (verdict.kind === 'auth-expired') events.push({ type: 'auth-expired', reason: verdict.reason });
  if (verdict.kind === 'halt') events.push({ type: 'endpoint-halted', reason: verdict.reason });
  // No token means no request: it says nothing about the network.
  if (response.kind === 'network-error') events.push({ type: 'network-error', atMs });
  else if (response.kind !== 'auth-unavailable') events.push({ type: 'answered' });
  return events;
}

/** The holds on, in the order the status bar lists them. */
export function holdsOn(state: SenderState): SenderHold[] {
  const { auth, offline, endpoint, refusal, error } = state.holds;
  const on: SenderHold[] = [];
  if (auth !== null) on.push('auth');
  if (offline) on.push('offline');
  if (endpoint !== null) on.push('endpoint');
  if (refusal !== null) on.push('refused-by-service');
  if (error !== null) on.push('error');
  return on;
}

/** Some hold is on: no new request may start. */
export function isHeld(state: SenderState): boolean {
  return holdsOn(state).length > 0;
}

/** How long until the next probe may go (monotonic ms from `nowMs`); 0 when not probing or it is due. */
export function probeWaitMs(state: SenderState, nowMs: number): number {
  return state.probe !== null && state.probe.at > nowMs ? state.probe.at - nowMs : 0;
}

/** Requests allowed in flight at once: one while probing, else the configured window. */
export function requestWindow(state: SenderState, concurrency: number): number {
  return state.probe !== null ? 1 : concurrency;
}

/** What status() needs besides the state. */
export interface SenderStatusInputs {
  readonly inFlight: number;
  /** When a 429's hold ends (monotonic ms), or null. */
  readonly throttledUntil: number | null;
  /** Now on the monotonic clock (ms). */
  readonly monoNow: number;
  /** Now on the wall clock (epoch ms); read once per instant reported, none if none is (a test clock may move on each reading). */
  readonly wallNow: () => number;
}

/** The status the engine reports; monotonic instants are reported as wall-clock ones (the status bar shows times): now plus what is left. */
export function senderStatus(state: SenderState, inputs: SenderStatusInputs): SenderStatus {
  const wallAt = (monoAt: number | null): number | null => (monoAt === null ? null : inputs.wallNow() + (monoAt - inputs.monoNow));
  const { auth, endpoint, refusal, error } = state.holds;
  return {
    running: state.phase === 'running',
    holds: holdsOn(state),
    detail: auth ?? endpoint ?? refusal?.text ?? error,
    refusal,
    inFlight: inputs.inFlight,
    throttledUntil: wallAt(inputs.throttledUntil),
    probeAt: wallAt(state.probe?.at ?? null),
    nextAttemptAt: state.nextAttemptAt,
  };
}
