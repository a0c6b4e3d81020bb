// Wall-clock arithmetic in an explicit IANA time zone (for example 'Europe/London'), built on
// Intl.DateTimeFormat so results never depend on the time zone of the process running them.
// Instants are milliseconds since the epoch; a local date is `YYYY-MM-DD`; a wall time is
// minutes after local midnight.
//
// Daylight-saving rules (the same for every caller):
// - a wall time that does not exist on a day (the spring-forward gap) means the first instant
//   after the gap (01:30 on the day London skips 01:00-02:00 is 02:00 BST);
// - a wall time that happens twice (the autumn fall-back overlap) means the first of the two.

import { isIsoDate } from '../dates';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface LocalParts {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Minutes after local midnight, 0-1439. */
  readonly minuteOfDay: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function fields(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const out = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    const n = Number(p.value);
    if (p.type === 'year') out.y = n;
    else if (p.type === 'month') out.mo = n;
    else if (p.type === 'day') out.d = n;
    else if (p.type === 'hour') out.h = n;
    else if (p.type === 'minute') out.mi = n;
    else if (p.type === 'second') out.s = n;
  }
  return out;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar date and time of day of an instant. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const f = fields(ms, timeZone);
  return { date: `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}`, minuteOfDay: f.h * 60 + f.mi, second: f.s };
}

/** Local time minus UTC at an instant, in milliseconds (London: 0 in winter, 3,600,000 in summer). */
export function offsetAt(ms: number, timeZone: string): number {
  const f = fields(ms, timeZone);
  const asUtc = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
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

/** Minutes after midnight as `HH:MM`. */
export function formatWallTime(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** The date `days` calendar days after `isoDate` (negative for before). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Whole calendar days from `fromDate` to `toDate` (both `YYYY-MM-DD`). */
export function daysBetween(fromDate: string, toDate: string): number {
  const utc = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utc(toDate) - utc(fromDate)) / DAY_MS);
}

function matches(ms: number, isoDate: string, minuteOfDay: number, timeZone: string): boolean {
  const p = localParts(ms, timeZone);
  return p.date === isoDate && p.minuteOfDay === minuteOfDay && p.second === 0;
}

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on `isoDate`, under the
 * daylight-saving rules above. Throws on a malformed date (a caller's programming error).
 */
export function instantOfLocal(isoDate: string, minuteOfDay: number, timeZone: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a date: ${isoDate}`);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // The offsets in force a day either side cover any transition near this wall time.
  const offsets = [...new Set([offsetAt(asUtc - DAY_MS, timeZone), offsetAt(asUtc, timeZone), offsetAt(asUtc + DAY_MS, timeZone)])];
  const candidates = offsets.map((o) => asUtc - o).filter((c) => matches(c, isoDate, minuteOfDay, timeZone));
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: before the transition the clock is behind this wall time, after it ahead. Find the
  // transition, the first instant whose wall clock is past it, by bisection to the millisecond.
  const lo0 = Math.min(...offsets.map((o) => asUtc - o));
  const hi0 = Math.max(...offsets.map((o) => asUtc - o));
  let lo = lo0;
  let hi = hi0;
  const target = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE_MS;
  const wallAsUtc = (ms: number) => ms + offsetAt(ms, timeZone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAsUtc(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
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
