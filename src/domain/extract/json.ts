// Typed reading of parsed JSON (`unknown`) without casts scattered through the mappers: each
// accessor returns the value only when it has the expected JSON type.

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string member; FHIR forbids empty strings, so "" reads as absent. */
export function stringAt(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function objectAt(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  return isObject(v) ? v : undefined;
}

/** The object members of an array member (other elements are ignored). */
export function objectsAt(o: JsonObject, key: string): JsonObject[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** The string members of an array member. */
export function stringsAt(o: JsonObject, key: string): string[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

/** The first extension of `o` with this url (FHIR `extension` array). */
export function extensionAt(o: JsonObject, url: string): JsonObject | undefined {
  return objectsAt(o, 'extension').find((e) => e['url'] === url);
}

/** Whether `key` is present with any value at all (to tell "absent" from "wrong type"). */
export const has = (o: JsonObject, key: string): boolean => o[key] !== undefined && o[key] !== null;

/** A value shown inside a reason, shortened so a huge value never bloats the report. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
