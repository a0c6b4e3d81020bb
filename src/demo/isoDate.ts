// Calendar-date arithmetic on `YYYY-MM-DD` strings for the demo generator, done in UTC so
// that no time zone or daylight-saving change can shift a date.

const MS_PER_DAY = 86_400_000;

export function isoDateToDay(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function dayToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return dayToIsoDate(isoDateToDay(iso) + days);
}
