import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  formatDisplayDate,
  formatDisplayDateTime,
  isInWindow,
  isIsoDate,
  lastMonthsWindow,
  monthsBefore,
} from '../../../src/domain/dates';

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate('2024/01/01')).toBe(false);
    expect(isIsoDate('')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00')).toBe(false);
  });
  it('knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('monthsBefore', () => {
  it('keeps the day of the month', () => {
    expect(monthsBefore('2024-06-15', 6)).toBe('2023-12-15');
    expect(monthsBefore('2024-12-15', 6)).toBe('2024-06-15');
    expect(monthsBefore('2024-01-01', 12)).toBe('2023-01-01');
    expect(monthsBefore('2024-03-10', 0)).toBe('2024-03-10');
  });
  it('clamps to the end of a shorter month', () => {
    expect(monthsBefore('2024-08-31', 6)).toBe('2024-02-29');
    expect(monthsBefore('2023-08-31', 6)).toBe('2023-02-28');
    expect(monthsBefore('2024-10-31', 6)).toBe('2024-04-30');
    expect(monthsBefore('2024-08-30', 6)).toBe('2024-02-29');
    expect(monthsBefore('2024-08-29', 6)).toBe('2024-02-29');
    expect(monthsBefore('2024-08-28', 6)).toBe('2024-02-28');
  });
  it('crosses year boundaries', () => {
    expect(monthsBefore('2024-03-31', 6)).toBe('2023-09-30');
    expect(monthsBefore('2024-05-31', 6)).toBe('2023-11-30');
  });
  it('rejects malformed input', () => {
    expect(() => monthsBefore('2024-02-30', 6)).toThrow(RangeError);
    expect(() => monthsBefore('2024-06-15', -1)).toThrow(RangeError);
    expect(() => monthsBefore('2024-06-15', 1.5)).toThrow(RangeError);
  });
});

describe('the last-6-months window', () => {
  const window = lastMonthsWindow('2024-06-15', 6);
  it('is inclusive at both ends', () => {
    expect(window).toEqual({ from: '2023-12-15', to: '2024-06-15' });
    expect(isInWindow('2023-12-15', window)).toBe(true);
    expect(isInWindow('2023-12-14', window)).toBe(false);
    expect(isInWindow('2024-06-15', window)).toBe(true);
    expect(isInWindow('2024-06-16', window)).toBe(false);
  });
  it('month-end: from 31 Aug it starts on 29 Feb (leap) or 28 Feb', () => {
    const leap = lastMonthsWindow('2024-08-31', 6);
    expect(isInWindow('2024-02-29', leap)).toBe(true);
    expect(isInWindow('2024-02-28', leap)).toBe(false);
    const common = lastMonthsWindow('2023-08-31', 6);
    expect(isInWindow('2023-02-28', common)).toBe(true);
    expect(isInWindow('2023-02-27', common)).toBe(false);
  });
  it('never contains null or a malformed date', () => {
    expect(isInWindow(null, window)).toBe(false);
    expect(isInWindow('2024-02-30', window)).toBe(false);
    expect(isInWindow('2024-03', window)).toBe(false);
    expect(isInWindow('2024-03-01 ', window)).toBe(false);
  });
});

describe('display formats', () => {
  it('formats dates like the national summary', () => {
    expect(formatDisplayDate('2020-05-12')).toBe('12-May-2020');
    expect(formatDisplayDate('2024-12-01')).toBe('01-Dec-2024');
    expect(formatDisplayDate('not a date')).toBe('not a date');
  });
  it('formats instants in their own offset', () => {
    expect(formatDisplayDateTime('2020-05-14T14:31:05Z')).toBe('14-May-2020 14:31 UTC');
    expect(formatDisplayDateTime('2020-05-14T14:31:05.123+00:00')).toBe('14-May-2020 14:31 UTC');
    expect(formatDisplayDateTime('2020-05-14T15:31:05+01:00')).toBe('14-May-2020 15:31 UTC+01:00');
  });
});
