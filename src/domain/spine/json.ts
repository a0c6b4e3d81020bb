// Reading untrusted JSON the way the service's FHIR model reads it: a missing element reads as
// absent (HAPI's getters create an empty one), "first rep" is the first item or nothing, and an
// element counts as present only when it holds some value (HAPI's isEmpty()).

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string value, or null for anything else. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A repeating element's items (a lone value counts as one item). */
export function items(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first item of a repeating element as an object (HAPI's getXFirstRep()), or null. */
export function firstObject(value: unknown): JsonObject | null {
  const first = items(value)[0];
  return isObject(first) ? first : null;
}

/** An object-valued element, or null. */
export function child(holder: JsonObject | null, name: string): JsonObject | null {
  const value = holder?.[name];
  return isObject(value) ? value : null;
}

/** A string-valued element, or null. */
export function text(holder: JsonObject | null, name: string): string | null {
  return str(holder?.[name]);
}

/** HAPI's isEmpty(): no value anywhere inside (an empty string, object or list is empty). */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value === '';
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (isObject(value)) return Object.values(value).every(isEmptyValue);
  return false;
}

/** hasX() for a repeating element: some item with a value. */
export function hasItems(value: unknown): boolean {
  return items(value).some((item) => !isEmptyValue(item));
}

/** StringUtils.isNotBlank. */
export function isNotBlank(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}
