// The one home for dates and times on this computer's own clock (the time zone the browser
// runs in): today's date for a run, a demo practice, a date picker's minimum or a file name, and
// clock times shown on screen. Instants are milliseconds since the epoch. The schedule, which
// works in an explicit IANA time zone across daylight-saving changes, uses schedule/wallClock.ts.

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The local calendar date of an instant, `YYYY-MM-DD` (not the UTC date, which is a day behind before 01:00 in summer in London). */
export function localIsoDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The local time of day of an instant on the 24-hour clock: `14:32:05`, or `14:32` without seconds. */
export function localClockTime(ms: number, withSeconds = true): string {
  const d = new Date(ms);
  const minute = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return withSeconds ? `${minute}:${pad2(d.getSeconds())}` : minute;
}

/** Today's local date, `YYYY-MM-DD`, by this computer's clock now. */
export function localToday(): string {
  return localIsoDate(Date.now());
}
