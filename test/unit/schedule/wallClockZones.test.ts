// The daylight-saving rules on Temporal in zones whose changes are not London's: a gap at
// midnight (the day starts at 01:00), a half-hour change, and the southern hemisphere, where
// summer time spans the new year. The same rules: a skipped time is the first instant after the
// gap, a doubled one the first of the two.

import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, instantOfLocal, localParts, nextOccurrence, offsetAt } from '../../../src/domain/schedule/wallClock';

const HOUR_MS = 3_600_000;
const at = (isoDate: string, hhmm: string, zone: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return instantOfLocal(isoDate, h * 60 + m, zone);
};

describe('a gap at midnight (Santiago, 6 September 2026: 00:00 becomes 01:00)', () => {
  const zone = 'America/Santiago';
  it('midnight, which that day never shows, is 01:00, the first instant of the day', () => {
    const midnight = at('2026-09-06', '00:00', zone);
    expect(localParts(midnight, zone)).toEqual({ date: '2026-09-06', minuteOfDay: 60, second: 0 });
    expect(offsetAt(midnight, zone) - offsetAt(midnight - 1, zone)).toBe(HOUR_MS);
  });

  it('a daily 00:30 falls on 01:00 that day and on 00:30 the next', () => {
    const before = at('2026-09-05', '12:00', zone);
    const first = nextOccurrence(30, before, zone);
    expect(localParts(first, zone)).toEqual({ date: '2026-09-06', minuteOfDay: 60, second: 0 });
    expect(localParts(nextOccurrence(30, first, zone), zone)).toEqual({ date: '2026-09-07', minuteOfDay: 30, second: 0 });
  });
});

describe('a half-hour change (Lord Howe Island, 4 October 2026: 02:00 becomes 02:30)', () => {
  const zone = 'Australia/Lord_Howe';
  it('02:15 is 02:30, half an hour after 01:59 plus a minute', () => {
    const skipped = at('2026-10-04', '02:15', zone);
    expect(localParts(skipped, zone).minuteOfDay).toBe(150);
    expect(skipped - at('2026-10-04', '01:59', zone)).toBe(60_000);
  });

  it('on the autumn night 01:45 happens twice, and is the first of the two', () => {
    const first = at('2026-04-05', '01:45', zone);
    expect(offsetAt(first, zone)).toBe(11 * HOUR_MS);
    expect(localParts(first + 30 * 60_000, zone).minuteOfDay).toBe(105);
  });
});

describe('calendar days', () => {
  it('count across a month, a leap day and a year', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2027-01-02', '2026-12-30')).toBe(-3);
  });
});
