// The live chart's minute series and the monitor's pager words.

import { describe, expect, it } from 'vitest';
import { CHART_MINUTES, minuteSeries, seriesTotals } from '../../../src/ui/monitor/chartData';
import { pageRangeText } from '../../../src/ui/monitor/text';

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 30);
const THIS_MINUTE = Date.UTC(2026, 0, 1, 12, 0);

describe('minuteSeries', () => {
  it('fills every minute of the last 30, oldest first, ending with the current minute', () => {
    const series = minuteSeries([{ minute: THIS_MINUTE - 29 * MIN, sent: 1, failed: 0, retried: 0 }, { minute: THIS_MINUTE, sent: 5, failed: 1, retried: 2 }], NOW);
    expect(series).toHaveLength(CHART_MINUTES);
    expect(series[0]).toEqual({ minute: THIS_MINUTE - 29 * MIN, sent: 1, failed: 0, retried: 0 });
    expect(series[29]).toEqual({ minute: THIS_MINUTE, sent: 5, failed: 1, retried: 2 });
    expect(series.slice(1, 29).every((t) => t.sent + t.failed + t.retried === 0)).toBe(true);
    expect(series.map((t) => t.minute)).toEqual(Array.from({ length: 30 }, (_, i) => THIS_MINUTE - (29 - i) * MIN));
  });

  it('leaves out minutes older than the window', () => {
    const series = minuteSeries([{ minute: THIS_MINUTE - 30 * MIN, sent: 9, failed: 9, retried: 9 }], NOW);
    expect(seriesTotals(series)).toEqual({ sent: 0, failed: 0, retried: 0, peak: 1 });
  });

  it('totals the window and finds the tallest minute', () => {
    const series = minuteSeries(
      [
        { minute: THIS_MINUTE - 2 * MIN, sent: 250, failed: 3, retried: 4 },
        { minute: THIS_MINUTE - MIN, sent: 300, failed: 0, retried: 0 },
      ],
      NOW,
    );
    expect(seriesTotals(series)).toEqual({ sent: 550, failed: 3, retried: 4, peak: 300 });
  });
});

describe('pageRangeText', () => {
  it('counts from 1 with an en dash and en-GB thousands separators', () => {
    expect(pageRangeText(50, 50, 8421)).toBe('Showing 51–100 of 8,421');
    expect(pageRangeText(8400, 21, 8421)).toBe('Showing 8,401–8,421 of 8,421');
    expect(pageRangeText(0, 0, 0)).toBe('No messages');
    expect(pageRangeText(100, 0, 40)).toBe('None shown of 40');
  });
});
