// Replays a sending benchmark's recorded path against the app's pacer, offline, in seconds:
//
//   BENCH_TRACE_DIR=/tmp/traces npm run bench -- -g "sending: sustained"   (records a trace)
//   npx tsx bench/replay-pacing.ts /tmp/traces/sustained-1-….json [messages] [seed] [--fixed-margin=MS]
//   npx tsx bench/replay-pacing.ts TRACE.json --save=test/fixtures/pacing-paths/NAME.json --note="…" [--busy]
//
// It reads a benchmark's trace or a path recording (test/fixtures/pacing-paths/, the compact
// form the pacing tests replay); --save writes a trace's recording there instead of replaying.
//
// A trace (lib/trace.ts) holds, for each request, when the app handed it to fetch and when the
// gateway stamped its arrival. Their difference is the path delay the app cannot see. The replay
// is the pacing model the unit tests use (test/unit/send/spikeArrestModel.ts: the app's own
// TokenBucket, 20 at once, the national gateway's SpikeArrest and Quota) on the recorded path
// (recordedPaths.ts: a request sent at time t takes the delay of the first recorded request
// sent at or after t, so stalls keep their place in time whatever the pacing). It answers "what
// would this pacing have done on that path": the share of the limit admitted after 30 s and the
// 429s, sending 3,000 messages (about as many as the benchmark's ten minutes) until each is
// stored. With
// --fixed-margin=MS the margin is fixed instead of learnt: requests 200 + MS ms apart, the app's
// own hold after a 429 (throttleHold.ts); for finding what a recorded path allows at best, and
// what margin it needs for no 429 at all.

import { readFileSync, writeFileSync } from 'node:fs';
import { fixedMarginPacer, recordedPath, type PathRecording } from '../test/unit/send/recordedPaths';
import { admittedRateFrom, runModel } from '../test/unit/send/spikeArrestModel';
import { pathSamples, type Stamp } from './lib/sendRate';

interface Trace {
  /** [X-Request-ID, the epoch ms of each attempt handed to fetch]. */
  readonly sent: readonly (readonly [string, readonly number[]])[];
  readonly arrivals: readonly Stamp[];
}

/** The gateway's limit (requests a second) and the benchmark's warm-up (ms). */
const RATE = 5;
const WARM_UP_MS = 30_000;

/** A trace's path in the compact form: each matched request's send time from the first, and its delay. */
function recordingOf(trace: Trace, note: string, busy: boolean): PathRecording {
  const samples = pathSamples(new Map(trace.sent), trace.arrivals).sort((a, b) => a.sentAt - b.sentAt);
  const first = samples[0]?.sentAt ?? 0;
  return { note, busy, sentAtMs: samples.map((s) => s.sentAt - first), delayMs: samples.map((s) => Math.max(0, s.delayMs)) };
}

function option(name: string): string | null {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag === undefined ? null : flag.slice(name.length + 3);
}

const [file, messagesArg, seedArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const known = /^--(fixed-margin|save|note)=|^--busy$/;
const margin = option('fixed-margin');
const fixedMarginMs = margin === null ? null : Number(margin);
if (file === undefined || process.argv.slice(2).some((a) => a.startsWith('--') && !known.test(a)) || (fixedMarginMs !== null && !(fixedMarginMs >= 0))) {
  console.error('usage: npx tsx bench/replay-pacing.ts TRACE-OR-RECORDING.json [messages, default 3000] [seed, default 1] [--fixed-margin=MS]\n       npx tsx bench/replay-pacing.ts TRACE.json --save=RECORDING.json --note="when and how" [--busy]');
  process.exit(2);
}
const read = JSON.parse(readFileSync(file, 'utf8')) as Trace | PathRecording;
const save = option('save');
if (save !== null) {
  if (!('sent' in read)) throw new Error(`${file} is a recording already, not a benchmark's trace`);
  const recording = recordingOf(read, option('note') ?? '', process.argv.includes('--busy'));
  writeFileSync(save, `${JSON.stringify(recording)}\n`);
  console.log(`${save}: ${recording.sentAtMs.length} requests`);
  process.exit(0);
}
const recording = 'sent' in read ? recordingOf(read, file, false) : read;
const pacer = fixedMarginMs === null ? undefined : fixedMarginPacer(1000 / RATE, fixedMarginMs);
const run = runModel({ messages: Number(messagesArg ?? 3000), path: recordedPath(recording), seed: Number(seedArg ?? 1), ...(pacer === undefined ? {} : { pacer }) });
const refused = run.spikeArrests + run.quotaRefusals;
const pacing = fixedMarginMs === null ? "the app's pacer" : `a fixed margin of ${fixedMarginMs} ms`;
console.log(`${file}: ${pacing}: ${(admittedRateFrom(run, WARM_UP_MS) / RATE).toFixed(3)} of the limit after ${WARM_UP_MS / 1000} s; ${refused} × 429 in ${run.grants.length} requests`);
