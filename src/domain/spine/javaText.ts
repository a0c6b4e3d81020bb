// How the service's Java runtime words the failures its mapping code does not catch itself.
// A reference that is absent, a list read at index 0 while empty: the JVM throws, the mapper
// wraps the exception's message into the 400 answer (BundleMapper catches every exception).
// The texts are those of the JVM's helpful NullPointerException messages (JDK 15 and later) and
// of its index checks; the exact text depends on the JVM the service runs on.

/** `"..." + value` in Java: null prints as "null". */
export function javaString(value: string | null): string {
  return value ?? 'null';
}

/** String.split("/") in Java: trailing empty strings are dropped; "" splits into [""]. */
export function javaSplitSlash(value: string): string[] {
  const parts = value.split('/');
  if (value === '') return parts;
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const NULL_REFERENCE = 'Cannot invoke "String.split(String)" because "reference" is null';
export const NULL_ENTRY_RESOURCE = 'Cannot invoke "Object.getClass()" because "resource" is null';
export const NULL_PATIENT_ID = 'Cannot invoke "String.contains(java.lang.CharSequence)" because the return value of "org.hl7.fhir.r4.model.Patient.getId()" is null';
export const NULL_SUBJECT_REFERENCE = 'Cannot invoke "java.lang.CharSequence.toString()" because "s" is null';
export const NULL_LAST_UPDATED = 'Cannot invoke "java.util.Date.getTime()" because "date" is null';
export const NULL_SECTION_DIV = 'Cannot invoke "String.length()" because "s" is null';
export const NULL_FIRST_SECTIONS = 'Cannot invoke "org.hl7.fhir.r4.model.Property.getValues()" because "gpList" is null';

/** ArrayIndexOutOfBoundsException / IndexOutOfBoundsException. */
export function indexOutOfBounds(index: number, length: number): string {
  return `Index ${index} out of bounds for length ${length}`;
}
