// Acknowledged messages per second, from the app's own outbox: the number of rows in state
// `sent` is read every stepMs, and rates are taken between readings. And how long requests took
// from the app to the gateway, from the outbox's attempt times and the gateway's arrivals.

import type { Page } from '@playwright/test';
import { DATABASE_NAME } from '../../src/db/database';
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
 * Watches sending for `seconds` (or until fewer than `minLeft` messages are left): the outbox
 * is read only when the window starts and when it ends, the readings in between (every `stepMs`)
 * count the Spine's answers instead. Counting
 * the outbox by state walks an index of the IndexedDB database the sender is writing, in the
 * same queue of transactions (about 100 ms a count at 20,000 messages, five counts a reading):
 * read every second, it took about half the database's time away from the app being measured.
 * In between, `answered` (how many uploads the Spine has answered) bounds what is left: every
 * message that stops being due after the start was either being sent then or has been answered
 * since, so `left - sending at the start - answered since` is never above the outbox's own count,
 * and the window ends no later than it would reading the outbox.
 */
export async function watchSendingBySpine(page: Page, seconds: number, stepMs: number, minLeft: number, answered: () => number): Promise<RateWindow> {
  const read = async (): Promise<RatePoint & { readonly sending: number }> => {
    const c = await outboxCounts(page);
    return { at: Date.now(), sent: c.sent, left: c.queued + c.sending + c.waiting, sending: c.sending };
  };
  const first = await read();
  const answeredAtFirst = answered();
  // Readings in between, from the Spine's answers (no outbox read).
  const points: RatePoint[] = [first];
  let ranDry = false;
  const end = first.at + seconds * 1000;
  for (let next = first.at + stepMs; next <= end; next += stepMs) {
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    const since = answered() - answeredAtFirst;
    if (first.left - first.sending - since < minLeft) {
      ranDry = true;
      break;
    }
    points.push({ at: Date.now(), sent: first.sent + since, left: first.left - first.sending - since });
  }
  const last = await read();
  // The window's rate is the outbox's own count at its ends; the last reading is that count.
  if (points.length > 1) points.pop();
  points.push(last);
  return { points, perSecond: rateBetween(first, last), seconds: (last.at - first.at) / 1000, ranDry };
}

/** When the app handed each answered attempt to fetch (epoch ms, as the outbox records it), by X-Request-ID. */
export async function attemptTimes(page: Page): Promise<Map<string, number[]>> {
  const rows = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const out: [string, number[]][] = [];
      const index = db.transaction('outbox').objectStore('outbox').index('state');
      for (const state of ['sent', 'waiting', 'sending', 'failed']) {
        await new Promise<void>((resolve, reject) => {
          const req = index.openCursor(state);
          req.onsuccess = () => {
            const cursor = req.result;
            if (cursor === null) return resolve();
            const v = cursor.value as { requestId: string; attempts: { at: string; outcome?: string }[] };
            // An attempt still in flight (or cut off) is stamped when it was claimed, not sent.
            const sent = v.attempts.filter((a) => a.outcome !== 'in-flight' && a.outcome !== 'cut-off');
            out.push([v.requestId, sent.map((a) => Date.parse(a.at))]);
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        });
      }
      return out;
    } finally {
      db.close();
    }
  }, DATABASE_NAME);
  return new Map(rows);
}

/** One request's way to the gateway: when the app handed it to fetch (epoch ms) and how long it took (ms). */
export interface PathSample {
  readonly sentAt: number;
  readonly delayMs: number;
}

/**
 * From the app handing each request to fetch to its arrival at the gateway, for every arrival
 * whose attempt the outbox records: the latest attempt of that X-Request-ID at or before the
 * arrival. App and gateway read the same machine's clock. In arrival order.
 */
export function pathSamples(sent: ReadonlyMap<string, readonly number[]>, arrivals: readonly { readonly requestId: string; readonly at: number }[]): PathSample[] {
  const samples: PathSample[] = [];
  for (const a of arrivals) {
    const times = sent.get(a.requestId) ?? [];
    let best: number | null = null;
    for (const t of times) if (t <= a.at && (best === null || t > best)) best = t;
    if (best !== null) samples.push({ sentAt: best, delayMs: a.at - best });
  }
  return samples;
}

/** The delays of pathSamples (ms). */
export function pathDelays(sent: ReadonlyMap<string, readonly number[]>, arrivals: readonly { readonly requestId: string; readonly at: number }[]): number[] {
  return pathSamples(sent, arrivals).map((s) => s.delayMs);
}

/** The value below which a fraction `q` (0..1) of `values` lie (nearest rank); null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** One request as one stage of its path saw it: its X-Request-ID and when (epoch ms). */
export interface Stamp {
  readonly requestId: string;
  readonly at: number;
}

/** Gaps between consecutive stamps in time order (ms). */
export function gapsOf(times: readonly number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push((sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return gaps;
}

/** "smallest X ms, N under Y ms" for one stage's gaps. */
export function describeGaps(times: readonly number[], underMs: number): string {
  const gaps = gapsOf(times);
  return `smallest gap ${quantile(gaps, 0) ?? '?'} ms, ${gaps.filter((g) => g < underMs).length} under ${underMs} ms`;
}

/** "median a, 90% b, 99% c, longest d ms (n)" for delays. */
export function describeDelays(delays: readonly number[]): string {
  return `median ${quantile(delays, 0.5) ?? '?'} ms, 90% ${quantile(delays, 0.9) ?? '?'} ms, 99% ${quantile(delays, 0.99) ?? '?'} ms, longest ${quantile(delays, 1) ?? '?'} ms (${delays.length})`;
}
