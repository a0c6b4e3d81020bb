// The local-date helper reads this computer's own clock: run in London (TZ set below before any
// Date is made), its date is the local one across midnight in summer time, where the UTC date
// is a day behind.

import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { localClockTime, localIsoDate, localToday } from '../../../src/domain/localDate';

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Europe/London';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('localIsoDate', () => {
  it('is the local date: 00:30 BST on 1 July is 1 July though it is still 30 June in UTC', () => {
    expect(localIsoDate(Date.UTC(2026, 5, 30, 23, 30))).toBe('2026-07-01');
  });

  it('is the UTC date in winter, when London is on UTC', () => {
    expect(localIsoDate(Date.UTC(2026, 0, 15, 23, 59))).toBe('2026-01-15');
    expect(localIsoDate(Date.UTC(2026, 0, 16, 0, 0))).toBe('2026-01-16');
  });

  it('pads month and day', () => {
    expect(localIsoDate(Date.UTC(2026, 2, 5, 12))).toBe('2026-03-05');
  });
});

describe('localClockTime', () => {
  it('is the local 24-hour time, with seconds or without', () => {
    const ms = Date.UTC(2026, 6, 1, 13, 2, 5);
    expect(localClockTime(ms)).toBe('14:02:05');
    expect(localClockTime(ms, false)).toBe('14:02');
  });

  it('follows the clock change: 00:59:59 GMT, then 02:00:00 BST a second later', () => {
    const change = Date.UTC(2026, 2, 29, 1);
    expect(localClockTime(change - 1_000)).toBe('00:59:59');
    expect(localClockTime(change)).toBe('02:00:00');
  });
});

describe('localToday', () => {
  it('is the local date of now', () => {
    const before = localIsoDate(Date.now());
    const today = localToday();
    expect([before, localIsoDate(Date.now())]).toContain(today);
  });
});
