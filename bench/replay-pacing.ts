// Replays a sending benchmark's recorded path against the app's pacer, offline, in seconds:
//
//   BENCH_TRACE_DIR=/tmp/traces npm run bench -- -g "sending: sustained"   (records a trace)
//   npx tsx bench/replay-pacing.ts /tmp/traces/sustained-1-….json [seconds] [seed]
//
// A trace (lib/trace.ts) holds, for each request, when the app handed it to fetch and when the
// gateway stamped its arrival. Their difference is the path delay the app cannot see; the
// replay gives a request sent at time t the delay of the recorded request sent nearest to t
// (looping over the recording), so stalls keep their place in time whatever the pacing. The
// pacer is the app's own (TokenBucket, with its margin and 429 hold), the gateway the stand-ins'
// own limiter (SpikeArrest 5ps and Quota 300/min), answers 1-3 s after arrival, a 429's 2 ms
// after it, 20 at once; pacing timers fire up to 1 ms late. It answers "what would this pacing
// have done on that path": the share of the limit admitted after 30 s and the 429s, for
// comparing one pacing with another on the same recorded path. It is a model: the path's
// delays do not react to the pacing, and the recorded delays are whole milliseconds.

import { readFileSync } from 'node:fs';
import { TokenBucket } from '../src/domain/sending/tokenBucket';
import { GatewayLimiter } from '../src/domain/spine/gatewayLimits';
import { createRandom } from '../src/demo/random';

interface Trace {
  /** [X-Request-ID, the epoch ms of each attempt handed to fetch]. */
  readonly sent: readonly (readonly [string, readonly number[]])[];
  readonly arrivals: readonly { readonly requestId: string; readonly at: number }[];
}

interface Event {
  readonly at: number;
  readonly kind: 'wake' | 'arrive' | 'answer';
  readonly sentAt: number;
  readonly refused: boolean;
}

const RATE = 5;
const WARM_UP_MS = 30_000;
const CONCURRENCY = 20;
/** An epoch origin for the gateway's calendar minutes (ms). */
const EPOCH_MS = Date.UTC(2026, 11, 3);

/** Each request's send time (ms from the first) and path delay (ms), in send order. */
function pathOf(trace: Trace): { times: number[]; delays: number[] } {
  const sentBy = new Map(trace.sent);
  const pairs: [number, number][] = [];
  for (const arrival of trace.arrivals) {
    // The attempt this arrival belongs to: the last one handed to fetch before it arrived.
    const before = (sentBy.get(arrival.requestId) ?? []).filter((t) => t <= arrival.at + 1);
    if (before.length > 0) pairs.push([Math.max(...before), arrival.at - Math.max(...before)]);
  }
  if (pairs.length < 2) throw new Error('the trace holds fewer than two matched requests');
  pairs.sort((a, b) => a[0] - b[0]);
  const first = pairs[0]?.[0] ?? 0;
  return { times: pairs.map(([t]) => t - first), delays: pairs.map(([, d]) => Math.max(0, d)) };
}

function replay(trace: Trace, seconds: number, seed: number): { ratio: number; refused: number; requests: number } {
  const { times, delays } = pathOf(trace);
  const span = times.at(-1) ?? 1;
  const delayAt = (t: number): number => {
    const target = t % span;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return delays[lo] ?? 0;
  };
  const random = createRandom(seed);
  const pacer = new TokenBucket({ perSecond: RATE, burst: 1 }, 0);
  const gateway = new GatewayLimiter();
  const queue: Event[] = [];
  const push = (event: Event): void => {
    let i = queue.length;
    queue.push(event);
    while (i > 0 && (queue[i - 1]?.at ?? 0) > event.at) {
      queue[i] = queue[i - 1] as Event;
      i--;
    }
    queue[i] = event;
  };
  const endMs = seconds * 1000;
  let inFlight = 0;
  let wakePending = true;
  let admitted = 0;
  let refused = 0;
  let requests = 0;
  push({ at: 0, kind: 'wake', sentAt: 0, refused: false });
  for (let event = queue.shift(); event !== undefined && event.at <= endMs; event = queue.shift()) {
    if (event.kind === 'wake') {
      wakePending = false;
      if (inFlight >= CONCURRENCY) continue;
      const waitMs = pacer.take(event.at);
      if (waitMs === 0) {
        inFlight++;
        requests++;
        push({ at: event.at + delayAt(event.at), kind: 'arrive', sentAt: event.at, refused: false });
      }
      wakePending = true;
      push({ at: event.at + waitMs + (waitMs === 0 ? 0 : random.next()), kind: 'wake', sentAt: 0, refused: false });
    } else if (event.kind === 'arrive') {
      const throttled = gateway.admit(EPOCH_MS + event.at, { ratePerSecond: RATE, quotaPerMinute: RATE * 60 }) !== null;
      if (throttled) refused++;
      else if (event.at >= WARM_UP_MS) admitted++;
      push({ at: event.at + (throttled ? 2 : 1000 + random.next() * 2000), kind: 'answer', sentAt: event.sentAt, refused: throttled });
    } else {
      inFlight--;
      pacer.answered(event.sentAt, event.at, { reachedSpine: true, rateLimited: event.refused, retryAfterMs: null });
      if (!wakePending) {
        wakePending = true;
        push({ at: event.at, kind: 'wake', sentAt: 0, refused: false });
      }
    }
  }
  return { ratio: admitted / ((endMs - WARM_UP_MS) / 1000) / RATE, refused, requests };
}

const [file, secondsArg, seedArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: npx tsx bench/replay-pacing.ts TRACE.json [seconds, default 600] [seed, default 1]');
  process.exit(2);
}
const trace = JSON.parse(readFileSync(file, 'utf8')) as Trace;
const result = replay(trace, Number(secondsArg ?? 600), Number(seedArg ?? 1));
console.log(`${file}: ${result.ratio.toFixed(3)} of the limit after ${WARM_UP_MS / 1000} s; ${result.refused} × 429 in ${result.requests} requests`);
