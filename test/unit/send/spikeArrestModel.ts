// A pure model of the national gateway and of the way to it, for testing the app's pacing
// without waiting in real time: the sender's loop (take a token, sleep for the wait it is given,
// woken early by every answer, at most `concurrency` in flight), its timers firing late, each
// request's path delay from fetch to the gateway, the gateway's SpikeArrest (a request arriving
// less than `spacingMs` after the last admitted one is refused with 429; refused ones do not move
// the mark) and its calendar-minute Quota (counting every request it lets past, as Apigee's
// Quota runs before SpikeArrest), and each answer's way back. One discrete-event simulation on a
// fake clock; the same seed gives the same run.
// Over 300 lines: one model of sender, path and gateway, whose parts only make sense together.

import { createRandom, type Random } from '../../../src/demo/random';
import { TokenBucket, type PacedAnswer, type RateLimit } from '../../../src/domain/sending/tokenBucket';

/** The PC and network between the app and the gateway, drawn per request or per timer. */
export interface PathModel {
  /** How late a pacing timer set at `atMs` fires (ms, >= 0). */
  timerLateMs(random: Random, atMs: number): number;
  /** From the request being handed to fetch at `atMs` to its arrival at the gateway (ms, >= 0). */
  toGatewayMs(random: Random, atMs: number): number;
  /** From arrival at the gateway to the answer back in the app (ms, >= 0). */
  answerMs(random: Random, atMs: number): number;
}

export interface GatewayModel {
  /** SpikeArrest: the least gap between admitted arrivals (ms); 200 for 5ps. */
  readonly spacingMs: number;
  /** Quota per calendar minute; 0 = none. */
  readonly quotaPerMinute: number;
  /** Retry-After sent with each 429 (ms); null = none, as the live gateway (the pacer chooses its hold). */
  readonly retryAfterMs: number | null;
}

export const NATIONAL_GATEWAY: GatewayModel = { spacingMs: 200, quotaPerMinute: 300, retryAfterMs: null };

/** Anything that paces like the TokenBucket does, so a naive pacer can be run for comparison. */
export interface Pacer {
  take(nowMs: number): number;
  /** Told of every answer, a 429's Retry-After included; holds everyone after a 429 as it sees fit. */
  answered(sentAtMs: number, answeredAtMs: number, answer: PacedAnswer): void;
}

export interface ModelRun {
  readonly messages: number;
  readonly path: PathModel;
  readonly gateway?: GatewayModel;
  readonly limit?: RateLimit;
  readonly concurrency?: number;
  readonly seed?: number;
  /** The pacer to drive; a TokenBucket for `limit` by default. */
  readonly pacer?: Pacer;
}

export interface ModelResult {
  /** When each request was handed to fetch (ms from the start). */
  readonly grants: readonly number[];
  /** Arrivals the gateway admitted (ms), in arrival order. */
  readonly admitted: readonly number[];
  readonly spikeArrests: number;
  readonly quotaRefusals: number;
  /** Admitted arrivals per second from the first to the last, as the gateway saw them. */
  readonly admittedPerSecond: number;
  /** The most admitted arrivals in any calendar minute. */
  readonly busiestMinute: number;
  /** The smallest gap between consecutive arrivals, admitted or not (ms). */
  readonly smallestArrivalGapMs: number;
}

/** Simulated time after which a run is cut short (ms): a pacer that stalls fails, not hangs. */
const MAX_SIMULATED_MS = 6 * 3_600_000;

type Event =
  | { readonly at: number; readonly seq: number; readonly kind: 'wake'; readonly generation: number }
  | { readonly at: number; readonly seq: number; readonly kind: 'arrive'; readonly sentAt: number }
  | { readonly at: number; readonly seq: number; readonly kind: 'answer'; readonly sentAt: number; readonly refused: boolean };

/** A binary min-heap of events by time, then by the order they were scheduled. */
class EventQueue {
  private heap: Event[] = [];
  private seq = 0;

  nextSeq(): number {
    return this.seq++;
  }

  push(event: Event): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  pop(): Event | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      swap(heap, i, m);
      i = m;
    }
    return top;
  }
}

