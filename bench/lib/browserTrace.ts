// A Chromium trace of some categories over a benchmark window (CDP Tracing on the page's target,
// which records every process of the browser: IndexedDB runs in the browser process), summed
// per event name: how many and how long. For finding where a figure's time goes.

import type { BrowserContext, Page } from '@playwright/test';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
}

function isTraceEvent(value: unknown): value is TraceEvent {
  return typeof value === 'object' && value !== null && 'name' in value && 'ph' in value && 'ts' in value;
}

/** Total milliseconds and count per event name ('X' events and B/E pairs), largest first. */
export function eventTotals(events: readonly TraceEvent[]): [string, { ms: number; count: number }][] {
  const totals = new Map<string, { ms: number; count: number }>();
  const add = (name: string, us: number): void => {
    const t = totals.get(name) ?? { ms: 0, count: 0 };
    totals.set(name, { ms: t.ms + us / 1000, count: t.count + 1 });
  };
  const open = new Map<string, number[]>();
  for (const e of events) {
    if (e.ph === 'X' && e.dur !== undefined) add(e.name, e.dur);
    else if (e.ph === 'B') {
      const key = `${e.pid}:${e.tid}:${e.name}`;
      open.set(key, [...(open.get(key) ?? []), e.ts]);
    } else if (e.ph === 'E') {
      const key = `${e.pid}:${e.tid}:${e.name}`;
      const began = open.get(key)?.pop();
      if (began !== undefined) add(e.name, e.ts - began);
    }
  }
  return [...totals].sort((a, b) => b[1].ms - a[1].ms);
}

/** Starts tracing `categories`; stop() gives the events. */
export async function traceBrowser(context: BrowserContext, page: Page, categories: string): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    for (const e of data.value) if (isTraceEvent(e)) events.push(e);
  });
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return {
    stop: async () => {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => undefined);
      return events;
    },
  };
}

/** The top `n` event names by total time, for a log line. */
export function describeTrace(events: readonly TraceEvent[], n = 30): string {
  return `trace (${events.length} events): ${eventTotals(events)
    .slice(0, n)
    .map(([name, t]) => `${name} ${t.ms.toFixed(0)} ms/${t.count}`)
    .join('; ')}`;
}
