// Summaries of repeated measurements: every figure is the median of its runs, with the
// smallest and largest shown, and the raw samples kept so nothing is hidden by the summary.

export interface Figure {
  readonly name: string;
  readonly unit: string;
  /** Null when the figure could not be measured (the note says why). */
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** How many measurements the median is taken over. */
  readonly runs: number;
  readonly samples: readonly number[];
  /** How it was measured, and anything a reader must know to trust it. */
  readonly note: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Rounds to a number of significant-looking decimals that suits the magnitude. */
export function tidy(value: number): number {
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function figure(name: string, unit: string, samples: readonly number[], note: string): Figure {
  if (samples.length === 0) return unavailable(name, unit, note);
  return {
    name,
    unit,
    median: tidy(median(samples)),
    min: tidy(Math.min(...samples)),
    max: tidy(Math.max(...samples)),
    runs: samples.length,
    samples: samples.map(tidy),
    note,
  };
}

/** A figure that could not be measured: nulls, no runs, and the reason in the note. */
export function unavailable(name: string, unit: string, why: string): Figure {
  return { name, unit, median: null, min: null, max: null, runs: 0, samples: [], note: why };
}