function before(a: Event | undefined, b: Event | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap(heap: Event[], i: number, j: number): void {
  const t = heap[i];
  const u = heap[j];
  if (t === undefined || u === undefined) return;
  heap[i] = u;
  heap[j] = t;
}

/** Runs `messages` uploads through the pacer, the path and the gateway until each is admitted. */
export function runModel(run: ModelRun): ModelResult {
  const gateway = run.gateway ?? NATIONAL_GATEWAY;
  const limit = run.limit ?? { perSecond: 1000 / gateway.spacingMs, burst: 1 };
  const concurrency = run.concurrency ?? 20;
  const random = createRandom(run.seed ?? 1);
  const pacer: Pacer = run.pacer ?? new TokenBucket(limit, 0);
  const events = new EventQueue();

  const grants: number[] = [];
  const admitted: number[] = [];
  let lastArrival = Number.NEGATIVE_INFINITY;
  let smallestGap = Number.POSITIVE_INFINITY;
  let lastAdmitted: number | null = null;
  let spikeArrests = 0;
  let quotaRefusals = 0;
  const quotaUsed = new Map<number, number>();
  const perMinute = new Map<number, number>();

  let waiting = run.messages;
  let inFlight = 0;
  let done = 0;
  let generation = 0;

  /** The sender's loop at `now`: send while the pacer allows, else sleep (a later wake). */
  const step = (now: number): void => {
    generation++;
    while (waiting > 0 && inFlight < concurrency) {
      const wait = pacer.take(now);
      if (wait > 0) {
        events.push({ at: now + wait + run.path.timerLateMs(random, now + wait), seq: events.nextSeq(), kind: 'wake', generation });
        return;
      }
      grants.push(now);
      waiting--;
      inFlight++;
      events.push({ at: now + run.path.toGatewayMs(random, now), seq: events.nextSeq(), kind: 'arrive', sentAt: now });
    }
  };

  const arrive = (at: number, sentAt: number): void => {
    smallestGap = Math.min(smallestGap, at - lastArrival);
    lastArrival = at;
    const minute = Math.floor(at / 60_000);
    let refused = false;
    if (gateway.quotaPerMinute > 0) {
      const used = quotaUsed.get(minute) ?? 0;
      if (used >= gateway.quotaPerMinute) {
        quotaRefusals++;
        refused = true;
      } else {
        quotaUsed.set(minute, used + 1);
      }
    }
    if (!refused && lastAdmitted !== null && at - lastAdmitted < gateway.spacingMs) {
      spikeArrests++;
      refused = true;
    }
    if (!refused) {
      lastAdmitted = at;
      admitted.push(at);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    // The gateway answers a 429 at once; the Spine takes its time over the rest.
    const back = refused ? run.path.toGatewayMs(random, at) : run.path.answerMs(random, at);
    events.push({ at: at + back, seq: events.nextSeq(), kind: 'answer', sentAt, refused });
  };

  const answer = (at: number, sentAt: number, refused: boolean): void => {
    inFlight--;
    pacer.answered(sentAt, at, { reachedSpine: true, rateLimited: refused, retryAfterMs: refused ? gateway.retryAfterMs : null });
    if (refused) {
      waiting++;
    } else {
      done++;
    }
    step(at);
  };

  step(0);
  for (let event = events.pop(); event !== undefined && done < run.messages && event.at <= MAX_SIMULATED_MS; event = events.pop()) {
    if (event.kind === 'wake') {
      if (event.generation === generation) step(event.at);
    } else if (event.kind === 'arrive') {
      arrive(event.at, event.sentAt);
    } else {
      answer(event.at, event.sentAt, event.refused);
    }
  }

  const first = admitted[0] ?? 0;
  const last = admitted[admitted.length - 1] ?? 0;
  return {
    grants,
    admitted,
    spikeArrests,
    quotaRefusals,
    admittedPerSecond: last > first ? (admitted.length - 1) / ((last - first) / 1000) : 0,
    busiestMinute: Math.max(0, ...perMinute.values()),
    smallestArrivalGapMs: smallestGap,
  };
}

/** Admitted arrivals per second from `fromMs` on (after a warm-up, as the benchmark measures). */
export function admittedRateFrom(result: ModelResult, fromMs: number): number {
  const times = result.admitted.filter((t) => t >= fromMs);
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  return last > first ? (times.length - 1) / ((last - first) / 1000) : 0;
}

/** Uniform in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + random.next() * (max - min);
}

/** A quiet PC: timers on time to a millisecond, 1-4 ms to the gateway, answers in 1-3 s. */
export const QUIET_PC: PathModel = {
  timerLateMs: (r) => uniform(r, 0, 1),
  toGatewayMs: (r) => uniform(r, 1, 4),
  answerMs: (r) => uniform(r, 1000, 3000),
};

/**
 * A PC busy in spells (other work on both cores for a few seconds at a time, about a third of
 * the time): during a spell timers fire up to `lateMs` late and requests take up to `lateMs`
 * more to leave, because one starved machine does both. Spells are fixed per run from the seed.
 */
export function busyInSpells(seed: number, lateMs: number, answer: [number, number] = [1000, 3000]): PathModel {
  const spells = createRandom(seed ^ 0x5bd1e995);
  const edges: number[] = [];
  for (let t = 0; t < MAX_SIMULATED_MS && edges.length < 20_000; ) {
    t += uniform(spells, 2000, 10_000);
    edges.push(t);
    t += uniform(spells, 1000, 5000);
    edges.push(t);
  }
  const busy = (at: number): boolean => {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo % 2 === 1;
  };
  return {
    timerLateMs: (r, at) => (busy(at) ? uniform(r, 0, lateMs) : uniform(r, 0, 1)),
    toGatewayMs: (r, at) => uniform(r, 1, 4) + (busy(at) ? uniform(r, 0, lateMs) : 0),
    answerMs: (r) => uniform(r, answer[0], answer[1]),
  };
}

/**
 * A loopback Spine on a loaded PC: answers within a few ms, but now and then (`stallRate` of
 * requests) a request is held up for 40-90 ms on its way, while timers stay on time: the kind of
 * bunching no timer shows, measured on the loopback Spine while another process kept both cores busy.
 */
export function quickAnswersWithStalls(stallRate: number): PathModel {
  return {
    timerLateMs: (r) => uniform(r, 0, 1),
    toGatewayMs: (r) => uniform(r, 1, 4) + (r.chance(stallRate) ? uniform(r, 40, 90) : 0),
    answerMs: (r) => uniform(r, 3, 15),
  };
}

/**
 * The loopback Spine on a starved PC (measured with both cores kept busy): its own event loop,
 * busy validating, stamps requests up to 500 ms after they arrive (median about 60 ms), and
 * answers 20-200 ms after the stamp (median round trip about 125 ms); timers a little late.
 */
export const STARVED_LOOPBACK: PathModel = {
  timerLateMs: (r) => uniform(r, 0, 4),
  toGatewayMs: (r) => uniform(r, 3, 10) + (r.chance(0.5) ? uniform(r, 0, 150) : 0) + (r.chance(0.05) ? uniform(r, 100, 500) : 0),
  answerMs: (r) => uniform(r, 20, 200),
};

/** A fixed pacer's hold after a 429 without a Retry-After (ms). */
const FIXED_HOLD_MS = 1000;

/** A pacer that sends every `intervalMs` from the last send and holds after a 429, nothing more. */
export function fixedIntervalPacer(intervalMs: number): Pacer {
  let last = Number.NEGATIVE_INFINITY;
  let held = Number.NEGATIVE_INFINITY;
  return {
    take(now) {
      if (now < held) return Math.ceil(held - now);
      if (now < last + intervalMs) return Math.ceil(last + intervalMs - now);
      last = now;
      return 0;
    },
    answered(_sentAt, answeredAt, answer) {
      if (answer.rateLimited) held = Math.max(held, answeredAt + (answer.retryAfterMs ?? FIXED_HOLD_MS));
    },
  };
}

/** A path's delay from fetch to the gateway as quantiles: [fraction of requests, ms]. */
export type DelayQuantiles = readonly (readonly [number, number])[];

/**
 * Paths measured on the benchmark's 2-core VM (bench/send.bench.ts with BENCH_TRACE_DIR: each
 * request's attempt time in the outbox against its arrival at the gateway, 1,491 and 1,465
 * requests at 5/s over five minutes, 3 December 2026): idle but for the other engineers' load,
 * and with another process spinning on both cores.
 */
export const MEASURED_IDLE: DelayQuantiles = [[0, 2], [0.1, 3], [0.2, 4], [0.4, 4], [0.5, 5], [0.6, 5], [0.7, 6], [0.8, 8], [0.9, 9], [0.95, 10], [0.98, 13], [0.99, 15], [0.995, 16], [0.999, 22], [1, 60]];
export const MEASURED_BUSY: DelayQuantiles = [[0, 2], [0.1, 4], [0.2, 4], [0.3, 5], [0.4, 5], [0.5, 6], [0.6, 6], [0.7, 7], [0.8, 9], [0.9, 11], [0.95, 14], [0.98, 18], [0.99, 23], [0.995, 31], [0.999, 56], [1, 412]];

/**
 * A path whose delays to the gateway follow `quantiles` (drawn independently per request,
 * linear between the points); timers on time, answers in 1-3 s.
 */
export function measuredPath(quantiles: DelayQuantiles): PathModel {
  const delayAt = (u: number): number => {
    for (let i = 1; i < quantiles.length; i++) {
      const [p1, d1] = quantiles[i] ?? [1, 0];
      if (u <= p1) {
        const [p0, d0] = quantiles[i - 1] ?? [0, 0];
        return d0 + ((u - p0) / (p1 - p0)) * (d1 - d0);
      }
    }
    return quantiles.at(-1)?.[1] ?? 0;
  };
  return {
    timerLateMs: (r) => uniform(r, 0, 1),
    toGatewayMs: (r) => delayAt(r.next()),
    answerMs: (r) => uniform(r, 1000, 3000),
  };
}
