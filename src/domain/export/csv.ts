// The one CSV writer for every export (the message monitor, Upload Errors, the import report):
// RFC 4180 fields, comma-separated, each line ended by CRLF.
//
// Exported text is untrusted (failure reasons come from the Spine's answers, file names and
// reasons from a practice's extract), and these files are opened in spreadsheets. A cell that a
// spreadsheet would read as a formula or a command (it starts with `=`, `+`, `-`, `@`, a tab or
// a carriage return) is prefixed with a single quote, as OWASP advises against CSV injection,
// so it is shown as the text it is. Quoting happens after the guard, so a quoted cell keeps its
// quote inside the quotes.

/** First characters a spreadsheet treats as the start of a formula (or, for tab and CR, strips before one). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that make RFC 4180 quoting necessary. */
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: guarded against formula injection, then quoted (doubling any `"`) if it must be. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record without its line break. */
export function csvRow(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/** One record with its CRLF line break, as every line of an export ends. */
export function csvLine(values: readonly string[]): string {
  return csvRow(values) + '\r\n';
}
