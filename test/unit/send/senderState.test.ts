// The sender's control state on its own: a state and an event in, the next state out, and the
// status the engine is told. Covers what the sender's mutable fields did before it: running,
// stopping and stopped, each hold and what lifts it, probing with its backoff after a network
// error, and the next retry's time.

import { describe, expect, it } from 'vitest';
import type { SendVerdict } from '../../../src/domain/sending/classify';
import {
  answerEvents,
  INITIAL_SENDER_STATE,
  isHeld,
  OFFLINE_PROBE_INITIAL_MS,
  OFFLINE_PROBE_MAX_MS,
  probeWaitMs,
  requestWindow,
  senderStatus,
  transition,
  type SenderEvent,
  type SenderState,
} from '../../../src/domain/sending/senderState';
import type { TransportResponse } from '../../../src/domain/sending/transportResponse';
import type { ServiceRefusal } from '../../../src/shared/sendingStatus';

/** The state after each event in turn, from `from`. */
function after(from: SenderState, ...events: SenderEvent[]): SenderState {
  return events.reduce(transition, from);
}

const REFUSAL: ServiceRefusal = { rule: 'contract', status: 400, text: 'Missing header X-Request-ID' };
const running = after(INITIAL_SENDER_STATE, { type: 'start' });
/** Status with nothing in flight, no throttle, the monotonic clock at 0 and the wall clock at 1,000,000. */
const statusOf = (state: SenderState) => senderStatus(state, { inFlight: 0, throttledUntil: null, monoNow: 0, wallNow: () => 1_000_000 });

describe('running, stopping, stopped', () => {
  it('starts stopped with nothing holding it; the status says not running', () => {
    expect(INITIAL_SENDER_STATE).toEqual({ phase: 'stopped', holds: { auth: null, offline: false, endpoint: null, refusal: null, error: null }, probe: null, nextAttemptAt: null });
    expect(statusOf(INITIAL_SENDER_STATE)).toEqual({ running: false, holds: [], detail: null, refusal: null, inFlight: 0, throttledUntil: null, probeAt: null, nextAttemptAt: null });
  });

  it('start runs; stop lets the loop finish (stopping, not running); the loop ending stops it', () => {
    expect(running.phase).toBe('running');
    const stopping = transition(running, { type: 'stop' });
    expect(stopping.phase).toBe('stopping');
    expect(statusOf(stopping).running).toBe(false);
    expect(transition(stopping, { type: 'loop-ended' }).phase).toBe('stopped');
  });

  it('a start while stopping is running again at once; a stop while stopped changes nothing', () => {
    expect(after(running, { type: 'stop' }, { type: 'start' }).phase).toBe('running');
    expect(transition(INITIAL_SENDER_STATE, { type: 'stop' })).toBe(INITIAL_SENDER_STATE);
    expect(transition(running, { type: 'start' })).toBe(running);
  });

  it('a storage failure holds with the first words and stops; start lifts it and runs', () => {
    const failed = after(running, { type: 'storage-failed', detail: 'quota' }, { type: 'storage-failed', detail: 'closed' });
    expect(failed).toMatchObject({ phase: 'stopping', holds: { error: 'quota' } });
    expect(statusOf(failed)).toMatchObject({ running: false, holds: ['error'], detail: 'quota' });
    expect(after(failed, { type: 'loop-ended' }, { type: 'start' })).toMatchObject({ phase: 'running', holds: { error: null } });
  });

  it('a storage failure while stopped holds and stays stopped', () => {
    expect(transition(INITIAL_SENDER_STATE, { type: 'storage-failed', detail: 'quota' })).toMatchObject({ phase: 'stopped', holds: { error: 'quota' } });
  });
});

describe('holds', () => {
  const everything = after(
    running,
    { type: 'auth-expired', reason: 'Token expired' },
    { type: 'offline' },
    { type: 'endpoint-halted', reason: 'Not found (404)' },
    { type: 'service-refused', refusal: REFUSAL },
    { type: 'storage-failed', detail: 'quota' },
  );

  it('each holds, listed in order; the words are the first of auth, endpoint, refusal, error', () => {
    expect(statusOf(everything)).toMatchObject({ holds: ['auth', 'offline', 'endpoint', 'refused-by-service', 'error'], detail: 'Token expired', refusal: REFUSAL });
    expect(statusOf(transition(running, { type: 'service-refused', refusal: REFUSAL }))).toMatchObject({ holds: ['refused-by-service'], detail: REFUSAL.text, refusal: REFUSAL });
  });

  it('start lifts endpoint, refused-by-service and error, not auth or offline', () => {
    const restarted = transition(everything, { type: 'start' });
    expect(statusOf(restarted).holds).toEqual(['auth', 'offline']);
    expect(isHeld(restarted)).toBe(true);
  });

  it('auth is lifted by new credentials, offline by the online event', () => {
    const held = after(running, { type: 'auth-expired', reason: 'Token expired' }, { type: 'offline' });
    expect(isHeld(held)).toBe(true);
    expect(isHeld(after(held, { type: 'auth-restored' }, { type: 'online' }))).toBe(false);
    expect(transition(running, { type: 'auth-restored' })).toBe(running);
  });
});

