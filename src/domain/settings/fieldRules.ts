// One rule per kind of field, each answering null (fine) or what is wrong, in words that name the
// field. Pure; validateSettings.ts applies them to the form.

/** Hosts where plain http is allowed: the loopback Spine and other local test servers. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = <T>(message: string): Checked<T> => ({ ok: false, message });

/**
 * An endpoint address: absolute, https (http only on localhost, 127.0.0.1 or [::1]), with no
 * user name, password, query or fragment. The value is the trimmed text as typed: the token URL
 * is also the assertion's aud, which the platform compares as text.
 */
export function checkEndpointUrl(text: string, label: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '') return problem(`Enter the ${label}`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return problem(`The ${label} must be a full address starting with https://, like https://api.service.nhs.uk/...`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem(`The ${label} must start with https://`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return problem(`The ${label} must start with https:// (http:// is allowed only for localhost, 127.0.0.1 or [::1])`);
  }
  if (url.username !== '' || url.password !== '') return problem(`The ${label} must not contain a user name or password`);
  if (trimmed.includes('?')) return problem(`The ${label} must not contain a query (the part from "?")`);
  if (trimmed.includes('#')) return problem(`The ${label} must not contain a fragment (the part from "#")`);
  return ok(trimmed);
}

/** Digits only, and required: the national service refuses an upload without it (400). */
export function checkSessionUrid(text: string, label: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '') return problem(`Enter the ${label}: the national service refuses an upload without it`);
  return /^[0-9]+$/.test(trimmed) ? ok(trimmed) : problem(`The ${label} must contain only digits 0 to 9`);
}

export function checkRequiredText(text: string, label: string): Checked<string> {
  const trimmed = text.trim();
  return trimmed === '' ? problem(`Enter the ${label}`) : ok(trimmed);
}

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** A decimal number in (min, max] when `exclusiveMin`, else [min, max]. */
export function checkNumber(text: string, label: string, range: { min: number; max: number; exclusiveMin?: boolean; whole?: boolean; unit?: string }): Checked<number> {
  const trimmed = text.trim();
  const unit = range.unit === undefined ? '' : ` ${range.unit}`;
  const what = range.whole === true ? 'a whole number' : 'a number';
  const bounds = range.exclusiveMin === true ? `more than ${range.min} and at most ${range.max}${unit}` : `from ${range.min} to ${range.max}${unit}`;
  const message = `The ${label} must be ${what} ${bounds}`;
  if (trimmed === '') return problem(`Enter the ${label}: ${what} ${bounds}`);
  if (!(range.whole === true ? /^[0-9]+$/ : DECIMAL).test(trimmed)) return problem(message);
  const value = Number(trimmed);
  const aboveMin = range.exclusiveMin === true ? value > range.min : value >= range.min;
  return aboveMin && value <= range.max ? ok(value) : problem(message);
}

/** One of a fixed set of choices (radio buttons); anything else means nothing was chosen. */
export function checkChoice<T extends string>(text: string, choices: readonly T[], whenNone: string): Checked<T> {
  const found = choices.find((c) => c === text);
  return found === undefined ? problem(whenNone) : ok(found);
}
