// Replays a sending benchmark's recorded path against the app's pacer, offline, in seconds:
//
//   BENCH_TRACE_DIR=/tmp/traces npm run bench -- -g "sending: sustained"   (records a trace)
//   npx tsx bench/replay-pacing.ts /tmp/traces/sustained-1-….json [messages] [seed] [--fixed-margin=MS]
//
// A trace (lib/trace.ts) holds, for each request, when the app handed it to fetch and when the
// gateway stamped its arrival. Their difference is the path delay the app cannot see. The replay
// is the pacing model the unit tests use (test/unit/send/spikeArrestModel.ts: the app's own
// TokenBucket, 20 at once, the national gateway's SpikeArrest and Quota, answers 1-3 s after
// arrival, timers up to 1 ms late) on a path read from the recording: a request sent at time t
// takes the delay of the recorded request sent nearest to t (looping over the recording), so
// stalls keep their place in time whatever the pacing. It answers "what would this pacing have
// done on that path": the share of the limit admitted after 30 s and the 429s, sending 3,000
// messages (about as many as the benchmark's ten minutes) until each is stored. With
// --fixed-margin=MS the margin is fixed instead of learnt: requests 200 + MS ms apart, the app's
// own hold after a 429 (throttleHold.ts); for finding what a recorded path allows at best, and
// what margin it needs for no 429 at all. It is a model: the
// path's delays do not react to the pacing, and the recorded delays are whole milliseconds.

import { readFileSync } from 'node:fs';
import { ThrottleHold } from '../src/domain/sending/throttleHold';
import { admittedRateFrom, runModel, uniform, type PathModel, type Pacer } from '../test/unit/send/spikeArrestModel';
import { pathSamples, type Stamp } from './lib/sendRate';

interface Trace {
  /** [X-Request-ID, the epoch ms of each attempt handed to fetch]. */
  readonly sent: readonly (readonly [string, readonly number[]])[];
  readonly arrivals: readonly Stamp[];
}

/** The gateway's limit (requests a second) and the benchmark's warm-up (ms). */
const RATE = 5;
const WARM_UP_MS = 30_000;

/** The recorded path: each request's delay to the gateway, by its send time from the first. */
function recordedPath(trace: Trace): PathModel {
  const samples = pathSamples(new Map(trace.sent), trace.arrivals).sort((a, b) => a.sentAt - b.sentAt);
  const first = samples[0]?.sentAt;
  const span = (samples.at(-1)?.sentAt ?? 0) - (first ?? 0);
  if (first === undefined || span <= 0) throw new Error('the trace holds fewer than two matched requests');
  const times = samples.map((s) => s.sentAt - first);
  const delayAt = (atMs: number): number => {
    const target = atMs % span;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, samples[lo]?.delayMs ?? 0);
  };
  return {
    timerLateMs: (r) => uniform(r, 0, 1),
    toGatewayMs: (_r, atMs) => delayAt(atMs),
    answerMs: (r) => uniform(r, 1000, 3000),
  };
}

/** The app's pacing with its margin fixed at `marginMs`: spacing + margin from the last grant, the app's hold after a 429. */
function fixedMarginPacer(marginMs: number): Pacer {
  const spacingMs = 1000 / RATE;
  const hold = new ThrottleHold(spacingMs);
  let lastGrant = Number.NEGATIVE_INFINITY;
  let heldUntil = Number.NEGATIVE_INFINITY;
  return {
    take(nowMs) {
      const dueAt = Math.max(heldUntil, lastGrant + spacingMs + marginMs);
      if (nowMs < dueAt) return Math.ceil(dueAt - nowMs);
      lastGrant = nowMs;
      return 0;
    },
    answered(sentAtMs, answeredAtMs, answer) {
      if (answer.rateLimited) heldUntil = Math.max(heldUntil, answeredAtMs + hold.refused(sentAtMs, answeredAtMs, answer.retryAfterMs));
      else hold.admitted(sentAtMs);
    },
  };
}

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [file, messagesArg, seedArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const marginFlag = flags.find((f) => f.startsWith('--fixed-margin='));
const fixedMarginMs = marginFlag === undefined ? null : Number(marginFlag.slice('--fixed-margin='.length));
if (file === undefined || flags.length > (marginFlag === undefined ? 0 : 1) || (fixedMarginMs !== null && !(fixedMarginMs >= 0))) {
  console.error('usage: npx tsx bench/replay-pacing.ts TRACE.json [messages, default 3000] [seed, default 1] [--fixed-margin=MS]');
  process.exit(2);
}
const trace = JSON.parse(readFileSync(file, 'utf8')) as Trace;
const pacer = fixedMarginMs === null ? undefined : fixedMarginPacer(fixedMarginMs);
const run = runModel({ messages: Number(messagesArg ?? 3000), path: recordedPath(trace), seed: Number(seedArg ?? 1), ...(pacer === undefined ? {} : { pacer }) });
const refused = run.spikeArrests + run.quotaRefusals;
const pacing = fixedMarginMs === null ? "the app's pacer" : `a fixed margin of ${fixedMarginMs} ms`;
console.log(`${file}: ${pacing}: ${(admittedRateFrom(run, WARM_UP_MS) / RATE).toFixed(3)} of the limit after ${WARM_UP_MS / 1000} s; ${refused} × 429 in ${run.grants.length} requests`);
