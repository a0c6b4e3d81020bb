// The live chart's data: the engine reports only minutes with finished attempts (sparse, oldest
// first); the chart shows every minute of the last CHART_MINUTES, ending with the current one.

import type { MinuteTally } from '../../shared/monitor';

export const CHART_MINUTES = 30;
const MINUTE_MS = 60_000;

/** CHART_MINUTES tallies, oldest first, the last being the minute that contains `nowMs`. */
export function minuteSeries(tallies: readonly MinuteTally[], nowMs: number, minutes = CHART_MINUTES): MinuteTally[] {
  const last = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const byMinute = new Map(tallies.map((t) => [t.minute, t]));
  const series: MinuteTally[] = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const minute = last - i * MINUTE_MS;
    series.push(byMinute.get(minute) ?? { minute, sent: 0, failed: 0, retried: 0 });
  }
  return series;
}

export interface SeriesTotals {
  readonly sent: number;
  readonly failed: number;
  readonly retried: number;
  /** The tallest bar (sent + failed + retried in one minute); at least 1, to scale by. */
  readonly peak: number;
}

export function seriesTotals(series: readonly MinuteTally[]): SeriesTotals {
  let sent = 0;
  let failed = 0;
  let retried = 0;
  let peak = 1;
  for (const t of series) {
    sent += t.sent;
    failed += t.failed;
    retried += t.retried;
    peak = Math.max(peak, t.sent + t.failed + t.retried);
  }
  return { sent, failed, retried, peak };
}
