// Parses an HTTP Retry-After header (RFC 9110 §10.2.3): either a number of seconds or an
// HTTP date. Returns the wait in ms from `nowMs`, or null when the header is absent or unusable
// (the caller then relies on its retry ladder alone).

export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // Only date-like text: Date.parse accepts bare numbers such as "-5" or "1.5" as years.
  if (!/[A-Za-z]/.test(text)) return null;
  const atMs = Date.parse(text);
  if (Number.isNaN(atMs)) return null;
  return Math.max(0, atMs - nowMs);
}
