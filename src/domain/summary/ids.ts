// The ids inside one summary message. The caller fixes two UUIDs when the patient is queued
// (crypto.randomUUID): `bundleId` (the Bundle identifier) and `compositionId` (the Composition's
// id and identifier: the event id the Spine files the summary under). The other entry ids are
// derived from compositionId, so a message rebuilt from the stored pair is identical and nothing
// else has to be stored.
//
// Upper case, as the national service files them: it upper-cases the Bundle and Composition
// identifiers it receives, and names the upper-case event id in a PSIS-30134 duplicate. Sending
// them upper-case keeps every id, fullUrl, reference and later `relatesTo` in one spelling.
//
// Derivation: XOR the last 32 bits of compositionId's node field with a salt per entry. Version and
// variant bits are untouched, so the results are still RFC 4122 v4-shaped; the entry ids always
// differ from one another, and are as unique across messages as compositionId itself.

export interface SummaryIds {
  readonly bundleId: string;
  readonly compositionId: string;
  readonly patientId: string;
  readonly organizationId: string;
  readonly practitionerRoleId: string;
  readonly practitionerId: string;
}

const UUID_PATTERN = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/** A UUID in upper case; throws on anything else (a caller's programming error). */
export function normaliseUuid(value: string, name: string): string {
  const upper = value.toUpperCase();
  if (!UUID_PATTERN.test(upper)) throw new RangeError(`${name} is not a UUID: ${value}`);
  return upper;
}

function deriveId(uuid: string, salt: number): string {
  const low = (Number.parseInt(uuid.slice(28), 16) ^ salt) >>> 0;
  return uuid.slice(0, 28) + low.toString(16).toUpperCase().padStart(8, '0');
}

export function summaryIds(bundleId: string, compositionId: string): SummaryIds {
  const bundle = normaliseUuid(bundleId, 'bundleId');
  const composition = normaliseUuid(compositionId, 'compositionId');
  if (bundle === composition) throw new RangeError('bundleId and compositionId must differ');
  return {
    bundleId: bundle,
    compositionId: composition,
    patientId: deriveId(composition, 1),
    organizationId: deriveId(composition, 2),
    practitionerRoleId: deriveId(composition, 3),
    practitionerId: deriveId(composition, 4),
  };
}

/** The event id as the Spine files it: the Composition identifier, upper case. */
export const eventIdOf = (compositionId: string): string => normaliseUuid(compositionId, 'compositionId');
