// Calendar-date arithmetic for the summary's time windows, on `YYYY-MM-DD` strings only.
// No Date objects and no time zones: a practice date is a calendar day, and the builder runs
// 100,000 times per upload, so every function here is a few character-code operations.
//
// "In the last N months" (domain.md: current repeats, discontinued repeats, acute medication)
// is the inclusive window [runDate minus N calendar months, runDate]:
//   - the start has the same day-of-month as runDate, N months earlier, clamped to the last
//     day of that month when it is shorter (31 Aug -> 29 Feb in a leap year, 28 Feb otherwise;
//     31 Oct -> 30 Apr);
//   - both ends are included: a date exactly N months before runDate is in, one day earlier is
//     out; runDate itself is in, any later date is out (a future-dated entry is not "in the
//     last N months");
//   - a value that is not a real `YYYY-MM-DD` date is never in a window.

/** An inclusive range of calendar dates, both `YYYY-MM-DD`. Invariant: from <= to. */
export interface DateWindow {
  readonly from: string;
  readonly to: string;
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Gregorian leap year. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; `month` is 1-12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of `count` ASCII digits starting at `start`, or -1 if any is not a digit. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** True for a real calendar date written `YYYY-MM-DD` (year 0001-9999). */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The date `months` calendar months before `isoDate`, keeping the day of the month and clamping
 * it to the end of a shorter month. Throws on a malformed date (a caller's programming error).
 */
export function monthsBefore(isoDate: string, months: number): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`Not a whole number of months: ${months}`);
  const year = digits(isoDate, 0, 4);
  const month = digits(isoDate, 5, 2);
  const day = digits(isoDate, 8, 2);
  const monthIndex = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  if (targetYear < 1) throw new RangeError(`${months} months before ${isoDate} is before year 1`);
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** The inclusive window "in the last `months` months" ending on `runDate` (see the file header). */
export function lastMonthsWindow(runDate: string, months: number): DateWindow {
  return { from: monthsBefore(runDate, months), to: runDate };
}

/**
 * True when `date` is a real `YYYY-MM-DD` date inside the window, ends included. Valid ISO
 * dates of the same length order correctly as strings, so this is two string comparisons.
 */
export function isInWindow(date: string | null, window: DateWindow): boolean {
  return date !== null && date >= window.from && date <= window.to && isIsoDate(date);
}

/**
 * A date as the national summary shows it, `12-May-2020`. A value that is not a real date is
 * returned unchanged, so that it is still shown (escaped) rather than silently lost.
 */
export function formatDisplayDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) return isoDate;
  return `${isoDate.slice(8, 10)}-${MONTH_ABBREVIATIONS[digits(isoDate, 5, 2) - 1]}-${isoDate.slice(0, 4)}`;
}

/**
 * An ISO 8601 instant (`2020-05-14T14:31:05Z`, `2020-05-14T15:31:05+01:00`) as the summary shows
 * it: its own wall-clock date and minute followed by its offset, `14-May-2020 14:31 UTC` or
 * `14-May-2020 15:31 UTC+01:00`. The instant is not converted, so no time zone data is needed.
 */
export function formatDisplayDateTime(instant: string): string {
  const zone = instant.endsWith('Z') || instant.endsWith('+00:00') ? 'UTC' : `UTC${instant.slice(-6)}`;
  return `${formatDisplayDate(instant.slice(0, 10))} ${instant.slice(11, 16)} ${zone}`;
}
