// Acknowledged messages per second, from the app's own outbox: the number of rows in state
// `sent` is read every stepMs, and rates are taken between readings.

import type { Page } from '@playwright/test';
import { outboxCounts } from './app';

export interface RatePoint {
  /** Epoch ms of the reading. */
  readonly at: number;
  readonly sent: number;
  /** Messages not yet answered (queued, claimed or waiting to retry). */
  readonly left: number;
}

export interface RateWindow {
  readonly points: readonly RatePoint[];
  /** Messages acknowledged per second over the whole window. */
  readonly perSecond: number;
  /** Seconds the window lasted (shorter than asked when the outbox ran dry). */
  readonly seconds: number;
  /** True when too few messages were left to keep the sender busy, so the window ended early. */
  readonly ranDry: boolean;
}

export function rateBetween(a: RatePoint, b: RatePoint): number {
  return (b.sent - a.sent) / ((b.at - a.at) / 1000);
}

/**
 * Reads the outbox every stepMs for `seconds`, or until fewer than `minLeft` messages are left
 * (the sender would be starved: the window ends at the last reading before that).
 */
export async function watchSending(page: Page, seconds: number, stepMs: number, minLeft: number): Promise<RateWindow> {
  const read = async (): Promise<RatePoint> => {
    const c = await outboxCounts(page);
    return { at: Date.now(), sent: c.sent, left: c.queued + c.sending + c.waiting };
  };
  const first = await read();
  const points: RatePoint[] = [first];
  let ranDry = false;
  const end = first.at + seconds * 1000;
  for (let next = first.at + stepMs; next <= end; next += stepMs) {
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    const p = await read();
    if (p.left < minLeft) {
      ranDry = true;
      break;
    }
    points.push(p);
  }
  const last = points[points.length - 1] ?? first;
  return { points, perSecond: last === first ? 0 : rateBetween(first, last), seconds: (last.at - first.at) / 1000, ranDry };
}

/** Rates over consecutive windows of `every` readings (e.g. 60 one-second readings a minute). */
export function windowRates(points: readonly RatePoint[], every: number): number[] {
  const rates: number[] = [];
  for (let i = every; i < points.length; i += every) {
    const a = points[i - every];
    const b = points[i];
    if (a && b) rates.push(rateBetween(a, b));
  }
  return rates;
}
