// Reading the Spine's PSIS error codes out of a refusal's words. The national service turns every
// Spine processing error into a 400 whose OperationOutcome text carries the Spine's code, e.g.
// "[PSIS-30134] - Duplicate event with eventId 5A1C… and nhsNumber 9990000018."; a 400 that names
// no PSIS code comes from the service itself (a missing header, a Bundle its mappers reject).

/** The Spine's code for a summary it already holds under the same event id. */
export const DUPLICATE_EVENT_CODE = 'PSIS-30134';

/** Every PSIS code named in `text`, upper case, in order of appearance. */
export function psisCodes(text: string): string[] {
  return [...text.matchAll(/\bPSIS-(\d+)\b/gi)].map((m) => `PSIS-${m[1] ?? ''}`);
}

/** The event ids a duplicate-event refusal names (as written: the Spine files them upper case). */
export function duplicateEventIds(text: string): string[] {
  return [...text.matchAll(/\beventId\s*[:=]?\s*([0-9A-Za-z][0-9A-Za-z-]*)/g)].map((m) => m[1] ?? '');
}

/**
 * True when `text` is a duplicate-event refusal (PSIS-30134) for this very message: every event
 * id it names is one of `ownIds` (the message's Composition identifier, the event id the Spine
 * files; its Bundle identifier is accepted too, being this message's alone). Ids compare
 * case-insensitively (the Spine upper-cases what it files). Naming any other id, it is not.
 */
export function isOwnDuplicate(text: string, ownIds: readonly string[]): boolean {
  const own = ownIds.filter((id) => id !== '').map((id) => id.toLowerCase());
  if (own.length === 0 || !psisCodes(text).includes(DUPLICATE_EVENT_CODE)) return false;
  const named = duplicateEventIds(text);
  if (named.length === 0) return own.some((id) => text.toLowerCase().includes(id));
  return named.every((id) => own.includes(id.toLowerCase()));
}
