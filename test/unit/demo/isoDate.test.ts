// The demo generator's date arithmetic (src/demo/isoDate.ts) against the Date-based
// definition it replaced: the same string for every day, and the same day for every string.

import { describe, expect, it } from 'vitest';
import { addDays, dayToIsoDate, isoDateToDay } from '../../../src/demo/isoDate';

const MS_PER_DAY = 86_400_000;
const viaDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const dayViaDate = (iso: string): number => Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY);

describe('demo date arithmetic', () => {
  it('formats and parses every day from 1800 to 2200 as Date does', () => {
    const wrong: string[] = [];
    for (let day = isoDateToDay('1800-01-01'); day <= isoDateToDay('2200-12-31'); day++) {
      const iso = dayToIsoDate(day);
      if (iso !== viaDate(day) || isoDateToDay(iso) !== day) wrong.push(`${day} ${iso}`);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with Date at the edges: years 1 to 9999, before 1970, and days past the end of a month', () => {
    for (const day of [-719_162, -719_162 + 365, -1, 0, 1, 2_932_896, isoDateToDay('1600-02-29'), isoDateToDay('2000-02-29')]) expect(dayToIsoDate(day)).toBe(viaDate(day));
    for (const iso of ['0100-01-01', '0999-12-31', '1900-02-28', '1900-03-01', '2024-02-30', '2023-02-29', '2024-03-00', '9999-12-31', '0050-06-15', '2024-13-01', 'not a date']) {
      expect(isoDateToDay(iso)).toBe(dayViaDate(iso));
    }
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-08-31', -3000)).toBe(viaDate(dayViaDate('2024-08-31') - 3000));
  });

  it('throws as Date does for a day it cannot represent', () => {
    expect(() => dayToIsoDate(Number.NaN)).toThrow(RangeError);
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });
});
