// Real paths for the pacing model: recordings of the sending benchmark (bench/send.bench.ts with
// BENCH_TRACE_DIR), each request's send time and its delay from fetch to the gateway, and the
// pacers the recordings are replayed with. Used by recordedPaths.test.ts and by
// bench/replay-pacing.ts, which replays any new recording the same way.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThrottleHold } from '../../../src/domain/sending/throttleHold';
import { uniform, type Pacer, type PathModel } from './spikeArrestModel';

/** One benchmark run's path, as test/fixtures/pacing-paths/ holds it. */
export interface PathRecording {
  /** When and how it was recorded (the CPU idle or kept busy, the window). */
  readonly note: string;
  /** Whether another process kept both cores busy. */
  readonly busy: boolean;
  /** When each request was handed to fetch (ms from the first), in order. */
  readonly sentAtMs: readonly number[];
  /** Each request's delay from fetch to its arrival at the gateway (ms), in the same order. */
  readonly delayMs: readonly number[];
}

/** The folder of recorded paths in the repository. */
export const PATH_RECORDINGS_DIR = fileURLToPath(new URL('../../fixtures/pacing-paths/', import.meta.url));

/** Every recording in `dir` (default: the repository's), by file name. */
export function readPathRecordings(dir = PATH_RECORDINGS_DIR): { readonly name: string; readonly recording: PathRecording }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, recording: JSON.parse(readFileSync(join(dir, name), 'utf8')) as PathRecording }));
}

/**
 * A path that gives a request sent at `t` the recorded delay of the first request sent at or
 * after `t` (looping over the recording), so stalls keep their place in time whatever the pacing;
 * timers up to 1 ms late, answers 1-3 s after arrival as in the benchmark. A model: the delays
 * do not react to the pacing, and they are whole milliseconds.
 */
export function recordedPath(recording: PathRecording): PathModel {
  const times = recording.sentAtMs;
  const span = times.at(-1) ?? 0;
  if (times.length < 2 || times.length !== recording.delayMs.length || span <= 0) throw new Error('a path recording needs two or more requests, with a delay for each');
  const delayAt = (atMs: number): number => {
    const target = atMs % span;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, recording.delayMs[lo] ?? 0);
  };
  return {
    timerLateMs: (r) => uniform(r, 0, 1),
    toGatewayMs: (_r, atMs) => delayAt(atMs),
    answerMs: (r) => uniform(r, 1000, 3000),
  };
}

/**
 * The app's pacing with its margin fixed at `marginMs` instead of learnt: each request
 * spacing + margin after the last one granted, and the app's own hold after a 429
 * (throttleHold.ts). For asking what a recorded path allows at best, and what no 429 needs.
 */
export function fixedMarginPacer(spacingMs: number, marginMs: number): Pacer {
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