describe('probing after a network error', () => {
  it('the first error probes a second later, one request at a time', () => {
    const probing = transition(running, { type: 'network-error', atMs: 5000 });
    expect(probing.probe).toEqual({ at: 5000 + OFFLINE_PROBE_INITIAL_MS, backoffMs: OFFLINE_PROBE_INITIAL_MS });
    expect(probeWaitMs(probing, 5400)).toBe(600);
    expect(probeWaitMs(probing, 6000)).toBe(0);
    expect(requestWindow(probing, 5)).toBe(1);
    expect(requestWindow(running, 5)).toBe(5);
  });

  it('errors of requests already in flight before the probe is due change nothing', () => {
    const probing = transition(running, { type: 'network-error', atMs: 5000 });
    expect(transition(probing, { type: 'network-error', atMs: 5999 })).toBe(probing);
  });

  it('each failed probe doubles the wait, up to a minute', () => {
    let state = transition(running, { type: 'network-error', atMs: 0 });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const at = state.probe?.at ?? Number.NaN;
      state = transition(state, { type: 'network-error', atMs: at });
      waits.push((state.probe?.at ?? Number.NaN) - at);
    }
    expect(waits).toEqual([2000, 4000, 8000, 16_000, 32_000, OFFLINE_PROBE_MAX_MS, OFFLINE_PROBE_MAX_MS, OFFLINE_PROBE_MAX_MS]);
  });

  it('any answer ends probing, and the next error starts again from a second', () => {
    const answered = after(running, { type: 'network-error', atMs: 0 }, { type: 'network-error', atMs: 1000 }, { type: 'answered' });
    expect(answered.probe).toBeNull();
    expect(transition(answered, { type: 'network-error', atMs: 9000 }).probe).toEqual({ at: 10_000, backoffMs: OFFLINE_PROBE_INITIAL_MS });
  });

  it('while the browser says offline an error does not probe; back online ends probing', () => {
    const offline = transition(running, { type: 'offline' });
    expect(transition(offline, { type: 'network-error', atMs: 0 })).toBe(offline);
    const probingThenOffline = after(running, { type: 'network-error', atMs: 0 }, { type: 'offline' });
    expect(probingThenOffline.probe).not.toBeNull();
    expect(transition(probingThenOffline, { type: 'online' })).toMatchObject({ probe: null, holds: { offline: false } });
  });

  it('the status gives the probe as a wall-clock time: now plus what is left', () => {
    const probing = transition(running, { type: 'network-error', atMs: 0 });
    expect(senderStatus(probing, { inFlight: 1, throttledUntil: 250, monoNow: 200, wallNow: () => 1_000_000 })).toMatchObject({
      inFlight: 1,
      throttledUntil: 1_000_050,
      probeAt: 1_000_800,
    });
  });

  it('the status reads the wall clock only for times it reports', () => {
    let reads = 0;
    senderStatus(running, { inFlight: 0, throttledUntil: null, monoNow: 0, wallNow: () => ++reads });
    expect(reads).toBe(0);
  });
});

describe('what an answer means', () => {
  const http = (status: number): TransportResponse => ({ kind: 'response', status, headers: { retryAfter: null, contentType: null }, bodyText: '' });
  const transient: SendVerdict = { kind: 'transient', cause: 'network', status: null, reason: 'Network error', retryAfterMs: null };

  it('a 401 holds for auth; a halt holds the endpoint; both are answers', () => {
    expect(answerEvents({ kind: 'auth-expired', status: 401, reason: 'Token expired' }, http(401), 7)).toEqual([{ type: 'auth-expired', reason: 'Token expired' }, { type: 'answered' }]);
    expect(answerEvents({ kind: 'halt', status: 404, reason: 'Not found' }, http(404), 7)).toEqual([{ type: 'endpoint-halted', reason: 'Not found' }, { type: 'answered' }]);
  });

  it('a network error is one at the time of the answer; no token says nothing of the network; a timeout is an answer', () => {
    expect(answerEvents(transient, { kind: 'network-error', message: 'Failed to fetch' }, 7)).toEqual([{ type: 'network-error', atMs: 7 }]);
    expect(answerEvents({ kind: 'auth-expired', status: null, reason: 'No token' }, { kind: 'auth-unavailable', message: 'No token' }, 7)).toEqual([{ type: 'auth-expired', reason: 'No token' }]);
    expect(answerEvents(transient, { kind: 'timeout', afterMs: 30_000 }, 7)).toEqual([{ type: 'answered' }]);
  });
});

describe('the next retry', () => {
  it('is what was last looked up when nothing was due, and cleared when messages are claimed', () => {
    const waiting = transition(running, { type: 'nothing-due', nextAttemptAt: 1_060_000 });
    expect(statusOf(waiting).nextAttemptAt).toBe(1_060_000);
    expect(transition(waiting, { type: 'nothing-due', nextAttemptAt: 1_060_000 })).toBe(waiting);
    expect(transition(waiting, { type: 'claimed' }).nextAttemptAt).toBeNull();
    expect(transition(running, { type: 'claimed' })).toBe(running);
  });
});
