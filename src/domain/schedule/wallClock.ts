// Wall-clock arithmetic in an explicit IANA time zone (for example 'Europe/London'), on
// Temporal, so results never depend on the time zone of the process running them. Instants are
// milliseconds since the epoch; a local date is `YYYY-MM-DD`; a wall time is minutes after local
// midnight. Temporal is native in the browsers the app supports; where it is missing the entry
// points load a polyfill first (src/shared/temporalReady.ts), and the unit tests on Node do the
// same (test/unit/setup/temporal.ts).
//
// Daylight-saving rules (the same for every caller):
// - a wall time that does not exist on a day (the spring-forward gap) means the first instant
//   after the gap (01:30 on the day London skips 01:00-02:00 is 02:00 BST);
// - a wall time that happens twice (the autumn fall-back overlap) means the first of the two.

import { isIsoDate } from '../dates';

export interface LocalParts {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Minutes after local midnight, 0-1439. */
  readonly minuteOfDay: number;
  readonly second: number;
}

const NS_PER_MS = 1_000_000;

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}

function zoned(ms: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/** The local calendar date and time of day of an instant. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const z = zoned(ms, timeZone);
  return { date: z.toPlainDate().toString(), minuteOfDay: z.hour * 60 + z.minute, second: z.second };
}

/** Local time minus UTC at an instant, in milliseconds (London: 0 in winter, 3,600,000 in summer). */
export function offsetAt(ms: number, timeZone: string): number {
  return zoned(ms, timeZone).offsetNanoseconds / NS_PER_MS;
}

/** Parses `HH:MM` (or `H:MM`, `HH.MM`) on the 24-hour clock into minutes after midnight; null if malformed. */
export function parseWallTime(text: string): number | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Minutes after midnight as `HH:MM`. */
export function formatWallTime(minuteOfDay: number): string {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

/** The date `days` calendar days after `isoDate` (negative for before). */
export function addDays(isoDate: string, days: number): string {
  return Temporal.PlainDate.from(isoDate).add({ days }).toString();
}

/** Whole calendar days from `fromDate` to `toDate` (both `YYYY-MM-DD`). */
export function daysBetween(fromDate: string, toDate: string): number {
  return Temporal.PlainDate.from(fromDate).until(toDate, { largestUnit: 'days' }).days;
}

/** The day of the week of a `YYYY-MM-DD` date, 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them. */
export function dayOfWeek(isoDate: string): number {
  return Temporal.PlainDate.from(isoDate).dayOfWeek;
}

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on `isoDate`, under the
 * daylight-saving rules above. Throws on a malformed date (a caller's programming error).
 */
export function instantOfLocal(isoDate: string, minuteOfDay: number, timeZone: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a date: ${isoDate}`);
  const wall = Temporal.PlainDate.from(isoDate).toPlainDateTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
  // 'earlier' is the first of a doubled time; for a skipped one it is an instant before the gap.
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wall) === 0) return earlier.epochMilliseconds;
  // In a gap: the first instant after it is the transition that made it.
  const transition = earlier.getTimeZoneTransition('next');
  if (transition === null) throw new RangeError(`No transition after a skipped time in ${timeZone}: the time zone data is inconsistent.`);
  return transition.epochMilliseconds;
}

/**
 * The first instant strictly after `afterMs` at which the wall clock shows `minuteOfDay` (one
 * occurrence a day; a skipped time counts at the end of its gap, a doubled one at the first).
 */
export function nextOccurrence(minuteOfDay: number, afterMs: number, timeZone: string): number {
  const today = localParts(afterMs, timeZone).date;
  for (let day = 0; day < 3; day++) {
    const at = instantOfLocal(addDays(today, day), minuteOfDay, timeZone);
    if (at > afterMs) return at;
  }
  throw new RangeError('No occurrence within three days: the time zone data is inconsistent.');
}
