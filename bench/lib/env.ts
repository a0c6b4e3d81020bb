// The benchmark's knobs, from environment variables, with the defaults the committed
// bench/results.json was made with. Whole numbers only; a bad value stops the run at once.

function wholeNumber(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number from ${min}; got "${raw}"`);
  return value;
}

export const BENCH = {
  /** Repetitions of the fast figures (10,000 patients, UI, resume, uncapped sending). */
  runs: wholeNumber('BENCH_RUNS', 3),
  /** Repetitions of the 100,000-patient figures (each takes about five minutes here). */
  bigRuns: wholeNumber('BENCH_BIG_RUNS', 3),
  /** Length of the sustained-sending measurement window (seconds): 600 for the real figure. */
  sendSeconds: wholeNumber('BENCH_SEND_SECONDS', 600),
  /** Repetitions of the sustained-sending window (each one BENCH_SEND_SECONDS long). */
  sendRuns: wholeNumber('BENCH_SEND_RUNS', 1),
  /** Length of the uncapped-sending measurement window (seconds). */
  uncappedSeconds: wholeNumber('BENCH_UNCAPPED_SECONDS', 30),
  /**
   * Records written one transaction each for the naive baseline. Larger practices are
   * extrapolated from this sample's rate (said so in the figure's note).
   */
  naiveSample: wholeNumber('BENCH_NAIVE_SAMPLE', 10_000),
  /** Merge a partial run's figures into the existing results.json (re-measuring one area). */
  merge: process.env['BENCH_MERGE'] === '1',
  /** Skip the 100,000-patient iterations (for trying the harness quickly). */
  skipBig: process.env['BENCH_SKIP_100K'] === '1',
} as const;

/** Where the harness serves the built app (not 4173: the browser tests use that one). */
export const BENCH_PORT = wholeNumber('BENCH_PORT', 4174);
