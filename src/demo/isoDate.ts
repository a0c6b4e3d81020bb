// Calendar-date arithmetic on `YYYY-MM-DD` strings for the demo generator, done in UTC so
// that no time zone or daylight-saving change can shift a date.
//
// Days are counted from 1970-01-01 (day 0) in the proleptic Gregorian calendar, as Date.UTC
// counts them. The generator calls these about fifteen times a patient, so the usual years
// (100 to 9999, months 1 to 12) are done in integer arithmetic (the civil-from-days and
// days-from-civil algorithms) instead of through a Date and toISOString; anything else takes the
// Date path, which gives the same answers (and the same errors) as before.

const MS_PER_DAY = 86_400_000;

/** Days from 0000-03-01 to 1970-01-01. */
const EPOCH_SHIFT = 719_468;
const DAYS_PER_ERA = 146_097;

/** '00' to '99', so formatting a month or day is a lookup. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function digitsAt(iso: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = iso.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

export function isoDateToDay(iso: string): number {
  const y = digitsAt(iso, 0, 4);
  const m = digitsAt(iso, 5, 2);
  const d = digitsAt(iso, 8, 2);
  if (iso.length === 10 && y >= 100 && m >= 1 && m <= 12 && d >= 0 && Number.isInteger(y + m + d)) {
    // days-from-civil: the year starts in March, so a leap day is the year's last day.
    const year = m <= 2 ? y - 1 : y;
    const era = Math.floor(year / 400);
    const yearOfEra = year - era * 400;
    const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
  }
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY);
}

export function dayToIsoDate(day: number): string {
  if (Number.isInteger(day)) {
    // civil-from-days.
    const z = day + EPOCH_SHIFT;
    const era = Math.floor(z / DAYS_PER_ERA);
    const dayOfEra = z - era * DAYS_PER_ERA;
    const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const mp = Math.floor((5 * dayOfYear + 2) / 153);
    const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
    if (y >= 1 && y <= 9999) return `${y < 1000 ? String(y).padStart(4, '0') : String(y)}-${TWO_DIGITS[m] ?? ''}-${TWO_DIGITS[d] ?? ''}`;
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return dayToIsoDate(isoDateToDay(iso) + days);
}
