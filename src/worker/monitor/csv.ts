// CSV cells for the monitor's export (RFC 4180), safe to open in a spreadsheet: the failure text
// comes from the Spine's answer, so it is untrusted. A cell that a spreadsheet would read as a
// formula (leading =, +, -, @, tab or carriage return) is prefixed with an apostrophe, which
// makes it text. Stricter than run/failures.ts csvField, which does not guard tab and CR.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}
